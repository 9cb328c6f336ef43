package dev.torsion.web;

import dev.torsion.http.HttpError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal of the parser, with its status, reached whole and byte by byte: limits (414, 431, 413),
 * unsupported codings and versions (501, 505), expectations (417) and malformed input (400).
 */
class ParserLimitsAndErrorsTest {

    private static final HttpConfig SMALL = HttpConfig.defaults()
            .withMaxRequestLineLength(64).withMaxHeaderSize(256).withMaxHeaderCount(5).withMaxBodySize(100)
            .withMaxChunkHeaderLength(32);

    static Stream<Arguments> refusals() {
        String host = "Host: a\r\n";
        return Stream.of(
                Arguments.of(414, "GET /" + "a".repeat(80) + " HTTP/1.1\r\n" + host + "\r\n"),
                Arguments.of(414, "GET /" + "a".repeat(200)),
                Arguments.of(431, "GET / HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(300) + "\r\n\r\n"),
                Arguments.of(431, "GET / HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(300)),
                Arguments.of(431, "GET / HTTP/1.1\r\n" + host + "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n"),
                Arguments.of(413, "POST / HTTP/1.1\r\n" + host + "Content-Length: 101\r\n\r\n"),
                Arguments.of(413, "POST / HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999999\r\n\r\n"),
                Arguments.of(413, "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n64\r\n" + "x".repeat(100)
                        + "\r\n1\r\nx\r\n0\r\n\r\n"),
                Arguments.of(501, "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n"),
                Arguments.of(501, "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n"),
                Arguments.of(400, "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, gzip\r\n\r\n"),
                Arguments.of(400, "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Arguments.of(400, "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"),
                Arguments.of(400, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Arguments.of(400, "POST / HTTP/1.1\r\n" + host + "Content-Length: 3x\r\n\r\n"),
                Arguments.of(400, "POST / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n"),
                Arguments.of(400, "POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nContent-Length: 4\r\n\r\n"),
                Arguments.of(400, "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n"),
                Arguments.of(400, "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n"),
                Arguments.of(400, "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3;" + "e".repeat(40) + "\r\n"),
                Arguments.of(400, "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n12345678901234567\r\n"),
                Arguments.of(400, "GET / HTTP/1.1\r\n" + host + "X-Folded: a\r\n b\r\n\r\n"),
                Arguments.of(400, "GET / HTTP/1.1\r\n" + host + "X-Space : a\r\n\r\n"),
                Arguments.of(400, "GET / HTTP/1.1\r\n" + host + "NoColon\r\n\r\n"),
                Arguments.of(400, "GET / HTTP/1.1\r\n" + host + "X-Ctl: a\u0001b\r\n\r\n"),
                Arguments.of(400, "GET / HTTP/1.1\r\n" + host + "X-Cr: a\rb\r\n\r\n"),
                Arguments.of(400, "GET / HTTP/1.1\r\n\r\n"),
                Arguments.of(400, "GET / HTTP/1.1\r\n" + host + host + "\r\n"),
                Arguments.of(400, "GET /  HTTP/1.1\r\n" + host + "\r\n"),
                Arguments.of(400, "GET/ HTTP/1.1\r\n" + host + "\r\n"),
                Arguments.of(400, "G(T / HTTP/1.1\r\n" + host + "\r\n"),
                Arguments.of(400, "GET / HTTP/1.1x\r\n" + host + "\r\n"),
                Arguments.of(400, "GET / http/1.1\r\n" + host + "\r\n"),
                Arguments.of(400, "GET /\u00e9 HTTP/1.1\r\n" + host + "\r\n"),
                Arguments.of(400, "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n"),
                Arguments.of(505, "GET / HTTP/2.0\r\n" + host + "\r\n"),
                Arguments.of(505, "GET / HTTP/3.0\r\n" + host + "\r\n"),
                Arguments.of(417, "POST / HTTP/1.1\r\n" + host + "Expect: something-else\r\nContent-Length: 1\r\n\r\nx"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusedWithItsStatusHoweverTheBytesAreSplit(int status, String wire) {
        String whole = ParserTranscript.whole(SMALL, wire);
        assertThat(whole).endsWith("ERROR " + status + "\n").doesNotContain("END");
        assertThat(ParserTranscript.byteByByte(SMALL, wire)).isEqualTo(whole);
        assertThat(ParserTranscript.randomSplits(SMALL, wire, 3)).isEqualTo(whole);
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void aFailedParserStaysFailed(int status, String wire) throws HttpError {
        HttpRequestParser parser = new HttpRequestParser(SMALL);
        ParserTranscript listener = new ParserTranscript(SMALL);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(ParserTranscript.bytes(wire));
        int refusedWith = 0;
        try {
            while (in.hasRemaining()) {
                parser.parse(in, listener);
            }
        } catch (HttpError e) {
            refusedWith = e.status();
        }
        assertThat(refusedWith).isEqualTo(status);
        java.nio.ByteBuffer more = java.nio.ByteBuffer.wrap(ParserTranscript.bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(more, listener))
                .isInstanceOf(HttpError.class);
    }
}
