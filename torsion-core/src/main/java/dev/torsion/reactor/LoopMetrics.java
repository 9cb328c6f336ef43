package dev.torsion.reactor;

import java.time.Duration;

/**
 * What one {@link EventLoop} has done since it started: connections it adopted and lost, tasks and timers it
 * ran, time it spent busy (from waking up to waiting again), how late its timers fire (the lag), stalls, and
 * the TLS handshakes of its connections. Read it with {@link EventLoop#metrics()}; {@link Reactor#loopMetrics()}
 * sums the loops.
 *
 * <p><b>Lag.</b> A probe timer on every loop is armed {@link #LAG_PROBE_INTERVAL} ahead; when it runs, how
 * much later than asked it runs is one lag sample ({@link #lastLagNanos()}, {@link #maxLagNanos()}, and a
 * count and sum for a mean). An idle loop's lag is its timer granularity (about a millisecond); a busy or
 * blocked loop's lag is how long its other work kept it from the timers.
 *
 * <p><b>Stalls.</b> An iteration of the loop (from waking up to waiting again) longer than
 * {@link #STALL_THRESHOLD} is a stall: counted, and recorded as a JFR event {@code dev.torsion.LoopStall}.
 *
 * <p><b>Threading.</b> Written by the loop's own thread only, with plain stores: no atomics and no locks on
 * the loop's path. Read from any thread; such reads are eventually consistent: they may miss the loop's
 * latest updates, and two values read one after the other are not a snapshot of one moment. (On a 64-bit
 * JVM each value is read whole.)
 *
 * <p><b>Lifecycle.</b> One per loop, made with it, counting from zero; it stays readable after the loop ends.
 */
public final class LoopMetrics {

    /** How often the lag probe is armed on each loop. */
    public static final Duration LAG_PROBE_INTERVAL = Duration.ofMillis(100);

    /** An iteration of the loop longer than this is a stall. */
    public static final Duration STALL_THRESHOLD = Duration.ofMillis(100);

    private static final long STALL_NANOS = STALL_THRESHOLD.toNanos();

    private final String loopName;

    private long connectionsOpened;
    private long connectionsClosed;
    private long tasksRun;
    private long iterations;
    private long busyNanos;
    private long stalls;
    private long lagSamples;
    private long lagSumNanos;
    private long lastLagNanos;
    private long maxLagNanos;
    private long tlsHandshakes;
    private long tlsHandshakeFailures;

    LoopMetrics(String loopName) {
        this.loopName = loopName;
    }

    /** The metrics of {@code scheduler} when it is an {@link EventLoop}; null for any other scheduler. */
    public static LoopMetrics of(Scheduler scheduler) {
        return scheduler instanceof EventLoop ? ((EventLoop) scheduler).metrics() : null;
    }

    // ---------------------------------------------------------------- reads (any thread)

    /** The loop's thread name, which names it in metrics and events. */
    public String loopName() {
        return loopName;
    }

    /** Connections open on the loop now (opened minus closed; never below 0, even read mid-update). */
    public long connections() {
        long closed = connectionsClosed;   // read first: a later read of opened is at least as new
        return Math.max(0, connectionsOpened - closed);
    }

    /** TCP connections the loop adopted (accepted or connected). */
    public long connectionsOpened() {
        return connectionsOpened;
    }

    /** TCP connections that ended on the loop. */
    public long connectionsClosed() {
        return connectionsClosed;
    }

    /** Tasks and timers the loop ran (each {@link EventLoop#execute} task, each timer firing). */
    public long tasksRun() {
        return tasksRun;
    }

    /** Times the loop woke up and did its work. */
    public long iterations() {
        return iterations;
    }

    /** Nanoseconds the loop spent working (from waking up to waiting again), in total. */
    public long busyNanos() {
        return busyNanos;
    }

    /** Iterations that took longer than {@link #STALL_THRESHOLD}. */
    public long stalls() {
        return stalls;
    }

    /** Lag samples taken (one per run of the probe). */
    public long lagSamples() {
        return lagSamples;
    }

    /** The sum of every lag sample, in nanoseconds (with {@link #lagSamples()}, a mean). */
    public long lagSumNanos() {
        return lagSumNanos;
    }

    /** The latest lag sample, in nanoseconds (0 before the first). */
    public long lastLagNanos() {
        return lastLagNanos;
    }

    /** The largest lag sample so far, in nanoseconds. */
    public long maxLagNanos() {
        return maxLagNanos;
    }

    /** TLS handshakes that completed on the loop's connections. */
    public long tlsHandshakes() {
        return tlsHandshakes;
    }

    /** TLS handshakes that failed (bad peer data, timeout, the connection closed before the end). */
    public long tlsHandshakeFailures() {
        return tlsHandshakeFailures;
    }

    @Override
    public String toString() {
        return "LoopMetrics[" + loopName + ": connections=" + connections() + ", tasks=" + tasksRun
                + ", busy=" + busyNanos / 1_000_000 + "ms, lag=" + lastLagNanos / 1000 + "us]";
    }

    // ---------------------------------------------------------------- updates (the loop's thread)

    void connectionOpened() {
        connectionsOpened++;
    }

    void connectionClosed() {
        connectionsClosed++;
    }

    void taskRun() {
        tasksRun++;
    }

    /** One iteration of the loop worked from {@code woke} to {@code done} (System.nanoTime). */
    void iteration(long woke, long done) {
        long busy = done - woke;
        iterations++;
        busyNanos += busy;
        if (busy > STALL_NANOS) {
            stalls++;
            LoopStallEvent.record(loopName, busy);
        }
    }

    void lag(long nanos) {
        long lag = Math.max(0, nanos);
        lagSamples++;
        lagSumNanos += lag;
        lastLagNanos = lag;
        if (lag > maxLagNanos) {
            maxLagNanos = lag;
        }
    }

    /**
     * A TLS handshake on one of the loop's connections ended: completed when {@code failure} is null. Call on
     * the loop's thread (a handshake future completes there).
     */
    public void tlsHandshakeEnded(Object session, Throwable failure) {
        if (failure == null) {
            tlsHandshakes++;
        } else {
            tlsHandshakeFailures++;
        }
    }
}
