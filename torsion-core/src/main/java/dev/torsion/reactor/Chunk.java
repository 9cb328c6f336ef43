package dev.torsion.reactor;

import java.nio.ByteBuffer;

/**
 * A direct buffer of queued output that belongs to the loop, not to the caller: a buffer of the loop's
 * {@link BufferPool} (handed back when drained), or a range of the loop's staging buffer (a view over it,
 * reused once the staged bytes are sent). Its bytes are those between position and limit.
 *
 * <p><b>Threading.</b> The loop's thread only. <b>Lifecycle.</b> A pooled chunk goes from the pool to one
 * connection's queue and back; a staging range lives from a write until the staged bytes are sent or moved.
 */
final class Chunk {

    final ByteBuffer buffer;
    /** The pool it returns to, or null for a range of the staging buffer. */
    final BufferPool pool;
    /** While a claim on this chunk is open: where its unsent bytes start. */
    int readPosition;

    Chunk(ByteBuffer buffer, BufferPool pool) {
        this.buffer = buffer;
        this.pool = pool;
    }

    /** Free bytes after its data. */
    int room() {
        return buffer.capacity() - buffer.limit();
    }

    /** Appends a copy of {@code length} bytes of {@code src} from {@code index} after its data. */
    void append(ByteBuffer src, int index, int length) {
        int at = buffer.limit();
        buffer.limit(at + length);
        buffer.put(at, src, index, length);
    }

    /** Gives a pooled chunk back to its pool; a staging range is simply forgotten. */
    void release() {
        if (pool != null) {
            pool.give(this);
        }
    }
}
