package dev.torsion.websocket.topic;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry's calls to its {@link TopicBackplane}, made outside the registry's membership lock but in the
 * order the registry decided them under it. Under the lock the registry {@link #enqueue}s "subscribe topic" or
 * "unsubscribe topic"; once it has let go of the lock the same thread {@link #drain}s the queue (unless another
 * thread is already draining it, which then runs these calls too). So a subscription and an unsubscription of
 * one topic decided in that order reach the backplane in that order, and a slow backplane call never holds up
 * the threads that wait for the lock.
 *
 * <p>A publish goes straight to the backplane while nothing is queued or running ({@link #idle}); otherwise it
 * queues behind, so that a thread's subscribe and its next publish reach the backplane in that order.
 *
 * <p><b>Threading.</b> Thread-safe; the calls run on whichever caller thread drains, one at a time.
 * <b>Lifecycle.</b> One per registry.
 */
final class BackplaneLink {

    private static final System.Logger LOG = System.getLogger(TopicRegistry.class.getName());

    private final ConcurrentLinkedQueue<Runnable> calls = new ConcurrentLinkedQueue<>();
    /** Calls queued or running. */
    private final AtomicInteger unfinished = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();

    /** Queues {@code call}; the caller drains once it holds no lock. */
    void enqueue(Runnable call) {
        unfinished.incrementAndGet();
        calls.add(call);
    }

    /** True when no call is queued or running: a publish may go to the backplane directly. */
    boolean idle() {
        return unfinished.get() == 0;
    }

    /** Runs the queued calls in order, unless another thread is doing so (it will run them). */
    void drain() {
        while (!calls.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                Runnable call;
                while ((call = calls.poll()) != null) {
                    try {
                        call.run();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "a backplane call failed: " + e, e);
                    } finally {
                        unfinished.decrementAndGet();
                    }
                }
            } finally {
                draining.set(false);
            }
        }
    }
}
