package dev.torsion.cli.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Compares bytes of a buffer (heap or direct, read at absolute indexes) with bytes of an array, eight at a
 * time, without allocating: the lean client's byte-for-byte check of echoes straight from the read buffer.
 *
 * <p><b>Threading / lifecycle.</b> Stateless.
 */
final class ByteCompare {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private ByteCompare() {
    }

    /**
     * True when {@code buffer[index, index + length)} equals {@code expected[offset, offset + length)}; false
     * also when the expected range runs past the array's end. The buffer's position and order are unchanged
     * (its order must be big-endian, the default).
     */
    static boolean equal(ByteBuffer buffer, int index, byte[] expected, int offset, int length) {
        if (offset < 0 || length > expected.length - offset) {
            return false;
        }
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if (buffer.getLong(index + i) != (long) LONGS.get(expected, offset + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (buffer.get(index + i) != expected[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
