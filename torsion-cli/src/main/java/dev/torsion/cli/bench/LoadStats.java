package dev.torsion.cli.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the connections of a run report as they go: completed operations (echoed messages, handshakes),
 * payload bytes, errors, and latencies in nanoseconds.
 *
 * <p><b>Threading.</b> Every recording method may be called from any thread at once (event loops record,
 * the progress line and the run read). <b>Lifecycle.</b> One per run; {@link #interval()} hands out the
 * latencies recorded since its last call, so the run calls it once when the warm-up ends (discarding
 * them) and once when the window ends.
 */
public final class LoadStats {

    private final LongAdder operations = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Recorder latencies = new Recorder(3);
    private volatile String firstError;

    /** One operation of {@code payloadBytes} took {@code latencyNanos}. */
    public void completed(long payloadBytes, long latencyNanos) {
        operations.increment();
        bytes.add(payloadBytes);
        latencies.recordValue(Math.max(1, latencyNanos));
    }

    /** Something went wrong ({@code what} is kept for the report if it is the first). */
    public void error(String what) {
        errors.increment();
        if (firstError == null) {
            firstError = what;
        }
    }

    /** The counters so far. */
    public Counts counts() {
        return new Counts(operations.sum(), bytes.sum(), errors.sum());
    }

    /** The latencies recorded since the last call (the first call: since the start). */
    public Histogram interval() {
        return latencies.getIntervalHistogram();
    }

    /** The first error seen, or null. */
    public String firstError() {
        return firstError;
    }

    /**
     * Counters at one moment.
     *
     * @param operations completed operations
     * @param bytes      payload bytes of those operations
     * @param errors     errors
     */
    public record Counts(long operations, long bytes, long errors) {
        /** The counts between {@code earlier} and this. */
        public Counts minus(Counts earlier) {
            return new Counts(operations - earlier.operations, bytes - earlier.bytes, errors - earlier.errors);
        }
    }
}
