package dev.torsion.websocket;

import dev.torsion.web.http2.HpackDecoder;
import dev.torsion.web.http2.HpackException;
import dev.torsion.web.http2.Http2Headers;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: the client side of an HTTP/2 connection as bytes built by hand (the preface, frames, header
 * blocks as HPACK literals without Huffman coding, independent of the encoder under test), and the frames
 * found in what a server wrote, their header blocks decoded.
 */
final class H2Frames {

    static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, WINDOW_UPDATE = 8;
    static final int END_STREAM = 0x1, END_HEADERS = 0x4, ACK = 0x1;
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static H2Frames wire() {
        return new H2Frames();
    }

    /** The preface, an empty SETTINGS (or these id, value pairs) and the acknowledgement of the server's. */
    static H2Frames start(long... settings) {
        H2Frames w = new H2Frames();
        w.out.writeBytes(PREFACE);
        return w.settings(settings).frame(SETTINGS, ACK, 0, new byte[0]);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    H2Frames frame(int type, int flags, int stream, byte[] payload) {
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.write(type);
        out.write(flags);
        out.writeBytes(ByteBuffer.allocate(4).putInt(stream).array());
        out.writeBytes(payload);
        return this;
    }

    H2Frames settings(long... idValues) {
        ByteBuffer p = ByteBuffer.allocate(idValues.length * 3);
        for (int i = 0; i < idValues.length; i += 2) {
            p.putShort((short) idValues[i]).putInt((int) idValues[i + 1]);
        }
        return frame(SETTINGS, 0, 0, p.array());
    }

    /** HEADERS (END_HEADERS set) with name, value pairs as literals. */
    H2Frames headers(int stream, boolean endStream, String... nameValues) {
        return frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, literals(nameValues));
    }

    /** The extended CONNECT of RFC 8441 for {@code path}, with {@code extra} fields after the required ones. */
    H2Frames connect(int stream, String path, String... extra) {
        List<String> fields = new ArrayList<>(List.of(":method", "CONNECT", ":protocol", "websocket", ":scheme", "http",
                ":path", path, ":authority", "localhost", "sec-websocket-version", "13"));
        fields.addAll(List.of(extra));
        return headers(stream, false, fields.toArray(new String[0]));
    }

    H2Frames data(int stream, boolean endStream, byte[] payload) {
        return frame(DATA, endStream ? END_STREAM : 0, stream, payload);
    }

    H2Frames windowUpdate(int stream, int increment) {
        return frame(WINDOW_UPDATE, 0, stream, ByteBuffer.allocate(4).putInt(increment).array());
    }

    H2Frames rst(int stream, int code) {
        return frame(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(code).array());
    }

    H2Frames ping(long data) {
        return frame(PING, 0, 0, ByteBuffer.allocate(8).putLong(data).array());
    }

    static byte[] literals(String... nameValues) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < nameValues.length; i += 2) {
            b.write(0);   // literal without indexing, new name
            string(b, nameValues[i]);
            string(b, nameValues[i + 1]);
        }
        return b.toByteArray();
    }

    private static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        int n = bytes.length;
        if (n < 127) {
            b.write(n);
        } else {
            b.write(127);
            n -= 127;
            while (n >= 128) {
                b.write(n % 128 + 128);
                n /= 128;
            }
            b.write(n);
        }
        b.writeBytes(bytes);
    }

    /** One frame read back. */
    record Frame(int type, int flags, int stream, byte[] payload, Http2Headers headers) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        int errorCode() {
            return ByteBuffer.wrap(payload).getInt(type == GOAWAY ? 4 : 0);
        }
    }

    /** Reads the frames a server wrote, across calls (a frame may be cut between them). */
    static final class Reader {
        private final HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
        private byte[] pending = new byte[0];

        List<Frame> read(byte[] bytes) {
            byte[] all = new byte[pending.length + bytes.length];
            System.arraycopy(pending, 0, all, 0, pending.length);
            System.arraycopy(bytes, 0, all, pending.length, bytes.length);
            ByteBuffer in = ByteBuffer.wrap(all);
            List<Frame> frames = new ArrayList<>();
            while (in.remaining() >= 9) {
                int length = (in.get(in.position()) & 0xff) << 16 | (in.get(in.position() + 1) & 0xff) << 8
                        | in.get(in.position() + 2) & 0xff;
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
                if (type == HEADERS) {
                    if ((flags & END_HEADERS) == 0) {
                        throw new AssertionError("the tests expect header blocks in one frame");
                    }
                    headers = new Http2Headers();
                    try {
                        decoder.decode(payload, 0, payload.length, headers);
                    } catch (HpackException e) {
                        throw new AssertionError("the server sent an undecodable block", e);
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
