package dev.torsion.reactor;

/**
 * A handle on a call scheduled with {@link Scheduler#callLater} or {@link Scheduler#callEvery}.
 *
 * <p><b>Threading.</b> {@link #cancel()} may be called from any thread; a call cancelled from its own loop
 * is guaranteed not to run afterwards, one cancelled from another thread may already be running.
 */
public interface DelayedCall {

    /** Stops the call from running (again). Cancelling a call that already ran or was cancelled does nothing. */
    void cancel();

    /** True while the call is still due to run (for a repeating call: until cancelled). */
    boolean isActive();
}
