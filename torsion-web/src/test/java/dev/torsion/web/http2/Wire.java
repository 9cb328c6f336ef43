package dev.torsion.web.http2;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames as bytes, built by hand for tests (independent of the frame writer under test), and the frames
 * found in a byte string, with their header blocks decoded by a test-side HPACK decoder.
 */
final class Wire {

    static final byte[] PREFACE = Http2Connection.PREFACE;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Wire wire() {
        return new Wire();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Wire preface() {
        out.writeBytes(PREFACE);
        return this;
    }

    Wire raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    Wire frame(int type, int flags, int streamId, byte[] payload) {
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.write(type);
        out.write(flags);
        out.write(streamId >>> 24 & 0x7f);
        out.write(streamId >>> 16);
        out.write(streamId >>> 8);
        out.write(streamId);
        out.writeBytes(payload);
        return this;
    }

    /** SETTINGS with id, value pairs. */
    Wire settings(long... idValues) {
        ByteBuffer p = ByteBuffer.allocate(idValues.length * 3);
        for (int i = 0; i < idValues.length; i += 2) {
            p.putShort((short) idValues[i]).putInt((int) idValues[i + 1]);
        }
        return frame(FrameType.SETTINGS, 0, 0, p.array());
    }

    Wire settingsAck() {
        return frame(FrameType.SETTINGS, FrameType.FLAG_ACK, 0, new byte[0]);
    }

    Wire ping(long data) {
        return frame(FrameType.PING, 0, 0, ByteBuffer.allocate(8).putLong(data).array());
    }

    Wire windowUpdate(int streamId, int increment) {
        return frame(FrameType.WINDOW_UPDATE, 0, streamId, ByteBuffer.allocate(4).putInt(increment).array());
    }

    Wire rst(int streamId, ErrorCode code) {
        return frame(FrameType.RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt(code.code()).array());
    }

    Wire goAway(int lastStreamId, ErrorCode code) {
        return frame(FrameType.GOAWAY, 0, 0, ByteBuffer.allocate(8).putInt(lastStreamId).putInt(code.code()).array());
    }

    Wire data(int streamId, boolean endStream, byte[] data) {
        return frame(FrameType.DATA, endStream ? FrameType.FLAG_END_STREAM : 0, streamId, data);
    }

    /** HEADERS with a block (END_HEADERS set unless {@code endHeaders} is false). */
    Wire headers(int streamId, boolean endStream, boolean endHeaders, byte[] block) {
        int flags = (endStream ? FrameType.FLAG_END_STREAM : 0) | (endHeaders ? FrameType.FLAG_END_HEADERS : 0);
        return frame(FrameType.HEADERS, flags, streamId, block);
    }

    Wire continuation(int streamId, boolean endHeaders, byte[] block) {
        return frame(FrameType.CONTINUATION, endHeaders ? FrameType.FLAG_END_HEADERS : 0, streamId, block);
    }

    /** A GET request head for {@code path}, HPACK-encoded without the dynamic table (literals, no Huffman). */
    static byte[] get(String path, String... extra) {
        return block(":method", "GET", ":scheme", "http", ":path", path, ":authority", "localhost", extra);
    }

    static byte[] block(String n1, String v1, String n2, String v2, String n3, String v3, String n4, String v4,
                        String... extra) {
        List<String> all = new ArrayList<>(List.of(n1, v1, n2, v2, n3, v3, n4, v4));
        all.addAll(List.of(extra));
        return literals(all.toArray(new String[0]));
    }

    /** Name, value pairs as literals without indexing and without Huffman (RFC 7541 section 6.2.2). */
    static byte[] literals(String... nameValues) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < nameValues.length; i += 2) {
            b.write(0);
            string(b, nameValues[i]);
            string(b, nameValues[i + 1]);
        }
        return b.toByteArray();
    }

    private static void string(ByteArrayOutputStream b, String s) {
        ByteOutput len = new ByteOutput(4);
        HpackEncoder.integer(0, 7, s.length(), len);
        b.write(len.array(), 0, len.size());
        b.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** One frame read back. */
    record Frame(int type, int flags, int streamId, byte[] payload, Http2Headers headers) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        int errorCode() {
            return ByteBuffer.wrap(payload).getInt(type == FrameType.GOAWAY ? 4 : 0);
        }

        String debugText() {
            return new String(payload, 8, payload.length - 8, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return FrameType.name(type) + "(" + streamId + ", flags=0x" + Integer.toHexString(flags) + ", "
                    + payload.length + " bytes" + (headers != null ? ", " + headers.toString().replace('\n', ';') : "")
                    + (type == FrameType.GOAWAY || type == FrameType.RST_STREAM ? ", " + ErrorCode.of(errorCode()) : "")
                    + ")";
        }
    }

    /** Reads frames from what a server wrote; decodes HEADERS (+ CONTINUATION) with {@code decoder}. */
    static final class Reader {
        private final HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
        private byte[] pending = new byte[0];

        List<Frame> read(byte[] bytes) {
            byte[] all = new byte[pending.length + bytes.length];
            System.arraycopy(pending, 0, all, 0, pending.length);
            System.arraycopy(bytes, 0, all, pending.length, bytes.length);
            ByteBuffer in = ByteBuffer.wrap(all);
            List<Frame> frames = new ArrayList<>();
            ByteArrayOutputStream block = null;
            while (in.remaining() >= 9) {
                int length = (in.get(in.position()) & 0xff) << 16 | (in.get(in.position() + 1) & 0xff) << 8
                        | (in.get(in.position() + 2) & 0xff);
                if (in.remaining() < 9 + length) {
                    break;
                }
                in.position(in.position() + 3);
                int type = in.get() & 0xff;
                int flags = in.get() & 0xff;
                int stream = in.getInt() & 0x7fffffff;
                byte[] payload = new byte[length];
                in.get(payload);
                Http2Headers headers = null;
                if (type == FrameType.HEADERS || type == FrameType.CONTINUATION) {
                    if (block == null) {
                        block = new ByteArrayOutputStream();
                    }
                    block.writeBytes(payload);
                    if ((flags & FrameType.FLAG_END_HEADERS) != 0) {
                        headers = new Http2Headers();
                        byte[] b = block.toByteArray();
                        try {
                            decoder.decode(b, 0, b.length, headers);
                        } catch (HpackException e) {
                            throw new AssertionError("the server sent an undecodable block", e);
                        }
                        block = null;
                    }
                }
                frames.add(new Frame(type, flags, stream, payload, headers));
            }
            pending = new byte[in.remaining()];
            in.get(pending);
            return frames;
        }
    }
}
