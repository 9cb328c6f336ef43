package dev.torsion.testing;

import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Scheduler;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} whose time only moves when a test says so (Twisted's {@code task.Clock}): timeouts
 * are tested by {@link #advance(Duration)} instead of sleeping.
 *
 * <p>Tasks given to {@link #execute} are queued and run by {@link #runPending()} or by the next
 * {@link #advance}, never re-entrantly inside the caller. {@link #inEventLoop()} is always true: the test's
 * thread plays the event loop.
 *
 * <p><b>Threading.</b> Not thread-safe: use it from the test's thread only.
 */
public final class FakeClock implements Scheduler {

    private long now;
    private long sequence;
    private final PriorityQueue<Call> calls =
            new PriorityQueue<>(Comparator.comparingLong((Call c) -> c.due).thenComparingLong(c -> c.order));
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();

    /** A clock starting at time zero. */
    public FakeClock() {
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        Call call = new Call(now + delay.toNanos(), 0, task);
        schedule(call);
        return call;
    }

    @Override
    public DelayedCall callEvery(Duration interval, Runnable task) {
        long nanos = interval.toNanos();
        if (nanos <= 0) {
            throw new IllegalArgumentException("callEvery needs a positive interval, got " + interval);
        }
        Call call = new Call(now + nanos, nanos, task);
        schedule(call);
        return call;
    }

    @Override
    public void execute(Runnable task) {
        pending.add(task);
    }

    @Override
    public boolean inEventLoop() {
        return true;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /** Runs the tasks queued by {@link #execute} (and those they queue), without moving time. */
    public void runPending() {
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

    private void schedule(Call call) {
        call.order = sequence++;
        calls.add(call);
    }

    private static final class Call implements DelayedCall {
        long due;
        long order;
        final long period;
        final Runnable task;
        boolean active = true;

        Call(long due, long period, Runnable task) {
            this.due = due;
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
