package dev.torsion.web.http2;

import java.nio.ByteBuffer;

/**
 * Puts frames (RFC 9113 section 6) into a buffer: the nine-byte header and each type's fixed fields. The
 * caller sizes the buffer ({@link #size}) and owns the payloads; this end never pads.
 *
 * <p><b>Threading.</b> Stateless.
 */
final class FrameWriter {

    private FrameWriter() {
    }

    /** The bytes a frame with a payload of {@code payload} bytes takes. */
    static int size(int payload) {
        return FrameType.HEADER_LENGTH + payload;
    }

    static void header(ByteBuffer out, int length, int type, int flags, int streamId) {
        out.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length)
                .put((byte) type).put((byte) flags).putInt(streamId & 0x7fffffff);
    }

    /** SETTINGS with the parameters set in {@code settings} (6 bytes each). */
    static void settings(ByteBuffer out, Http2Settings settings) {
        header(out, 6 * settings.count(), FrameType.SETTINGS, 0, 0);
        for (int id = 1; id < 10; id++) {
            if (settings.isSet(id)) {
                out.putShort((short) id).putInt((int) settings.get(id));
            }
        }
    }

    static void settingsAck(ByteBuffer out) {
        header(out, 0, FrameType.SETTINGS, FrameType.FLAG_ACK, 0);
    }

    static void ping(ByteBuffer out, boolean ack, long data) {
        header(out, 8, FrameType.PING, ack ? FrameType.FLAG_ACK : 0, 0);
        out.putLong(data);
    }

    /** GOAWAY with {@code debug} (ISO-8859-1) as its debug data. */
    static void goAway(ByteBuffer out, int lastStreamId, ErrorCode code, byte[] debug) {
        header(out, 8 + debug.length, FrameType.GOAWAY, 0, 0);
        out.putInt(lastStreamId).putInt(code.code()).put(debug);
    }

    static void rstStream(ByteBuffer out, int streamId, ErrorCode code) {
        header(out, 4, FrameType.RST_STREAM, 0, streamId);
        out.putInt(code.code());
    }

    static void windowUpdate(ByteBuffer out, int streamId, int increment) {
        header(out, 4, FrameType.WINDOW_UPDATE, 0, streamId);
        out.putInt(increment);
    }

    /** The bytes a field block of {@code blockLength} takes as HEADERS plus CONTINUATION frames. */
    static int headersSize(int blockLength, int maxFrameSize) {
        int frames = Math.max(1, (blockLength + maxFrameSize - 1) / maxFrameSize);
        return frames * FrameType.HEADER_LENGTH + blockLength;
    }

    /**
     * A field block as one HEADERS frame (or PUSH_PROMISE's cousin, never sent here) followed by as many
     * CONTINUATION frames as {@code maxFrameSize} needs; END_HEADERS on the last.
     */
    static void headers(ByteBuffer out, int streamId, byte[] block, int offset, int length, boolean endStream,
                        int maxFrameSize) {
        int first = Math.min(length, maxFrameSize);
        int flags = (endStream ? FrameType.FLAG_END_STREAM : 0) | (first == length ? FrameType.FLAG_END_HEADERS : 0);
        header(out, first, FrameType.HEADERS, flags, streamId);
        out.put(block, offset, first);
        int done = first;
        while (done < length) {
            int n = Math.min(length - done, maxFrameSize);
            header(out, n, FrameType.CONTINUATION, done + n == length ? FrameType.FLAG_END_HEADERS : 0, streamId);
            out.put(block, offset + done, n);
            done += n;
        }
    }

    /** A DATA frame whose payload is {@code length} bytes that the caller puts (or writes) right after. */
    static void dataHeader(ByteBuffer out, int streamId, int length, boolean endStream) {
        header(out, length, FrameType.DATA, endStream ? FrameType.FLAG_END_STREAM : 0, streamId);
    }
}
