package dev.torsion.websocket.frame;

import dev.torsion.websocket.ConnectionOutput;
import dev.torsion.websocket.Role;
import dev.torsion.websocket.text.Utf8;

import java.nio.ByteBuffer;

/**
 * Encodes frames (RFC 6455 section 5.2) for one end of a connection: unmasked for a server, masked with a
 * fresh key per frame for a client.
 *
 * <p><b>Copies.</b> A frame is encoded once, straight into the output: {@link #write} claims room for header
 * and payload from {@link ConnectionOutput#claim} (a transport's staging buffer), puts the header, copies the
 * payload in (text is encoded from the {@code String} there), masks it in place for a client, and commits. The
 * caller's payload buffer is only read (its position is not changed) and is free again when the call returns,
 * so it may be a view that is valid only for the moment (a received message being echoed).
 *
 * <p><b>Threading.</b> Not thread-safe: one writer per connection, used on its event loop.
 */
public final class FrameWriter {

    /** The server's writer: it never masks, so one stateless instance serves every server connection. */
    public static final FrameWriter SERVER = new FrameWriter(Role.SERVER, null);

    private final boolean mask;
    private final MaskGenerator masks;

    /** A writer for frames sent by a {@code role} end; a client draws masking keys from {@code masks}. */
    public FrameWriter(Role role, MaskGenerator masks) {
        this.mask = role == Role.CLIENT;
        this.masks = masks;
    }

    /**
     * Writes one frame carrying the payload's remaining bytes to {@code out}, copying them into the output; the
     * payload buffer is not changed.
     */
    public void write(ConnectionOutput out, int opcode, boolean fin, int rsv, ByteBuffer payload) {
        int length = payload.remaining();
        ByteBuffer target = out.claim(headerSize(length, mask) + length);
        int key = mask ? masks.nextKey() : 0;
        putHeader(target, opcode, fin, rsv, length, mask, key);
        int at = target.position();
        target.put(at, payload, payload.position(), length);
        target.position(at + length);
        if (mask) {
            Masking.mask(target, at, length, key, 0);
        }
        out.commit(target);
    }

    /**
     * Writes one text frame carrying {@code text} encoded as UTF-8 straight into the output ({@code utf8Length}
     * is {@link Utf8#encodedLength}{@code (text)}, which the caller has already counted).
     */
    public void writeText(ConnectionOutput out, boolean fin, String text, int utf8Length) {
        ByteBuffer target = out.claim(headerSize(utf8Length, mask) + utf8Length);
        int key = mask ? masks.nextKey() : 0;
        putHeader(target, Opcode.TEXT, fin, 0, utf8Length, mask, key);
        int at = target.position();
        Utf8.encode(text, target, at);
        target.position(at + utf8Length);
        if (mask) {
            Masking.mask(target, at, utf8Length, key, 0);
        }
        out.commit(target);
    }

    /** Copies an already encoded frame (a prepared broadcast frame) into the output; {@code frame} is not changed. */
    public static void writeEncoded(ConnectionOutput out, ByteBuffer frame) {
        int length = frame.remaining();
        ByteBuffer target = out.claim(length);
        int at = target.position();
        target.put(at, frame, frame.position(), length);
        target.position(at + length);
        out.commit(target);
    }

    /**
     * Encodes one frame carrying the payload's remaining bytes into a new buffer (consuming the payload):
     * header and payload together, masked for a client.
     */
    public ByteBuffer frame(int opcode, boolean fin, int rsv, ByteBuffer payload) {
        int length = payload.remaining();
        int key = mask ? masks.nextKey() : 0;
        byte[] frame = new byte[headerSize(length, mask) + length];
        int start = putHeader(frame, opcode, fin, rsv, length, mask, key);
        payload.get(frame, start, length);
        if (mask) {
            Masking.mask(frame, start, length, key, 0);
        }
        return ByteBuffer.wrap(frame);
    }

    /** The size of a header for a payload of {@code length} bytes. */
    public static int headerSize(long length, boolean masked) {
        int size = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
        return masked ? size + 4 : size;
    }

    /** Writes a frame header at the start of {@code target} and returns its size (where the payload goes). */
    public static int putHeader(byte[] target, int opcode, boolean fin, int rsv, long length, boolean masked, int key) {
        ByteBuffer b = ByteBuffer.wrap(target);
        putHeader(b, opcode, fin, rsv, length, masked, key);
        return b.position();
    }

    /** Puts a frame header at {@code target}'s position (relative puts, big-endian whatever its byte order). */
    public static void putHeader(ByteBuffer target, int opcode, boolean fin, int rsv, long length, boolean masked, int key) {
        target.put((byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode));
        int maskBit = masked ? 0x80 : 0;
        if (length <= 125) {
            target.put((byte) (maskBit | length));
        } else if (length <= 0xFFFF) {
            target.put((byte) (maskBit | 126));
            target.put((byte) (length >>> 8));
            target.put((byte) length);
        } else {
            target.put((byte) (maskBit | 127));
            for (int b = 0; b < 8; b++) {
                target.put((byte) (length >>> (56 - 8 * b)));
            }
        }
        if (masked) {
            target.put((byte) (key >>> 24));
            target.put((byte) (key >>> 16));
            target.put((byte) (key >>> 8));
            target.put((byte) key);
        }
    }
}
