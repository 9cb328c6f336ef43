package dev.torsion.web;

import dev.torsion.http.HttpError;
import dev.torsion.http.HttpHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9112 sections 2 to 7 (message format, request line, fields, body length, chunked coding): every request
 * shape the parser accepts gives the same events whether it arrives whole, byte by byte, or cut at random.
 */
class Rfc9112RequestParsingTest {

    private static final HttpConfig CONFIG = HttpConfig.defaults();

    static List<String> shapes() {
        return List.of(
                "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /x?y=1 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nX-Twice: 1\r\nx-twice: 2\r\n\r\n",
                "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world",
                "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nChecksum: abc\r\nX-More: 1\r\n\r\n",
                "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
                "GET /a HTTP/1.0\r\n\r\n",
                "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                "GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
                "PUT /p HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
                "GET http://example.com:8080/abs/path?q HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
                "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
                "\r\n\r\nGET /after-empty-lines HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /bare-lf HTTP/1.1\nHost: a\n\n",
                "GET /ows HTTP/1.1\r\nHost:a\r\nX-Spaces: \t padded \t\r\nX-Empty:\r\n\r\n",
                "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhiGET /3 HTTP/1.1\r\nHost: a\r\n\r\n"
                        + "POST /4 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void resultDoesNotDependOnHowBytesAreSplit(String wire) {
        String whole = ParserTranscript.whole(CONFIG, wire);
        assertThat(whole).contains("END").doesNotContain("ERROR");
        assertThat(ParserTranscript.byteByByte(CONFIG, wire)).isEqualTo(whole);
        for (long seed = 0; seed < 20; seed++) {
            assertThat(ParserTranscript.randomSplits(CONFIG, wire, seed)).isEqualTo(whole);
        }
    }

    @Test
    void simpleGet() {
        assertThat(ParserTranscript.whole(CONFIG, "GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n")).isEqualTo(
                "GET /index.html HTTP/1.1\n  host: example.com\n"
                        + "  [length=0 chunked=false keepAlive=true expect100=false]\n  body=\nEND\n");
    }

    @Test
    void repeatedHeadersAreKeptInOrderAndNamesCompareCaseInsensitively() {
        HttpHeaders[] seen = new HttpHeaders[1];
        HttpRequestParser parser = new HttpRequestParser(CONFIG);
        try {
            parser.parse(java.nio.ByteBuffer.wrap(ParserTranscript.bytes(
                    "GET / HTTP/1.1\r\nhOsT: a\r\nAccept: x\r\nACCEPT: y\r\n\r\n")), new HttpRequestParser.Listener() {
                        @Override
                        public void headReceived(RequestHead head) {
                            seen[0] = head.headers();
                        }

                        @Override
                        public void bodyReceived(java.nio.ByteBuffer data) {
                        }

                        @Override
                        public void requestReceived(HttpHeaders trailers) {
                        }
                    });
        } catch (HttpError e) {
            throw new AssertionError(e);
        }
        assertThat(seen[0].get("host")).isEqualTo("a");
        assertThat(seen[0].getAll("accept")).containsExactly("x", "y");
    }

    @Test
    void contentLengthBody() {
        assertThat(ParserTranscript.whole(CONFIG, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nabcde"))
                .contains("[length=5 chunked=false").contains("body=abcde\nEND");
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() {
        String t = ParserTranscript.whole(CONFIG, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer-One: x\r\n\r\n");
        assertThat(t).contains("[length=-1 chunked=true").contains("body=abcde\n").contains("trailer trailer-one: x\nEND");
    }

    @Test
    void http10IsCloseByDefaultAndKeepAliveOnRequest() {
        assertThat(ParserTranscript.whole(CONFIG, "GET / HTTP/1.0\r\n\r\n")).contains("keepAlive=false");
        assertThat(ParserTranscript.whole(CONFIG, "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")).contains("keepAlive=true");
        assertThat(ParserTranscript.whole(CONFIG, "GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n"))
                .contains("keepAlive=false");
    }

    @Test
    void expectContinueIsReported() {
        assertThat(ParserTranscript.whole(CONFIG,
                "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\nx")).contains("expect100=true");
    }

    @Test
    void hundredPipelinedRequestsInOneWrite() {
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            if (i % 2 == 0) {
                wire.append("GET /r").append(i).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
            } else {
                wire.append("POST /r").append(i).append(" HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nb").append(i % 10).append("od");
            }
        }
        String t = ParserTranscript.whole(CONFIG, wire.toString());
        assertThat(t.split("END\n", -1)).hasSize(101);
        assertThat(t).contains("GET /r0 ").contains("POST /r99 ").contains("body=b9od\nEND");
        assertThat(ParserTranscript.randomSplits(CONFIG, wire.toString(), 7)).isEqualTo(t);
    }

    @Test
    void parserStopsAfterEachRequestLeavingTheRestInTheBuffer() throws HttpError {
        HttpRequestParser parser = new HttpRequestParser(CONFIG);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(ParserTranscript.bytes(
                "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nNEXT-PROTOCOL-BYTES"));
        ParserTranscript t = new ParserTranscript(CONFIG);
        assertThat(parser.parse(in, t)).isTrue();
        assertThat(new String(in.array(), in.position(), in.remaining(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("NEXT-PROTOCOL-BYTES");
        assertThat(parser.isIdle()).isTrue();
    }
}
