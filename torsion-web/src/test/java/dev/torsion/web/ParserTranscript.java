package dev.torsion.web;

import dev.torsion.http.HttpError;
import dev.torsion.http.HttpHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Feeds bytes to an {@link HttpRequestParser} in chosen pieces and writes down what it reported, as one
 * string, so that tests can check that the result does not depend on how the bytes were split.
 */
final class ParserTranscript implements HttpRequestParser.Listener {

    private final HttpRequestParser parser;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder body = new StringBuilder();
    private boolean failed;

    ParserTranscript(HttpConfig config) {
        this.parser = new HttpRequestParser(config);
    }

    /** The transcript of {@code wire} fed in one piece. */
    static String whole(HttpConfig config, String wire) {
        ParserTranscript t = new ParserTranscript(config);
        t.feed(bytes(wire));
        return t.toString();
    }

    /** The transcript of {@code wire} fed one byte at a time. */
    static String byteByByte(HttpConfig config, String wire) {
        ParserTranscript t = new ParserTranscript(config);
        byte[] b = bytes(wire);
        for (int i = 0; i < b.length; i++) {
            t.feed(new byte[] {b[i]});
        }
        return t.toString();
    }

    /** The transcript of {@code wire} cut at random points. */
    static String randomSplits(HttpConfig config, String wire, long seed) {
        ParserTranscript t = new ParserTranscript(config);
        byte[] b = bytes(wire);
        Random random = new Random(seed);
        int i = 0;
        while (i < b.length) {
            int n = 1 + random.nextInt(Math.max(1, Math.min(b.length - i, 1 + random.nextInt(40))));
            byte[] piece = new byte[n];
            System.arraycopy(b, i, piece, 0, n);
            t.feed(piece);
            i += n;
        }
        return t.toString();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    void feed(byte[] piece) {
        ByteBuffer in = ByteBuffer.wrap(piece);
        while (in.hasRemaining() && !failed) {
            try {
                parser.parse(in, this);
            } catch (HttpError e) {
                failed = true;
                out.append("ERROR ").append(e.status()).append('\n');
            }
        }
    }

    @Override
    public void headReceived(RequestHead head) {
        out.append(head.method()).append(' ').append(head.target()).append(' ').append(head.version()).append('\n');
        head.headers().forEach((n, v) -> out.append("  ").append(n.toLowerCase()).append(": ").append(v).append('\n'));
        out.append("  [length=").append(head.contentLength()).append(" chunked=").append(head.isChunked())
                .append(" keepAlive=").append(head.isKeepAlive()).append(" expect100=").append(head.expectsContinue())
                .append("]\n");
    }

    @Override
    public void bodyReceived(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        body.append(new String(b, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void requestReceived(HttpHeaders trailers) {
        out.append("  body=").append(body).append('\n');
        trailers.forEach((n, v) -> out.append("  trailer ").append(n.toLowerCase()).append(": ").append(v).append('\n'));
        out.append("END\n");
        body.setLength(0);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
