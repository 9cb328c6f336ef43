package dev.torsion.reactor;

import java.util.PriorityQueue;

/**
 * The timers of one event loop: a heap ordered by due time, touched only by the loop's own thread.
 * Cancelled timers are dropped lazily when they reach the top.
 *
 * <p><b>Threading.</b> Not thread-safe: owned by one {@link EventLoop}.
 */
final class TimerQueue {

    private final PriorityQueue<Timer> heap = new PriorityQueue<>();
    /** Timers cancelled while still in the heap (approximate when cancelled from other threads). */
    private final java.util.concurrent.atomic.AtomicInteger cancelled = new java.util.concurrent.atomic.AtomicInteger();
    private long sequence;

    void add(Timer timer) {
        timer.order = sequence++;
        timer.owner = this;
        heap.add(timer);
    }

    /**
     * Nanoseconds until the next live timer is due (0 if overdue), or -1 if there is none. Cancelled timers
     * are dropped when they reach the top, and all at once when they make up most of the heap, so that
     * connections that come and go (each cancelling its timeouts) do not leave their timers behind until
     * they would have been due.
     */
    long nanosUntilNext(long now) {
        int dead = cancelled.get();
        if (dead > 64 && dead * 4 > heap.size()) {
            heap.removeIf(t -> t.cancelled);
            cancelled.set(0);
        }
        Timer top;
        while ((top = heap.peek()) != null && top.cancelled) {
            heap.poll();
            cancelled.updateAndGet(x -> x > 0 ? x - 1 : 0);
        }
        return top == null ? -1 : Math.max(0, top.due - now);
    }

    /** Runs every timer due at {@code now}; repeating timers are put back with their next due time. */
    void runDue(long now, java.util.function.Consumer<Timer> runner) {
        Timer top;
        while ((top = heap.peek()) != null && top.due <= now) {
            heap.poll();
            if (top.cancelled) {
                cancelled.updateAndGet(x -> x > 0 ? x - 1 : 0);
                continue;
            }
            if (top.period > 0) {
                top.due = Math.max(top.due + top.period, now);
                add(top);
            } else {
                top.done = true;
            }
            runner.accept(top);
        }
    }

    int size() {
        return heap.size();
    }

    /** One scheduled call; the {@link DelayedCall} handed to the application. */
    static final class Timer implements DelayedCall, Comparable<Timer> {
        final Runnable task;
        final long period;
        long due;
        long order;
        volatile boolean cancelled;
        volatile boolean done;
        TimerQueue owner;

        Timer(Runnable task, long due, long period) {
            this.task = task;
            this.due = due;
            this.period = period;
        }

        @Override
        public void cancel() {
            if (!cancelled && !done) {
                cancelled = true;
                TimerQueue q = owner;
                if (q != null) {
                    q.cancelled.incrementAndGet();
                }
            }
        }

        @Override
        public boolean isActive() {
            return !cancelled && !done;
        }

        @Override
        public int compareTo(Timer other) {
            int c = Long.compare(due, other.due);
            return c != 0 ? c : Long.compare(order, other.order);
        }
    }
}
