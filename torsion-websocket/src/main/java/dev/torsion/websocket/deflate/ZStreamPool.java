package dev.torsion.websocket.deflate;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A small bounded pool of zlib streams ({@link java.util.zip.Deflater} or {@link java.util.zip.Inflater}),
 * shared by every connection of one configuration whose side of the agreement uses no context takeover:
 * such a stream is only needed while one message is compressed or decompressed, so idle connections hold
 * none.
 *
 * <p>{@link #borrow()} hands out an idle stream or makes one; {@link #giveBack(Object)} resets it and keeps
 * it if fewer than {@code capacity} are idle, otherwise ends it (frees its native memory). {@link #close()}
 * ends every idle stream; streams given back after that are ended at once.
 *
 * <p><b>Threading.</b> Thread-safe and lock-free: event loops borrow and give back concurrently.
 */
final class ZStreamPool<T> {

    private final Supplier<T> factory;
    private final Consumer<T> reset;
    private final Consumer<T> end;
    private final int capacity;
    private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();
    private volatile boolean closed;

    ZStreamPool(Supplier<T> factory, Consumer<T> reset, Consumer<T> end, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.factory = factory;
        this.reset = reset;
        this.end = end;
        this.capacity = capacity;
    }

    /** An idle stream, reset, or a new one. */
    T borrow() {
        T stream = idle.pollFirst();
        if (stream != null) {
            idleCount.decrementAndGet();
            return stream;
        }
        created.incrementAndGet();
        return factory.get();
    }

    /** Returns a borrowed stream: reset and kept for reuse, or ended when the pool is full or closed. */
    void giveBack(T stream) {
        if (!closed && idleCount.incrementAndGet() <= capacity) {
            reset.accept(stream);
            idle.offerFirst(stream);
            if (closed && idle.remove(stream)) {
                idleCount.decrementAndGet();
                endOne(stream);
            }
            return;
        }
        if (!closed) {
            idleCount.decrementAndGet();
        }
        endOne(stream);
    }

    /** Ends every idle stream; later give-backs end theirs at once. Idempotent. */
    void close() {
        closed = true;
        T stream;
        while ((stream = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            endOne(stream);
        }
    }

    private void endOne(T stream) {
        end.accept(stream);
        ended.incrementAndGet();
    }

    /** Streams made so far. */
    long created() {
        return created.get();
    }

    /** Streams ended so far. */
    long ended() {
        return ended.get();
    }

    /** Streams idle in the pool now. */
    int idle() {
        return Math.max(0, idleCount.get());
    }
}
