package dev.torsion.reactor;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Time and thread hopping for protocol code: the event loop a connection lives on, or a
 * {@link dev.torsion.testing.FakeClock} in tests.
 *
 * <p><b>Threading.</b> Every method may be called from any thread. Tasks run on the scheduler's own
 * thread (the event loop), one at a time, never concurrently with the callbacks of the protocols it owns.
 */
public interface Scheduler extends Executor {

    /** Runs {@code task} once, after {@code delay}, on this scheduler's thread. */
    DelayedCall callLater(Duration delay, Runnable task);

    /** Runs {@code task} every {@code interval} (first run after one interval) until cancelled. */
    DelayedCall callEvery(Duration interval, Runnable task);

    /**
     * A reusable timer that runs {@code task} on this scheduler's thread each time it fires: the way for
     * an owner with deadlines that move often (a connection's liveness timeouts) to keep one object for
     * its life instead of one {@link DelayedCall} per arming. The default builds it on {@link #callLater}.
     */
    default Timer newTimer(Runnable task) {
        return new ScheduledTimer(this, task);
    }

    /**
     * Runs {@code task} on this scheduler's thread as soon as possible (Twisted's {@code callFromThread}).
     * Tasks submitted from one thread run in submission order.
     */
    @Override
    void execute(Runnable task);

    /** True when the calling thread is this scheduler's own thread. */
    boolean inEventLoop();

    /** The scheduler's monotonic clock, in nanoseconds (System.nanoTime for a real loop). */
    long nanoTime();
}
