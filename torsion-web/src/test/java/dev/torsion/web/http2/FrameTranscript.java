package dev.torsion.web.http2;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;

/**
 * Feeds bytes to a {@link FrameReader} in chosen pieces and writes down every frame it reported (or the error
 * it threw), so that tests can check that the result does not depend on how the bytes were cut.
 */
final class FrameTranscript implements FrameListener {

    private final FrameReader reader = new FrameReader(Http2Settings.MIN_MAX_FRAME_SIZE);
    private final StringBuilder out = new StringBuilder();
    private boolean failed;

    static String whole(byte[] wire) {
        FrameTranscript t = new FrameTranscript();
        t.feed(wire, 0, wire.length);
        return t.toString();
    }

    static String byteByByte(byte[] wire) {
        FrameTranscript t = new FrameTranscript();
        for (int i = 0; i < wire.length; i++) {
            t.feed(wire, i, 1);
        }
        return t.toString();
    }

    static String splitAt(byte[] wire, int at) {
        FrameTranscript t = new FrameTranscript();
        t.feed(wire, 0, at);
        t.feed(wire, at, wire.length - at);
        return t.toString();
    }

    static String randomSplits(byte[] wire, long seed) {
        FrameTranscript t = new FrameTranscript();
        Random random = new Random(seed);
        int i = 0;
        while (i < wire.length) {
            int n = Math.min(wire.length - i, 1 + random.nextInt(30));
            t.feed(wire, i, n);
            i += n;
        }
        return t.toString();
    }

    private void feed(byte[] wire, int offset, int length) {
        if (failed) {
            return;
        }
        // a direct buffer with room around the bytes, as the event loop's read buffer is
        ByteBuffer in = ByteBuffer.allocateDirect(length + 16);
        in.position(8);
        in.put(wire, offset, length).flip().position(8);
        while (in.hasRemaining() && !failed) {
            try {
                reader.read(in, this);
            } catch (Http2Exception e) {
                out.append(e.isConnectionError() ? "connection error " : "stream error " + e.streamId() + " ")
                        .append(e.code()).append(": ").append(e.getMessage()).append('\n');
                failed = e.isConnectionError();
            }
        }
    }

    private static String hex(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void data(int streamId, ByteBuffer data, boolean endStream, int flowLength) {
        out.append("DATA ").append(streamId).append(endStream ? " END_STREAM " : " ").append(hex(data))
                .append(" flow ").append(flowLength).append('\n');
    }

    @Override
    public void headers(int streamId, ByteBuffer fragment, boolean endStream, boolean endHeaders, int dependency) {
        out.append("HEADERS ").append(streamId).append(endStream ? " END_STREAM" : "").append(endHeaders ? " END_HEADERS" : "")
                .append(" dep ").append(dependency).append(' ').append(hex(fragment)).append('\n');
    }

    @Override
    public void priority(int streamId, int dependency) {
        out.append("PRIORITY ").append(streamId).append(" dep ").append(dependency).append('\n');
    }

    @Override
    public void rstStream(int streamId, long errorCode) {
        out.append("RST_STREAM ").append(streamId).append(' ').append(errorCode).append('\n');
    }

    @Override
    public void settings(boolean ack, Http2Settings settings) {
        out.append("SETTINGS ").append(ack ? "ACK" : settings.toString()).append('\n');
    }

    @Override
    public void pushPromise(int streamId, int promisedStreamId, ByteBuffer fragment, boolean endHeaders) {
        out.append("PUSH_PROMISE ").append(streamId).append(" promised ").append(promisedStreamId).append(' ')
                .append(hex(fragment)).append('\n');
    }

    @Override
    public void ping(boolean ack, long opaqueData) {
        out.append("PING ").append(ack ? "ACK " : "").append(Long.toHexString(opaqueData)).append('\n');
    }

    @Override
    public void goAway(int lastStreamId, long errorCode, ByteBuffer debugData) {
        out.append("GOAWAY last ").append(lastStreamId).append(' ').append(errorCode).append(' ').append(hex(debugData)).append('\n');
    }

    @Override
    public void windowUpdate(int streamId, int increment) {
        out.append("WINDOW_UPDATE ").append(streamId).append(" +").append(increment).append('\n');
    }

    @Override
    public void continuation(int streamId, ByteBuffer fragment, boolean endHeaders) {
        out.append("CONTINUATION ").append(streamId).append(endHeaders ? " END_HEADERS " : " ").append(hex(fragment)).append('\n');
    }

    @Override
    public void unknown(int type, int streamId) {
        out.append("unknown type ").append(type).append(" on ").append(streamId).append('\n');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
