package dev.torsion.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9112 section 3.2 and RFC 9110 section 7.2: a server answers 400 to an HTTP/1.1 request without Host,
 * to any request with more than one Host line, and to any request whose Host is not
 * {@code uri-host [ ":" port ]} (RFC 3986 section 3.2.2); every valid form, IP literals in brackets
 * included, is served. Each shape is fed whole, byte by byte, cut at every point and at random points.
 */
class Rfc9112Section3_2HostTest {

    private static final HttpConfig CONFIG = HttpConfig.defaults();

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {
        "example.com", "example.com:8080", "EXAMPLE.com:", "127.0.0.1", "127.0.0.1:80", "localhost",
        "a-b_c~d.e", "xn--bcher-kva.example", "ex%41mple.com", "!$&'()*+,;=", "",
        "[::1]", "[::1]:8080", "[::1]:", "[::]", "[2001:db8::1]", "[2001:DB8:0:0:8:800:200C:417A]", "[fe80::]",
        "[1:2:3:4:5:6:7:8]", "[1::8]", "[::ffff:192.0.2.128]", "[1:2:3:4:5:6:192.0.2.1]", "[::1:2:3:4:5:6:7]",
        "[v1.fe80::a+en1]", "[V7.x:y]",
    })
    void aValidHostIsServed(String host) {
        String t = ParserTranscript.sameForEverySplit(CONFIG, "GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        assertThat(t).as(host).contains("END").doesNotContain("ERROR");
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {
        "exa mple.com", "example.com:80:80", "example.com:8o", "example.com:-1", "a/b", "a\\b", "a@b",
        "user@example.com", "ex%4", "ex%zzample", "ex\"ample", "<example>", "a{b}", "exa\tmple.com",
        "[::1", "::1", "[::1]x", "[::1]]", "[]", "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4:5:6:7]", "[1::2::3]",
        "[12345::]", "[:1:2:3:4:5:6:7]", "[1:2:3:4:5:6:7:]", "[::1.2.3]", "[::256.1.1.1]", "[::01.2.3.4]",
        "[1.2.3.4::]", "[fe80::1%25eth0]", "[g::1]", "[v1]", "[v.x]", "[vz.x]", "[v1.]", "[example.com]",
        "\u00e9xample.com",
    })
    void anInvalidHostGets400(String host) {
        String t = ParserTranscript.sameForEverySplit(CONFIG, "GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        assertThat(t).as(host).isEqualTo("ERROR 400\n");
    }

    @Test
    void aMissingHostInHttp11Gets400() {
        assertThat(ParserTranscript.sameForEverySplit(CONFIG, "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"))
                .isEqualTo("ERROR 400\n");
    }

    @Test
    void http10MayOmitHostButNotRepeatOrBreakIt() {
        assertThat(ParserTranscript.sameForEverySplit(CONFIG, "GET / HTTP/1.0\r\n\r\n")).contains("END");
        assertThat(ParserTranscript.sameForEverySplit(CONFIG, "GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n"))
                .isEqualTo("ERROR 400\n");
        assertThat(ParserTranscript.sameForEverySplit(CONFIG, "GET / HTTP/1.0\r\nHost: exa mple\r\n\r\n"))
                .isEqualTo("ERROR 400\n");
    }

    @Test
    void aRepeatedHostGets400EvenWithTheSameValue() {
        assertThat(ParserTranscript.sameForEverySplit(CONFIG, "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n"))
                .isEqualTo("ERROR 400\n");
        assertThat(ParserTranscript.sameForEverySplit(CONFIG, "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\nHOST: b\r\n\r\n"))
                .isEqualTo("ERROR 400\n");
    }

    @Test
    void theListAsOneValueIsNotAHost() {
        assertThat(ParserTranscript.sameForEverySplit(CONFIG, "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n"))
                .as("a comma is a sub-delimiter, but the space is not").isEqualTo("ERROR 400\n");
    }

    @Test
    void surroundingWhitespaceIsNotPartOfTheValue() {
        assertThat(ParserTranscript.sameForEverySplit(CONFIG, "GET / HTTP/1.1\r\nHost: \t a.example \t\r\n\r\n"))
                .contains("host: a.example\n").contains("END");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "http://exa mple.com/", "http://user@example.com/", "http://user:pw@example.com/", "http://:80/",
        "http://example.com:x/", "http://[::1/", "https://[fe80::1%25eth0]/",
    })
    void anAbsoluteFormTargetWithABadAuthorityGets400OnASite(String target) {
        SiteHarness h = new SiteHarness(new TextResource("ok"));
        assertThat(h.exchange("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n").status).as(target).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://example.com/", "http://example.com:8080/", "http://[::1]:8080/?q", "https://a"})
    void anAbsoluteFormTargetWithAGoodAuthorityIsServed(String target) {
        SiteHarness h = new SiteHarness(new TextResource("ok"));
        assertThat(h.exchange("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n").status).as(target).isEqualTo(200);
    }

    @Test
    void aBadHostOnASiteGets400AndTheConnectionCloses() {
        SiteHarness h = new SiteHarness(new TextResource("ok"));
        HttpResponse r = h.exchange("GET / HTTP/1.1\r\nHost: exa mple.com\r\n\r\n");
        assertThat(r.status).isEqualTo(400);
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(h.isOpen()).isFalse();
    }
}
