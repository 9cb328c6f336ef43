package dev.torsion.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9110 sections 2.5 and 6.2, RFC 9112 section 2.3: a request of a higher minor version of HTTP/1 is
 * served as HTTP/1.1 (the highest version of that major the server speaks); another major version gets 505;
 * a version that is not {@code HTTP/DIGIT.DIGIT} is malformed (400).
 */
class Rfc9110Section6_2VersionsTest {

    private static final HttpConfig CONFIG = HttpConfig.defaults();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/1.2", "HTTP/1.5", "HTTP/1.9"})
    void aHigherMinorVersionIsParsedAsHttp11(String version) {
        String t = ParserTranscript.sameForEverySplit(CONFIG, "GET / " + version + "\r\nHost: a\r\n\r\n");
        assertThat(t).startsWith("GET / HTTP/1.1\n").contains("keepAlive=true").endsWith("END\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/1.2", "HTTP/1.7"})
    void aHigherMinorVersionIsAnsweredWithHttp11(String version) {
        SiteHarness h = new SiteHarness(new TextResource("ok"));
        HttpResponse r = h.exchange("GET / " + version + "\r\nHost: a\r\n\r\n");
        assertThat(r.statusLine).isEqualTo("HTTP/1.1 200 OK");
        assertThat(r.text()).isEqualTo("ok");
        assertThat(h.isOpen()).as("kept alive as HTTP/1.1").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/1.2", "HTTP/1.3"})
    void aHigherMinorVersionFollowsHttp11Rules(String version) {
        assertThat(ParserTranscript.sameForEverySplit(CONFIG, "GET / " + version + "\r\n\r\n"))
                .as("Host is required as in HTTP/1.1").isEqualTo("ERROR 400\n");
        assertThat(ParserTranscript.sameForEverySplit(CONFIG, "POST / " + version
                + "\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n")).contains("body=x\nEND");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/0.9", "HTTP/2.0", "HTTP/3.0", "HTTP/9.9", "HTTP/0.0"})
    void anotherMajorVersionGets505(String version) {
        assertThat(ParserTranscript.sameForEverySplit(CONFIG, "GET / " + version + "\r\nHost: a\r\n\r\n"))
                .isEqualTo("ERROR 505\n");
        SiteHarness h = new SiteHarness(new TextResource("ok"));
        assertThat(h.exchange("GET / " + version + "\r\nHost: a\r\n\r\n").status).isEqualTo(505);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/1.10", "HTTP/11", "HTTP/1", "HTTP/1.", "http/1.1", "HTTP/a.1", "HTTP/1.1 ", "HTTPS/1.1"})
    void aMalformedVersionGets400(String version) {
        assertThat(ParserTranscript.sameForEverySplit(CONFIG, "GET / " + version + "\r\nHost: a\r\n\r\n"))
                .isEqualTo("ERROR 400\n");
    }
}
