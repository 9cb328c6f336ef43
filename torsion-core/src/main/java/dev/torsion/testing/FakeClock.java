package dev.torsion.testing;

import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link Scheduler} whose time only moves when a test says so (Twisted's {@code task.Clock}): timeouts
 * are tested by {@link #advance(Duration)} instead of sleeping.
 *
 * <p>Tasks given to {@link #execute} are queued and run by {@link #runPending()} or by the next
 * {@link #advance}, never re-entrantly inside the caller. The thread that made the clock plays the event
 * loop: {@link #inEventLoop()} is true there only, and every task and timer runs there.
 *
 * <p><b>Threading.</b> As {@link Scheduler} promises, {@link #execute}, {@link #callLater},
 * {@link #callEvery}, {@link DelayedCall#cancel()} and {@link #nanoTime()} may be called from any thread: a
 * timer set from another thread is scheduled when the loop next runs its pending tasks (its delay counts from
 * then), and tasks from one thread run in that thread's order. Moving time ({@link #advance},
 * {@link #runPending}) belongs to the loop's thread and fails loudly elsewhere.
 */
public final class FakeClock implements Scheduler {

    private final Thread loop = Thread.currentThread();
    private volatile long now;
    private long sequence;
    private final PriorityQueue<Call> calls =
            new PriorityQueue<>(Comparator.comparingLong((Call c) -> c.due).thenComparingLong(c -> c.order));
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();

    /** A clock starting at time zero. */
    public FakeClock() {
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        Call call = new Call(delay.toNanos(), 0, task);
        schedule(call);
        return call;
    }

    @Override
    public DelayedCall callEvery(Duration interval, Runnable task) {
        long nanos = interval.toNanos();
        if (nanos <= 0) {
            throw new IllegalArgumentException("callEvery needs a positive interval, got " + interval);
        }
        Call call = new Call(nanos, nanos, task);
        schedule(call);
        return call;
    }

    @Override
    public void execute(Runnable task) {
        pending.add(task);
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == loop;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /** Runs the tasks queued by {@link #execute} (and those they queue), without moving time. */
    public void runPending() {
        requireLoop("runPending");
        Runnable task;
        while ((task = pending.poll()) != null) {
            task.run();
        }
    }

    /**
     * Moves time forward by {@code amount}, running queued tasks first and then every call that falls due,
     * in order of due time, each seeing {@link #nanoTime()} equal to its due time.
     */
    public void advance(Duration amount) {
        requireLoop("advance");
        runPending();
        long target = now + amount.toNanos();
        while (!calls.isEmpty() && calls.peek().due <= target) {
            Call call = calls.poll();
            if (!call.active) {
                continue;
            }
            now = Math.max(now, call.due);
            if (call.period > 0) {
                call.due = now + call.period;
                call.order = sequence++;
                calls.add(call);
            } else {
                call.active = false;
            }
            call.task.run();
            runPending();
        }
        now = target;
    }

    /** The delays, from now, of the calls still due to run, soonest first. */
    public List<Duration> pendingCalls() {
        requireLoop("pendingCalls");
        List<Call> active = new ArrayList<>();
        for (Call call : calls) {
            if (call.active) {
                active.add(call);
            }
        }
        active.sort(calls.comparator());
        List<Duration> delays = new ArrayList<>();
        for (Call call : active) {
            delays.add(Duration.ofNanos(call.due - now));
        }
        return delays;
    }

    /** Queues {@code call} at {@code now} plus its delay; from another thread, when the loop next runs its tasks. */
    private void schedule(Call call) {
        if (!inEventLoop()) {
            pending.add(() -> schedule(call));
            return;
        }
        call.due = now + call.due;
        call.order = sequence++;
        calls.add(call);
    }

    private void requireLoop(String call) {
        if (!inEventLoop()) {
            throw new IllegalStateException("FakeClock." + call + ": called from thread '" + Thread.currentThread().getName()
                    + "', but the clock's event loop is the thread that made it, '" + loop.getName() + "'");
        }
    }

    private static final class Call implements DelayedCall {
        long due;
        long order;
        final long period;
        final Runnable task;
        volatile boolean active = true;

        /** A call due {@code delay} after it is scheduled ({@link #due} holds the delay until then). */
        Call(long delay, long period, Runnable task) {
            this.due = delay;
            this.period = period;
            this.task = task;
        }

        @Override
        public void cancel() {
            active = false;
        }

        @Override
        public boolean isActive() {
            return active;
        }
    }
}
