package dev.torsion.reactor;

/**
 * A reusable one-shot timer for one owner's deadlines (a connection's ping, pong, idle and close timeouts):
 * armed with {@link #schedule}, re-armed by scheduling again, stopped with {@link #cancel}. Made once with
 * {@link Scheduler#newTimer} and kept for the owner's whole life, so a connection that moves its deadline
 * on every message allocates nothing for it. On an event loop the timer is an entry in the loop's timer
 * structure; elsewhere (a {@link dev.torsion.testing.FakeClock}) it is built on {@link Scheduler#callLater}.
 *
 * <p><b>Precision.</b> The task runs no earlier than the delay asked for, and may run later by the
 * scheduler's timer granularity (documented by the implementation) or when the loop is busy.
 *
 * <p><b>Threading.</b> Use it on its scheduler's thread only (the event loop that owns the connection); the
 * task runs there.
 *
 * <p><b>Lifecycle.</b> Idle until scheduled; pending until it fires or is cancelled; idle again after. An
 * owner that goes away cancels it.
 */
public interface Timer {

    /** Arms the timer to run its task once, {@code delayNanos} from now; re-arms it if it was pending. */
    void schedule(long delayNanos);

    /** Stops a pending timer from running; does nothing if it is idle. */
    void cancel();

    /** True from {@link #schedule} until the task starts running or the timer is cancelled. */
    boolean isPending();
}
