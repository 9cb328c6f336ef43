package dev.torsion.cli.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;

/**
 * Times a run while the load goes on: the warm-up (counted nowhere), then the measured window, ticking the
 * progress line once a second; it takes the counters, the latencies and both processes' CPU time at the
 * window's edges.
 *
 * <p><b>Threading / lifecycle.</b> {@link #measure} blocks the calling thread (the command's) for warm-up
 * plus duration; the load runs on the client's event loops meanwhile. Interrupting that thread (Ctrl-C does,
 * see {@link BenchCommand}) ends the window early: what was measured until then is returned, marked
 * {@link Window#interrupted()}. One use per run.
 */
final class MeasuredWindow {

    private MeasuredWindow() {
    }

    /**
     * What the window saw.
     *
     * @param seconds   the window's length
     * @param counts    operations, bytes and errors in the window
     * @param latencies latencies in the window (nanoseconds)
     * @param clientCpu this process's CPU seconds in the window, or -1
     * @param serverCpu the server's CPU seconds in the window, or -1
     * @param interrupted true when the window was cut short (zero seconds if it never started)
     */
    record Window(double seconds, LoadStats.Counts counts, Histogram latencies, double clientCpu, double serverCpu,
                  boolean interrupted) {

        /** How long to wait for the connections to close: {@code normal}, or 2 s after an interruption. */
        long closeWaitSeconds(long normal) {
            return interrupted ? Math.min(normal, 2) : normal;
        }
    }

    /** Told when the window starts and ends, to take a run's own counters at the same moments. */
    interface Edges {
        Edges NONE = new Edges() {
        };

        /** The warm-up is over; the window starts now. */
        default void windowStarts() {
        }

        /** The window ends now. */
        default void windowEnds() {
        }
    }

    static Window measure(BenchSettings settings, LoadStats stats, Progress progress) {
        return measure(settings, stats, progress, Edges.NONE);
    }

    static Window measure(BenchSettings settings, LoadStats stats, Progress progress, Edges edges) {
        return measure(settings, java.util.List.of(), stats, progress, edges);
    }

    /** As above, the server's CPU being that of {@code --server-pid} and {@code otherServerPids} together. */
    static Window measure(BenchSettings settings, java.util.List<Long> otherServerPids, LoadStats stats,
                          Progress progress, Edges edges) {
        CpuClock client = CpuClock.self();
        CpuClock server = CpuClock.of(settings.serverPid(), otherServerPids);
        long warmupEnd = System.nanoTime() + settings.warmup().toNanos();
        try {
            while (System.nanoTime() < warmupEnd) {
                sleepUntil(Math.min(warmupEnd, System.nanoTime() + 1_000_000_000L));
                Histogram second = stats.interval();
                progress.tick("warm-up", stats.counts(), Latency.of(second).p99());
            }
        } catch (InterruptedException e) {
            progress.finish();
            LoadStats.Counts now = stats.counts();
            return new Window(0, now.minus(now), new Histogram(3), -1, -1, true);
        }
        stats.interval();
        edges.windowStarts();
        LoadStats.Counts before = stats.counts();
        double clientBefore = client.seconds();
        double serverBefore = server == null ? -1 : server.seconds();
        long start = System.nanoTime();
        long end = start + settings.duration().toNanos();
        Histogram total = new Histogram(3);
        boolean interrupted = false;
        try {
            while (System.nanoTime() < end) {
                sleepUntil(Math.min(end, System.nanoTime() + 1_000_000_000L));
                Histogram second = stats.interval();
                total.add(second);
                long elapsed = Duration.ofNanos(System.nanoTime() - start).toSeconds();
                progress.tick(elapsed + "/" + settings.duration().toSeconds() + " s", stats.counts(),
                        Latency.of(second).p99());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        total.add(stats.interval());
        LoadStats.Counts after = stats.counts();
        edges.windowEnds();
        double seconds = (System.nanoTime() - start) / 1e9;
        double clientCpu = clientBefore < 0 ? -1 : client.seconds() - clientBefore;
        double serverCpu = serverBefore < 0 ? -1 : server.seconds() - serverBefore;
        progress.finish();
        return new Window(seconds, after.minus(before), total, clientCpu, serverCpu, interrupted);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
