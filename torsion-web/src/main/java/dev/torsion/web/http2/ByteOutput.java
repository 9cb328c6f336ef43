package dev.torsion.web.http2;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array that the HPACK encoder and the frame writer append to: one per connection, reused
 * for every header block ({@link #reset}).
 *
 * <p><b>Threading.</b> Not thread-safe: the connection's event loop only.
 */
final class ByteOutput {

    private byte[] bytes;
    private int size;

    ByteOutput(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    /** Appends the low eight bits of {@code b}. */
    void write(int b) {
        if (size == bytes.length) {
            grow(1);
        }
        bytes[size++] = (byte) b;
    }

    /** Appends the remaining bytes of {@code src}. */
    void write(ByteBuffer src) {
        int n = src.remaining();
        if (size + n > bytes.length) {
            grow(n);
        }
        src.get(bytes, size, n);
        size += n;
    }

    /** Appends the characters of {@code s} as ISO-8859-1 bytes. */
    void writeLatin1(CharSequence s) {
        int n = s.length();
        if (size + n > bytes.length) {
            grow(n);
        }
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    /** The number of bytes written since the last reset. */
    int size() {
        return size;
    }

    /** The bytes written, as a view of this output's array (valid until the next write or reset). */
    byte[] array() {
        return bytes;
    }

    /** A copy of the bytes from {@code from} to the end, in a new heap buffer ready to read. */
    ByteBuffer copy(int from) {
        return ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, size));
    }

    /** Forgets what was written; the capacity is kept. */
    void reset() {
        size = 0;
    }

    private void grow(int more) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
}
