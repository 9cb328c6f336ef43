package dev.torsion.websocket.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Applies a WebSocket masking key (RFC 6455 section 5.3) eight bytes at a time, with one long XOR per eight
 * payload bytes. Masking and unmasking are the same operation.
 *
 * <p>A key is an {@code int} whose most significant byte is the key's first byte on the wire. The
 * {@code phase} is the index, in the frame's payload, of the first byte being (un)masked: a payload that
 * arrives in pieces is unmasked piece by piece with phase = bytes already seen.
 *
 * <p><b>Threading.</b> Stateless.
 */
public final class Masking {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Masking() {
    }

    /** XORs {@code bytes[offset, offset + length)} in place with {@code key}, starting at key byte {@code phase & 3}. */
    public static void mask(byte[] bytes, int offset, int length, int key, long phase) {
        int rotated = Integer.rotateLeft(key, 8 * (int) (phase & 3));
        long wide = ((long) rotated << 32) | (rotated & 0xFFFFFFFFL);
        int i = offset;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            LONGS.set(bytes, i, (long) LONGS.get(bytes, i) ^ wide);
        }
        for (int shift = 24; i < end; i++, shift -= 8) {
            bytes[i] ^= (byte) (rotated >>> shift);
        }
    }

    /**
     * XORs the bytes at absolute indexes {@code [index, index + length)} of {@code buffer} in place with
     * {@code key}, starting at key byte {@code phase & 3}: unmasking a frame's payload where it lies (the read
     * buffer) or masking one where it was encoded (the transport's output). The buffer's position, limit and
     * byte order are not changed; it must not be read-only.
     */
    public static void mask(ByteBuffer buffer, int index, int length, int key, long phase) {
        if (buffer.hasArray()) {
            mask(buffer.array(), buffer.arrayOffset() + index, length, key, phase);
            return;
        }
        int rotated = Integer.rotateLeft(key, 8 * (int) (phase & 3));
        long wide = ((long) rotated << 32) | (rotated & 0xFFFFFFFFL);
        if (buffer.order() == ByteOrder.LITTLE_ENDIAN) {
            wide = Long.reverseBytes(wide);
        }
        int i = index;
        int end = index + length;
        for (; i + 8 <= end; i += 8) {
            buffer.putLong(i, buffer.getLong(i) ^ wide);
        }
        for (int shift = 24; i < end; i++, shift -= 8) {
            buffer.put(i, (byte) (buffer.get(i) ^ (rotated >>> shift)));
        }
    }

    /**
     * Copies {@code length} bytes of {@code source} starting at absolute index {@code sourceIndex} into
     * {@code target} at {@code targetOffset}, unmasking them with {@code key} from {@code phase} when
     * {@code masked}. The source's position is not changed.
     */
    public static void copy(ByteBuffer source, int sourceIndex, byte[] target, int targetOffset, int length,
                            boolean masked, int key, long phase) {
        source.get(sourceIndex, target, targetOffset, length);
        if (masked) {
            mask(target, targetOffset, length, key, phase);
        }
    }
}
