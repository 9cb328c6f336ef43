package dev.torsion.websocket.topic;

import dev.torsion.reactor.Scheduler;
import dev.torsion.websocket.PreparedMessage;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The work a {@link TopicRegistry} has for one event loop: deliveries to the loop's subscriber groups and
 * membership changes, in one FIFO queue. Whatever is offered while the loop has not yet drained the queue
 * rides on the same hop, so delivery costs one {@link Scheduler#execute} per loop per batch of messages,
 * however many subscribers and topics the loop serves.
 *
 * <p>Work offered on the loop's own thread while nothing is queued runs at once (no hop). Otherwise it is
 * queued behind what is there, so one thread's publishes and (un)subscribes keep their order for every
 * subscriber.
 *
 * <p><b>Memory.</b> Queued deliveries hold their message's frame size against {@code maxPendingBytes}; a
 * delivery that would go over it is refused and counted ({@link #overflows()}): the loop is too busy to
 * keep up with the publishers at all, and an unbounded queue would only defer the failure.
 *
 * <p><b>Threading.</b> Thread-safe: offered from any thread, drained on the loop. <b>Lifecycle.</b> One per
 * registry and loop, kept as long as the registry.
 */
final class LoopOutbox {

    /** Deliveries run per hop before the loop gets a turn for its I/O; the rest goes on the next hop. */
    static final int BATCH = 512;

    final Scheduler loop;
    private final long maxPendingBytes;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong hops = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();
    private final Runnable drain = this::drain;

    LoopOutbox(Scheduler loop, long maxPendingBytes) {
        this.loop = loop;
        this.maxPendingBytes = maxPendingBytes;
    }

    /** Runs a membership change on the loop, after the work already queued. */
    void run(Runnable work) {
        if (loop.inEventLoop() && queue.isEmpty()) {
            work.run();
            return;
        }
        queue.add(work);
        schedule();
    }

    /**
     * Delivers {@code message} (id {@code id}, or null) to {@code group}'s subscribers on the loop; false if
     * refused (loop overloaded).
     */
    boolean deliver(LoopGroup group, String id, PreparedMessage message) {
        if (loop.inEventLoop() && queue.isEmpty()) {
            group.deliver(id, message);
            return true;
        }
        long size = message.frameSize();
        long pending = pendingBytes.addAndGet(size);
        if (pending > maxPendingBytes && pending != size) {
            pendingBytes.addAndGet(-size);
            overflows.incrementAndGet();
            return false;
        }
        queue.add(new Delivery(group, id, message, size));
        schedule();
        return true;
    }

    /** How many times work hopped onto the loop. */
    long hops() {
        return hops.get();
    }

    /** Deliveries refused because {@code maxPendingBytes} were already waiting for the loop. */
    long overflows() {
        return overflows.get();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            hops.incrementAndGet();
            loop.execute(drain);
        }
    }

    private void drain() {
        Runnable work;
        for (int n = 0; n < BATCH && (work = queue.poll()) != null; n++) {
            work.run();
        }
        if (!queue.isEmpty()) {
            hops.incrementAndGet();
            loop.execute(drain);
            return;
        }
        scheduled.set(false);
        if (!queue.isEmpty()) {
            schedule();
        }
    }

    /** A queued delivery; gives back its bytes to the pending budget when it runs. */
    private final class Delivery implements Runnable {
        private final LoopGroup group;
        private final String id;
        private final PreparedMessage message;
        private final long size;

        Delivery(LoopGroup group, String id, PreparedMessage message, long size) {
            this.group = group;
            this.id = id;
            this.message = message;
            this.size = size;
        }

        @Override
        public void run() {
            pendingBytes.addAndGet(-size);
            group.deliver(id, message);
        }
    }
}
