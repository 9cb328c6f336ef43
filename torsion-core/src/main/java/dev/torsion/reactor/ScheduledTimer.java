package dev.torsion.reactor;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@link Timer} of a {@link Scheduler} that has no timer structure of its own: each arming is a
 * {@link Scheduler#callLater}. Correct everywhere; schedulers on the hot path override
 * {@link Scheduler#newTimer} with something that allocates nothing per arming.
 *
 * <p><b>Threading.</b> Its scheduler's thread only, like every {@link Timer}.
 */
final class ScheduledTimer implements Timer {

    private final Scheduler scheduler;
    private final Runnable task;
    private DelayedCall pending;

    ScheduledTimer(Scheduler scheduler, Runnable task) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.task = Objects.requireNonNull(task, "task");
    }

    @Override
    public void schedule(long delayNanos) {
        cancel();
        DelayedCall[] self = new DelayedCall[1];
        self[0] = scheduler.callLater(Duration.ofNanos(Math.max(0, delayNanos)), () -> {
            if (pending == self[0]) {
                pending = null;
                task.run();
            }
        });
        pending = self[0];
    }

    @Override
    public void cancel() {
        DelayedCall call = pending;
        if (call != null) {
            pending = null;
            call.cancel();
        }
    }

    @Override
    public boolean isPending() {
        return pending != null;
    }
}
