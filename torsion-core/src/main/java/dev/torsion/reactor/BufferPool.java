package dev.torsion.reactor;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One event loop's pool of direct buffers for output the socket did not take at once: sizes are powers of
 * two from {@link #MIN_SIZE} to {@link #MAX_SIZE}, and at most {@link #MAX_CACHED} bytes are kept for reuse
 * (what comes back beyond that is left to the garbage collector). A connection borrows buffers only while
 * its socket is full and gives them back as they drain, so idle connections hold none.
 *
 * <p><b>Threading.</b> Not thread-safe: owned by one loop. <b>Lifecycle.</b> Lives as long as its loop.
 */
final class BufferPool {

    static final int MIN_SIZE = 16 * 1024;
    static final int MAX_SIZE = 4 * 1024 * 1024;
    static final long MAX_CACHED = 8L * 1024 * 1024;
    private static final int MIN_SHIFT = Integer.numberOfTrailingZeros(MIN_SIZE);
    private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_SIZE) - MIN_SHIFT + 1;

    @SuppressWarnings("unchecked")
    private final ArrayDeque<Chunk>[] free = new ArrayDeque[CLASSES];
    private long cached;

    /** A cleared chunk of at least {@code size} bytes (at most {@link #MAX_SIZE}), position 0, limit 0. */
    Chunk take(int size) {
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("BufferPool.take: " + size + " bytes is over " + MAX_SIZE);
        }
        int c = sizeClass(size);
        ArrayDeque<Chunk> list = free[c];
        Chunk chunk = list == null ? null : list.pollLast();
        if (chunk == null) {
            chunk = new Chunk(ByteBuffer.allocateDirect(MIN_SIZE << c), this);
        } else {
            cached -= chunk.buffer.capacity();
        }
        chunk.buffer.clear().limit(0);
        return chunk;
    }

    void give(Chunk chunk) {
        int capacity = chunk.buffer.capacity();
        if (cached + capacity > MAX_CACHED) {
            return;
        }
        int c = sizeClass(capacity);
        if (free[c] == null) {
            free[c] = new ArrayDeque<>();
        }
        free[c].addLast(chunk);
        cached += capacity;
    }

    /** Bytes kept for reuse. */
    long cached() {
        return cached;
    }

    private static int sizeClass(int size) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(size, MIN_SIZE) - 1);
        return bits - MIN_SHIFT;
    }
}
