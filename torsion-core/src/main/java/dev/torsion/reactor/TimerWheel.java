package dev.torsion.reactor;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The reusable timers of one event loop ({@link Scheduler#newTimer}): a hierarchical timing wheel whose
 * entries are the {@link WheelTimer}s themselves, linked into per-slot lists, so arming, re-arming and
 * cancelling a timer allocate nothing and cost O(1) however many timers there are (10,000 idle connections
 * each moving their ping deadline on every message).
 *
 * <p><b>Shape.</b> Time is counted in ticks of {@link #TICK_NANOS} (1 ms). Level 0 has 64 slots of one tick,
 * level 1 64 slots of 64 ticks, and so on up to {@value #LEVELS} levels (64<sup>6</sup> ms, about two years;
 * longer delays are parked in the last level and placed again when it comes round). A timer sits in the
 * lowest level whose span covers its deadline; when a higher-level slot comes due its timers are placed
 * again, lower (the "cascade" of the Linux timer wheel), until they reach level 0, where each slot holds
 * the timers of exactly one tick. One bit per slot tells which slots are occupied, so finding the next tick
 * with work and skipping empty stretches cost a few bit operations.
 *
 * <p><b>Granularity.</b> A timer's deadline is rounded up to the next tick: it runs no earlier than asked,
 * and at most one tick (1 ms) later when the loop is otherwise idle (later when the loop is busy).
 *
 * <p><b>Threading.</b> Not thread-safe: owned by one loop and used on its thread only; a {@link WheelTimer}
 * used from another thread fails with {@link IllegalStateException} rather than corrupt the lists.
 *
 * <p><b>Lifecycle.</b> Lives as long as its loop; timers still pending when the loop ends never run.
 */
final class TimerWheel {

    /** One tick: the wheel's granularity. */
    static final long TICK_NANOS = 1_000_000;
    static final int LEVELS = 6;
    private static final int SLOT_BITS = 6;
    private static final int SLOTS = 1 << SLOT_BITS;
    private static final int MASK = SLOTS - 1;
    /** The furthest a deadline is placed ahead of the wheel's position, in ticks. */
    private static final long MAX_SPAN = (1L << (SLOT_BITS * LEVELS)) - 1;
    /** {@link WheelTimer#slot} of a timer in {@link #pending} (being cascaded or run). */
    static final int PENDING = -2;
    /** {@link WheelTimer#slot} of a timer that is not scheduled. */
    static final int IDLE = -1;

    private final LongSupplier clock;
    private final BooleanSupplier onOwnerThread;
    private final long origin;
    /** The first timer of each slot, level by level; the lists are doubly linked through the timers. */
    private final WheelTimer[] heads = new WheelTimer[LEVELS * SLOTS];
    /** Bit i of occupied[level]: slot i of that level holds at least one timer. */
    private final long[] occupied = new long[LEVELS];
    /** Timers taken out of a slot being cascaded or run, not yet placed again or run. */
    private WheelTimer pending;
    /** The next tick to process: every tick before it has been processed. */
    private long nextTick;
    private int size;

    /**
     * @param clock the loop's monotonic clock, in nanoseconds
     * @param onOwnerThread true when called on the owning loop's thread
     */
    TimerWheel(LongSupplier clock, BooleanSupplier onOwnerThread) {
        this.clock = clock;
        this.onOwnerThread = onOwnerThread;
        this.origin = clock.getAsLong();
    }

    /** A new idle timer that runs {@code task} each time it fires. */
    WheelTimer newTimer(Runnable task) {
        return new WheelTimer(this, task);
    }

    /** The number of timers scheduled. */
    int size() {
        return size;
    }

    /**
     * Nanoseconds from {@code now} until the next tick at which a timer fires or a higher-level slot comes
     * due (0 if that tick has passed), or -1 if no timer is scheduled. Never later than the earliest deadline.
     */
    long nanosUntilNext(long now) {
        if (size == 0) {
            return -1;
        }
        return Math.max(0, origin + nextEventTick() * TICK_NANOS - now);
    }

    /**
     * The first tick from {@link #nextTick} on at which a level-0 slot holds timers or a higher-level slot
     * holding timers comes due (is cascaded); Long.MAX_VALUE if there is none.
     */
    private long nextEventTick() {
        long next = Long.MAX_VALUE;
        if (occupied[0] != 0) {
            next = nextTick + distanceToSetBit(occupied[0], (int) (nextTick & MASK));
        }
        for (int level = 1; level < LEVELS; level++) {
            if (occupied[level] == 0) {
                continue;
            }
            int shift = SLOT_BITS * level;
            long unitMask = (1L << shift) - 1;
            // A slot of this level comes due at the start of its span; the current one only if that start
            // is nextTick itself (not processed yet), else it is a whole revolution away.
            long start = (nextTick >>> shift) + ((nextTick & unitMask) == 0 ? 0 : 1);
            long due = (start + distanceToSetBit(occupied[level], (int) (start & MASK))) << shift;
            next = Math.min(next, due);
        }
        return next;
    }

    /**
     * Processes every tick up to {@code now}: cascades the higher-level slots that come due and hands the
     * task of every timer whose deadline has come to {@code runner}, in deadline order (timers of one tick
     * in no particular order). A task may schedule or cancel any timer, itself included.
     */
    void advance(long now, Consumer<Runnable> runner) {
        long target = Math.floorDiv(now - origin, TICK_NANOS);
        while (nextTick <= target) {
            if (size == 0) {
                nextTick = target + 1;
                return;
            }
            long tick = nextTick;
            cascade(tick);
            nextTick = tick + 1;
            int slot = (int) (tick & MASK);
            if ((occupied[0] & (1L << slot)) != 0) {
                runSlot(slot, tick, runner);
            }
            // Skip the ticks with nothing to run or cascade.
            nextTick = Math.min(Math.max(nextTick, nextEventTick()), target + 1);
        }
    }

    // ---- used by WheelTimer ---------------------------------------------------------------------------

    void schedule(WheelTimer timer, long delayNanos) {
        checkThread("schedule");
        if (timer.slot != IDLE) {
            unlink(timer);
        }
        long delay = Math.max(0, Math.min(delayNanos, Long.MAX_VALUE / 4));
        long at = clock.getAsLong() - origin + delay;
        timer.deadlineTick = Math.floorDiv(at + TICK_NANOS - 1, TICK_NANOS);
        place(timer);
    }

    void cancel(WheelTimer timer) {
        checkThread("cancel");
        if (timer.slot != IDLE) {
            unlink(timer);
        }
    }

    // ---- internals -----------------------------------------------------------------------------------

    private void checkThread(String what) {
        if (!onOwnerThread.getAsBoolean()) {
            throw new IllegalStateException("Timer." + what + ": call it on the timer's event loop thread, not on "
                    + Thread.currentThread().getName());
        }
    }

    /** Links the timer into the lowest level whose span holds its deadline. */
    private void place(WheelTimer timer) {
        long due = Math.max(timer.deadlineTick, nextTick);
        long delta = Math.min(due - nextTick, MAX_SPAN);
        due = nextTick + delta;
        int level = 0;
        while (level < LEVELS - 1 && delta >= (1L << (SLOT_BITS * (level + 1)))) {
            level++;
        }
        int index = (int) ((due >>> (SLOT_BITS * level)) & MASK);
        int slot = level * SLOTS + index;
        WheelTimer head = heads[slot];
        timer.prev = null;
        timer.next = head;
        if (head != null) {
            head.prev = timer;
        }
        heads[slot] = timer;
        timer.slot = slot;
        occupied[level] |= 1L << index;
        size++;
    }

    private void unlink(WheelTimer timer) {
        WheelTimer prev = timer.prev;
        WheelTimer next = timer.next;
        if (next != null) {
            next.prev = prev;
        }
        if (prev != null) {
            prev.next = next;
        } else if (timer.slot == PENDING) {
            pending = next;
        } else {
            heads[timer.slot] = next;
            if (next == null) {
                occupied[timer.slot / SLOTS] &= ~(1L << (timer.slot & MASK));
            }
        }
        timer.prev = null;
        timer.next = null;
        timer.slot = IDLE;
        size--;
    }

    /** Moves a slot's whole list to {@link #pending}. */
    private void takeSlot(int slot) {
        WheelTimer first = heads[slot];
        heads[slot] = null;
        occupied[slot / SLOTS] &= ~(1L << (slot & MASK));
        pending = first;
        for (WheelTimer t = first; t != null; t = t.next) {
            t.slot = PENDING;
        }
    }

    /** At a tick aligned to a level's slot span, places that level's due slot's timers again, lower. */
    private void cascade(long tick) {
        for (int level = 1; level < LEVELS; level++) {
            int shift = SLOT_BITS * level;
            if ((tick & ((1L << shift) - 1)) != 0) {
                return;
            }
            int index = (int) ((tick >>> shift) & MASK);
            if ((occupied[level] & (1L << index)) == 0) {
                continue;
            }
            takeSlot(level * SLOTS + index);
            WheelTimer t;
            while ((t = pending) != null) {
                unlink(t);
                place(t);
            }
        }
    }

    private void runSlot(int slot, long tick, Consumer<Runnable> runner) {
        takeSlot(slot);
        WheelTimer t;
        while ((t = pending) != null) {
            unlink(t);
            if (t.deadlineTick > tick) {
                place(t); // parked beyond the wheel's span: not due yet
                continue;
            }
            runner.accept(t.task);
        }
    }

    /** How many slots from {@code from} (wrapping) to the first set bit of {@code bits}, which is not 0. */
    private static int distanceToSetBit(long bits, int from) {
        return Long.numberOfTrailingZeros(Long.rotateRight(bits, from));
    }
}
