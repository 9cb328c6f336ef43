package dev.torsion.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9112 section 7.1: the chunked coding's framing is {@code chunk-size [ chunk-ext ] CRLF chunk-data CRLF},
 * ending with {@code last-chunk trailer-section CRLF}. A bare LF anywhere in that framing (the chunk-size
 * line, after the chunk data, a trailer line, the final empty line) is refused with 400: a proxy in front that
 * reads it differently would see the message end elsewhere (request smuggling). Bare LF in the head is a
 * setting ({@link HttpConfig#bareLfInHead()}, on by default, RFC 9112 section 2.2); it never reaches the body.
 */
class Rfc9112Section7_1ChunkedFramingTest {

    private static final HttpConfig LENIENT_HEAD = HttpConfig.defaults();
    private static final HttpConfig STRICT_HEAD = HttpConfig.defaults().withBareLfInHead(false);
    private static final String HEAD = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "5\nhello\n0\n\n",
        "5\nhello\r\n0\r\n\r\n",
        "5\r\nhello\n0\r\n\r\n",
        "5\r\nhello\r\n0\n\r\n",
        "5\r\nhello\r\n0\r\n\n",
        "5\r\nhello\r\n0\r\nX-Trailer: 1\n\r\n",
        "5;ext=1\nhello\r\n0\r\n\r\n",
        "5\r\nhello\r\r\n0\r\n\r\n",
        "5\r\nhello\r0\r\n\r\n",
        "5\r\nhelloXY0\r\n\r\n",
        "5\r\nhello0\r\n\r\n",
    })
    void aChunkFramingLineWithoutCrlfGets400(String body) {
        for (HttpConfig config : new HttpConfig[] {LENIENT_HEAD, STRICT_HEAD}) {
            String t = ParserTranscript.sameForEverySplit(config, HEAD + body);
            assertThat(t).as(body).endsWith("ERROR 400\n").doesNotContain("END");
        }
    }

    @Test
    void theCrlfFramedBodyIsParsed() {
        String t = ParserTranscript.sameForEverySplit(LENIENT_HEAD,
                HEAD + "5\r\nhello\r\n6;name=\"v\"\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n");
        assertThat(t).contains("body=hello world\n").contains("trailer x-trailer: 1\nEND\n");
    }

    @Test
    void theSmugglingShapeFromTheIssueIsRefusedNotSplitIntoTwoRequests() {
        String wire = HEAD + "5\nhello\n0\n\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
        String t = ParserTranscript.sameForEverySplit(LENIENT_HEAD, wire);
        assertThat(t).endsWith("ERROR 400\n").doesNotContain("smuggled");
        SiteHarness h = new SiteHarness(new TextResource("ok"));
        HttpResponse r = h.exchange(wire);
        assertThat(r.status).isEqualTo(400);
        assertThat(h.isOpen()).isFalse();
    }

    @Test
    void aBareLfInTheHeadIsAcceptedByDefault() {
        String t = ParserTranscript.sameForEverySplit(LENIENT_HEAD,
                "POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n2\r\nok\r\n0\r\n\r\n");
        assertThat(t).contains("body=ok\nEND");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "GET / HTTP/1.1\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n\n",
        "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
    })
    void aBareLfInTheHeadIsRefusedWhenTheSettingIsOff(String wire) {
        assertThat(ParserTranscript.sameForEverySplit(STRICT_HEAD, wire)).isEqualTo("ERROR 400\n");
        assertThat(ParserTranscript.sameForEverySplit(LENIENT_HEAD, wire)).endsWith("END\n");
    }

    @Test
    void theStrictHeadStillAcceptsCrlf() {
        assertThat(ParserTranscript.sameForEverySplit(STRICT_HEAD, "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"))
                .endsWith("END\n");
    }
}
