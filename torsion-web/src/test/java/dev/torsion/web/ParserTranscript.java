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

    /**
     * The transcript of {@code wire} fed whole, after checking that it is the same fed byte by byte, cut in
     * two at every point, and cut at random points.
     */
    static String sameForEverySplit(HttpConfig config, String wire) {
        String whole = whole(config, wire);
        org.assertj.core.api.Assertions.assertThat(byteByByte(config, wire)).as("byte by byte: %s", wire)
                .isEqualTo(whole);
        byte[] b = bytes(wire);
        for (int at = 1; at < b.length; at++) {
            ParserTranscript t = new ParserTranscript(config);
            t.feed(java.util.Arrays.copyOfRange(b, 0, at));
            t.feed(java.util.Arrays.copyOfRange(b, at, b.length));
            org.assertj.core.api.Assertions.assertThat(t.toString()).as("cut at %d: %s", at, wire).isEqualTo(whole);
        }
        for (long seed = 0; seed < 10; seed++) {
            org.assertj.core.api.Assertions.assertThat(randomSplits(config, wire, seed))
                    .as("random cuts (seed %d): %s", seed, wire).isEqualTo(whole);
        }
        return whole;
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
