package dev.torsion.websocket.topic;

import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Scheduler;
import dev.torsion.testing.FakeClock;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test scheduler: an event loop played by the thread that created it. Tasks from other threads queue until
 * that thread calls {@link #runQueued()}; {@link #executes()} counts the hops. Timers go to a {@link FakeClock}.
 */
final class ManualLoop implements Scheduler {

    final FakeClock clock = new FakeClock();
    private final Thread owner = Thread.currentThread();
    private final ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger executes = new AtomicInteger();

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        return clock.callLater(delay, task);
    }

    @Override
    public DelayedCall callEvery(Duration interval, Runnable task) {
        return clock.callEvery(interval, task);
    }

    @Override
    public void execute(Runnable task) {
        executes.incrementAndGet();
        queued.add(task);
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == owner;
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    /** Runs what is queued (and what that queues); returns how many tasks ran. */
    int runQueued() {
        int n = 0;
        Runnable task;
        while ((task = queued.poll()) != null) {
            task.run();
            n++;
        }
        return n;
    }

    /** How many tasks were handed to {@link #execute} so far. */
    int executes() {
        return executes.get();
    }
}
