package dev.torsion.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.torsion.http.HttpError;
import dev.torsion.http.HttpHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Fuzz target: {@link HttpRequestParser} on arbitrary bytes. Properties: the only failure is an
 * {@link HttpError} with a 4xx/5xx status and a message; the bytes parsed whole and the same bytes cut into
 * random pieces (down to one byte) give the same requests and the same error; once a request is refused the
 * parser stays failed and reports nothing from the bytes after it; a body never exceeds its limit, and a
 * request with a Content-Length delivers exactly that many bytes.
 *
 * <p>Two configurations alternate: the defaults and small limits, so that every limit is within reach.
 * In {@code mvn verify} it runs over its seed corpus ({@code HttpRequestParserFuzzTestInputs/}); a campaign
 * runs it under Jazzer (see {@code docs/testing.md}).
 */
class HttpRequestParserFuzzTest {

    private static final HttpConfig DEFAULTS = HttpConfig.defaults();
    private static final HttpConfig SMALL = HttpConfig.defaults()
            .withMaxRequestLineLength(64)
            .withMaxHeaderSize(256)
            .withMaxHeaderCount(8)
            .withMaxBodySize(100)
            .withMaxChunkHeaderLength(16);

    @FuzzTest(maxDuration = "")
    void wholeAndPiecesAgree(FuzzedDataProvider data) {
        HttpConfig config = data.consumeBoolean() ? SMALL : DEFAULTS;
        long splitSeed = data.consumeInt();
        byte[] wire = data.consumeRemainingAsBytes();

        Transcript whole = new Transcript(config);
        whole.feed(wire, 0, wire.length);
        whole.checkAfterError();

        Transcript pieces = new Transcript(config);
        Random random = new Random(splitSeed);
        int maxPiece = 1 + random.nextInt(16);
        for (int i = 0; i < wire.length; ) {
            int n = Math.min(wire.length - i, 1 + random.nextInt(maxPiece));
            pieces.feed(wire, i, n);
            i += n;
        }
        pieces.checkAfterError();
        assertThat(pieces.toString()).as("cut into pieces of at most %d bytes", maxPiece).isEqualTo(whole.toString());
    }

    /** Feeds a parser and writes down its events; checks the listener contract on the way. */
    private static final class Transcript implements HttpRequestParser.Listener {

        private final HttpConfig config;
        private final HttpRequestParser parser;
        private final StringBuilder out = new StringBuilder();
        private RequestHead head;
        private long bodyBytes;
        private final StringBuilder body = new StringBuilder();
        private HttpError error;

        Transcript(HttpConfig config) {
            this.config = config;
            this.parser = new HttpRequestParser(config);
        }

        void feed(byte[] wire, int from, int n) {
            if (error != null) {
                return;
            }
            ByteBuffer in = ByteBuffer.wrap(wire, from, n);
            try {
                while (in.hasRemaining()) {
                    parser.parse(in, this);
                }
            } catch (HttpError e) {
                assertThat(e.status()).as("status of %s", e.getMessage()).isBetween(400, 599);
                assertThat(e.getMessage()).isNotBlank();
                error = e;
                out.append("ERROR ").append(e.status()).append(' ').append(e.getMessage()).append('\n');
            }
        }

        /** After an error, more bytes give the same refusal again and no event. */
        void checkAfterError() {
            if (error == null) {
                return;
            }
            int before = out.length();
            ByteBuffer more = ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            try {
                parser.parse(more, this);
                throw new AssertionError("a failed parser parsed more bytes");
            } catch (HttpError again) {
                assertThat(again.status()).isBetween(400, 599);
            }
            assertThat(out.length()).as("events after a refusal").isEqualTo(before);
        }

        @Override
        public void headReceived(RequestHead h) {
            assertThat(head).as("head while a request is open").isNull();
            head = h;
            bodyBytes = 0;
            body.setLength(0);
            out.append(h.method()).append(' ').append(h.target()).append(' ').append(h.version())
                    .append(" length=").append(h.contentLength()).append(" chunked=").append(h.isChunked())
                    .append(" keepAlive=").append(h.isKeepAlive()).append(" expect100=").append(h.expectsContinue())
                    .append('\n');
            h.headers().forEach((name, value) -> out.append("  ").append(name).append(": ").append(value).append('\n'));
        }

        @Override
        public void bodyReceived(ByteBuffer piece) {
            assertThat(head).as("body without a head").isNotNull();
            assertThat(piece.hasRemaining()).as("empty body piece").isTrue();
            bodyBytes += piece.remaining();
            assertThat(bodyBytes).as("body over its limit").isLessThanOrEqualTo(config.maxBodySize());
            while (piece.hasRemaining()) {
                int b = piece.get() & 0xff;
                body.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }

        @Override
        public void requestReceived(HttpHeaders trailers) {
            assertThat(head).as("end without a head").isNotNull();
            if (!head.isChunked()) {
                assertThat(bodyBytes).as("bytes delivered for Content-Length").isEqualTo(Math.max(0, head.contentLength()));
            }
            out.append("  body ").append(body).append('\n');
            body.setLength(0);
            trailers.forEach((name, value) -> out.append("  trailer ").append(name).append(": ").append(value).append('\n'));
            head = null;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
