package dev.torsion.reactor;

/**
 * A {@link Timer} of an event loop: an entry of the loop's {@link TimerWheel}, linked into one of its slot
 * lists while pending. Arming, re-arming and cancelling allocate nothing.
 *
 * <p><b>Threading.</b> The loop's thread only; a call from another thread throws
 * {@link IllegalStateException}.
 *
 * <p><b>Lifecycle.</b> Idle, pending after {@link #schedule}, idle again when it fires (before its task
 * runs) or is cancelled; reusable for as long as its loop runs.
 */
final class WheelTimer implements Timer {

    private final TimerWheel wheel;
    final Runnable task;
    /** The tick at or after which it fires. */
    long deadlineTick;
    /** Where it is linked: a slot of the wheel, {@link TimerWheel#PENDING}, or {@link TimerWheel#IDLE}. */
    int slot = TimerWheel.IDLE;
    WheelTimer prev;
    WheelTimer next;

    WheelTimer(TimerWheel wheel, Runnable task) {
        this.wheel = wheel;
        this.task = java.util.Objects.requireNonNull(task, "task");
    }

    @Override
    public void schedule(long delayNanos) {
        wheel.schedule(this, delayNanos);
    }

    @Override
    public void cancel() {
        wheel.cancel(this);
    }

    @Override
    public boolean isPending() {
        return slot != TimerWheel.IDLE;
    }
}
