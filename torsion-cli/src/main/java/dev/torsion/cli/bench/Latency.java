package dev.torsion.cli.bench;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of a run, in microseconds.
 *
 * @param count how many values were recorded
 * @param p50   median
 * @param p90   90th percentile
 * @param p99   99th percentile
 * @param p999  99.9th percentile
 * @param max   largest
 * @param mean  mean
 *
 * <p><b>Threading / lifecycle.</b> Immutable.
 */
public record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    /** No values. */
    public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0, 0);

    /** The percentiles of a histogram of nanoseconds. */
    public static Latency of(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(nanos.getTotalCount(), micros(nanos.getValueAtPercentile(50)),
                micros(nanos.getValueAtPercentile(90)), micros(nanos.getValueAtPercentile(99)),
                micros(nanos.getValueAtPercentile(99.9)), micros(nanos.getMaxValue()), nanos.getMean() / 1000.0);
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }

    /** A latency in microseconds written for people: {@code 850us}, {@code 1.25ms}, {@code 2.10s}. */
    public static String format(double micros) {
        if (micros < 1000) {
            return String.format(java.util.Locale.ROOT, "%.0fus", micros);
        }
        if (micros < 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.2fms", micros / 1000);
        }
        return String.format(java.util.Locale.ROOT, "%.2fs", micros / 1_000_000);
    }
}
