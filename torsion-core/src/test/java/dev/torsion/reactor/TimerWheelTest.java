package dev.torsion.reactor;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** The timer wheel as a data structure, on a hand-driven clock: deadlines, cascades, reuse, no allocation. */
class TimerWheelTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long START = 5_000_000_123L; // an arbitrary clock origin, not tick-aligned

    private long now = START;
    private boolean onLoop = true;
    private final TimerWheel wheel = new TimerWheel(() -> now, () -> onLoop);
    private final List<String> fired = new ArrayList<>();

    private void advanceTo(long nanos) {
        now = nanos;
        wheel.advance(now, Runnable::run);
    }

    private WheelTimer timer(String name) {
        return wheel.newTimer(() -> fired.add(name));
    }

    @Test
    void aTimerFiresAtItsDeadlineAndNotBefore() {
        WheelTimer t = timer("t");
        t.schedule(10 * MS);
        assertThat(t.isPending()).isTrue();
        advanceTo(START + 10 * MS - 1);
        assertThat(fired).isEmpty();
        // Rounded up to the next tick: it is due at the first tick boundary at or after its deadline.
        advanceTo(START + 11 * MS);
        assertThat(fired).containsExactly("t");
        assertThat(t.isPending()).isFalse();
        assertThat(wheel.size()).isZero();
        assertThat(wheel.nanosUntilNext(now)).isEqualTo(-1);
    }

    @Test
    void deadlinesAcrossEveryLevelFireOnTheirTickAfterCascading() {
        long[] delaysMs = {0, 1, 63, 64, 65, 127, 4095, 4096, 4097, 262_143, 262_144, 3_600_000, 864_000_000L};
        Map<String, Long> due = new HashMap<>();
        for (long d : delaysMs) {
            timer("d" + d).schedule(d * MS);
            due.put("d" + d, START + d * MS);
        }
        // Walk the clock the way an idle loop does: wake at nanosUntilNext, never past a deadline unseen.
        for (int wakeups = 0; wheel.size() > 0; wakeups++) {
            assertThat(wakeups).as("wake-ups needed").isLessThan(10_000);
            long wait = wheel.nanosUntilNext(now);
            assertThat(wait).isGreaterThanOrEqualTo(0);
            int before = fired.size();
            advanceTo(now + Math.max(wait, 1));
            for (String name : fired.subList(before, fired.size())) {
                long deadline = due.get(name);
                assertThat(now).as(name + " fired early").isGreaterThanOrEqualTo(deadline);
                assertThat(now - deadline).as(name + " fired late").isLessThanOrEqualTo(TimerWheel.TICK_NANOS + 1);
            }
        }
        assertThat(fired).hasSize(delaysMs.length);
    }

    @Test
    void rescheduleAndCancelMoveTheSameEntry() {
        WheelTimer t = timer("t");
        t.schedule(5 * MS);
        t.schedule(100 * MS);
        assertThat(wheel.size()).isEqualTo(1);
        advanceTo(START + 50 * MS);
        assertThat(fired).isEmpty();
        t.cancel();
        assertThat(t.isPending()).isFalse();
        t.cancel(); // idle: nothing to do
        advanceTo(START + 200 * MS);
        assertThat(fired).isEmpty();
        t.schedule(1 * MS);
        advanceTo(START + 202 * MS);
        assertThat(fired).containsExactly("t");
    }

    @Test
    void aTaskMayRescheduleItself() {
        WheelTimer[] self = new WheelTimer[1];
        List<Boolean> pendingWhileRunning = new ArrayList<>();
        self[0] = wheel.newTimer(() -> {
            fired.add("self");
            pendingWhileRunning.add(self[0].isPending());
            if (fired.size() < 3) {
                self[0].schedule(10 * MS);
            }
        });
        self[0].schedule(10 * MS);
        for (int ms = 1; ms <= 100; ms++) {
            advanceTo(START + ms * MS);
        }
        assertThat(fired).containsExactly("self", "self", "self");
        assertThat(pendingWhileRunning).containsOnly(false);
        assertThat(wheel.size()).isZero();
    }

    @Test
    void aTaskMayCancelATimerDueInTheSameTick() {
        WheelTimer[] pair = new WheelTimer[2];
        for (int i = 0; i < 2; i++) {
            int other = 1 - i;
            String name = "t" + i;
            pair[i] = wheel.newTimer(() -> {
                fired.add(name);
                pair[other].cancel();
            });
        }
        pair[0].schedule(7 * MS);
        pair[1].schedule(7 * MS);
        advanceTo(START + 8 * MS);
        // Whichever ran first cancelled the other, which was still waiting in the same tick.
        assertThat(fired).hasSize(1);
        assertThat(wheel.size()).isZero();
    }

    @Test
    void aTaskScheduledWithNoDelayRunsOnALaterTickNotInTheSamePass() {
        WheelTimer[] again = new WheelTimer[1];
        again[0] = wheel.newTimer(() -> {
            fired.add("again");
            again[0].schedule(0);
        });
        again[0].schedule(0);
        advanceTo(START + 3 * MS);
        // One run per tick processed, never a loop within one tick.
        assertThat(fired.size()).isBetween(1, 4);
        assertThat(again[0].isPending()).isTrue();
    }

    @Test
    void usingATimerOffItsLoopFailsLoudly() {
        WheelTimer t = timer("t");
        onLoop = false;
        assertThatThrownBy(() -> t.schedule(MS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event loop thread");
        assertThatThrownBy(t::cancel).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void randomOperationsMatchAModelOfDeadlines() {
        Random random = new Random(42);
        int n = 200;
        WheelTimer[] timers = new WheelTimer[n];
        long[] deadline = new long[n];   // nanos, or -1 when idle
        List<Integer> firedNow = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            timers[i] = wheel.newTimer(() -> firedNow.add(id));
            deadline[i] = -1;
        }
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(10);
            int i = random.nextInt(n);
            if (op < 5) {
                long delay = (long) Math.pow(2, random.nextDouble() * 34); // 1 ns .. ~17 s, log-uniform
                timers[i].schedule(delay);
                deadline[i] = now + delay;
            } else if (op < 6) {
                timers[i].cancel();
                deadline[i] = -1;
            } else {
                long wait = wheel.nanosUntilNext(now);
                long earliest = Long.MAX_VALUE;
                for (long d : deadline) {
                    if (d >= 0) {
                        earliest = Math.min(earliest, d);
                    }
                }
                if (earliest != Long.MAX_VALUE) {
                    long earliestTickTime = ceilToTick(earliest);
                    assertThat(now + wait).as("the wake-up is not after the earliest deadline's tick")
                            .isLessThanOrEqualTo(Math.max(now, earliestTickTime));
                } else {
                    assertThat(wait).isEqualTo(-1);
                }
                long step2 = op < 9 ? (long) (random.nextDouble() * 3 * MS) : (long) (random.nextDouble() * 20_000 * MS);
                firedNow.clear();
                advanceTo(now + step2);
                for (int id : firedNow) {
                    assertThat(deadline[id]).as("timer %d fired without being pending", id).isGreaterThanOrEqualTo(0);
                    assertThat(deadline[id]).as("timer %d fired early", id).isLessThanOrEqualTo(now);
                    deadline[id] = -1;
                }
                for (int k = 0; k < n; k++) {
                    if (deadline[k] >= 0 && ceilToTick(deadline[k]) <= floorToTick(now)) {
                        fail("timer " + k + " is overdue but did not fire");
                    }
                    if (timers[k].isPending() != deadline[k] >= 0) {
                        fail("timer " + k + " pending: " + timers[k].isPending() + ", in the model: " + (deadline[k] >= 0));
                    }
                }
            }
        }
    }

    @Test
    void schedulingCancellingAndFiringAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        WheelTimer[] timers = new WheelTimer[1000];
        int[] runs = new int[1];
        for (int i = 0; i < timers.length; i++) {
            timers[i] = wheel.newTimer(() -> runs[0]++);
        }
        java.util.function.Consumer<Runnable> runner = Runnable::run;
        Runnable round = () -> {
            for (int r = 0; r < 50; r++) {
                for (int i = 0; i < timers.length; i++) {
                    timers[i].schedule((i % 97 + 1) * 7 * MS);
                    if (i % 3 == 0) {
                        timers[i].cancel();
                    }
                }
                now += 800 * MS;
                wheel.advance(now, runner);
            }
        };
        round.run(); // warm up
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        round.run();
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(runs[0]).isPositive();
        assertThat(allocated).as("bytes allocated by 50,000 schedules, cancels and firings").isLessThan(1024);
    }

    private long ceilToTick(long nanos) {
        return START + Math.floorDiv(nanos - START + TimerWheel.TICK_NANOS - 1, TimerWheel.TICK_NANOS) * TimerWheel.TICK_NANOS;
    }

    private long floorToTick(long nanos) {
        return START + Math.floorDiv(nanos - START, TimerWheel.TICK_NANOS) * TimerWheel.TICK_NANOS;
    }
}
