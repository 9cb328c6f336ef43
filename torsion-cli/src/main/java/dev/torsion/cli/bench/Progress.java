package dev.torsion.cli.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The live progress line: once a second, on stderr, the last second's rate, MB/s, p99 latency and the
 * error count, rewritten in place ({@code \r}). Off with {@code --quiet} and when the terminal is not
 * interactive ({@link System#console()} is null: output redirected, as in scripts and {@code --json} runs).
 *
 * <p><b>Threading.</b> {@link #tick} is called by the run's thread only. <b>Lifecycle.</b> One per run;
 * {@link #finish()} ends the line.
 */
public final class Progress {

    private final PrintStream err;
    private final boolean on;
    private final String unit;
    private LoadStats.Counts last = new LoadStats.Counts(0, 0, 0);
    private long lastNanos = System.nanoTime();
    private boolean printed;

    /** A progress line on {@code err} that is shown only when {@code on}, counting {@code unit}. */
    public Progress(PrintStream err, boolean on, String unit) {
        this.err = err;
        this.on = on;
        this.unit = unit;
    }

    /** Whether a progress line should be shown by default: an interactive terminal and not quiet. */
    public static boolean wanted(boolean quiet) {
        return !quiet && System.console() != null;
    }

    /** Prints the line for the second that just passed; {@code phase} is e.g. "warm-up" or "3/10 s". */
    public void tick(String phase, LoadStats.Counts now, double p99Micros) {
        long nanos = System.nanoTime();
        double seconds = Math.max(1e-9, (nanos - lastNanos) / 1e9);
        LoadStats.Counts d = now.minus(last);
        last = now;
        lastNanos = nanos;
        if (!on) {
            return;
        }
        err.print(String.format(Locale.ROOT, "\r  %-9s %,12.0f %s  %8.2f MB/s  p99 %-8s errors %d   ", phase,
                d.operations() / seconds, unit, d.bytes() / 1e6 / seconds, Latency.format(p99Micros), now.errors()));
        err.flush();
        printed = true;
    }

    /** Ends the progress line (clears it). */
    public void finish() {
        if (on && printed) {
            err.print("\r" + " ".repeat(90) + "\r");
            err.flush();
        }
    }
}
