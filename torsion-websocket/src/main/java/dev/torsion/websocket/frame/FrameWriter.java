package dev.torsion.websocket.frame;

import dev.torsion.websocket.ConnectionOutput;
import dev.torsion.websocket.Role;

import java.nio.ByteBuffer;

/**
 * Encodes frames (RFC 6455 section 5.2) for one end of a connection: unmasked for a server, masked with a
 * fresh key per frame for a client.
 *
 * <p><b>Allocation.</b> A frame costs one array and nothing else: header and payload are laid out in one
 * buffer (the client masks in that buffer, never in the caller's). A server frame whose payload is larger
 * than {@link #GATHER_THRESHOLD} is written as a small header buffer plus the caller's payload buffer
 * itself (a gathering write, no copy).
 *
 * <p><b>Threading.</b> Not thread-safe: one writer per connection, used on its event loop.
 */
public final class FrameWriter {

    /** Server payloads above this many bytes are not copied: the payload buffer is written as it is. */
    public static final int GATHER_THRESHOLD = 4096;

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
     * Writes one frame carrying the payload's remaining bytes to {@code out}. The writer owns the payload
     * from now on (it may hand it to {@code out} as it is); the caller must not change it.
     */
    public void write(ConnectionOutput out, int opcode, boolean fin, int rsv, ByteBuffer payload) {
        int length = payload.remaining();
        if (!mask && length > GATHER_THRESHOLD) {
            byte[] header = new byte[headerSize(length, false)];
            putHeader(header, opcode, fin, rsv, length, false, 0);
            out.write(ByteBuffer.wrap(header), payload);
        } else {
            out.write(frame(opcode, fin, rsv, payload));
        }
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
        target[0] = (byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = masked ? 0x80 : 0;
        int i;
        if (length <= 125) {
            target[1] = (byte) (maskBit | length);
            i = 2;
        } else if (length <= 0xFFFF) {
            target[1] = (byte) (maskBit | 126);
            target[2] = (byte) (length >>> 8);
            target[3] = (byte) length;
            i = 4;
        } else {
            target[1] = (byte) (maskBit | 127);
            for (int b = 0; b < 8; b++) {
                target[2 + b] = (byte) (length >>> (56 - 8 * b));
            }
            i = 10;
        }
        if (masked) {
            target[i] = (byte) (key >>> 24);
            target[i + 1] = (byte) (key >>> 16);
            target[i + 2] = (byte) (key >>> 8);
            target[i + 3] = (byte) key;
            i += 4;
        }
        return i;
    }
}
