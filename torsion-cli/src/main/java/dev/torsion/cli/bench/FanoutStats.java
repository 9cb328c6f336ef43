package dev.torsion.cli.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the connections of a fan-out run report: deliveries to subscribers (count, payload bytes, latency,
 * errors: a {@link LoadStats}), messages published, and deliveries missed (a gap in a publisher's sequence
 * numbers as one subscriber saw them: the server dropped the message for it).
 *
 * <p><b>Threading.</b> Every method may be called from any thread. <b>Lifecycle.</b> One per run.
 */
final class FanoutStats {

    private final LoadStats deliveries = new LoadStats();
    private final LongAdder published = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final int subscribers;

    /** Stats of a run with {@code subscribers} subscriber connections. */
    FanoutStats(int subscribers) {
        this.subscribers = subscribers;
    }

    /** Deliveries to subscribers (operations), their payload bytes, latencies and every error of the run. */
    LoadStats deliveries() {
        return deliveries;
    }

    void published() {
        published.increment();
    }

    long publishedCount() {
        return published.sum();
    }

    void missed(long n) {
        missed.add(n);
    }

    long missedCount() {
        return missed.sum();
    }

    /**
     * Deliveries still owed to subscribers: every message published should reach every subscriber, and each
     * either arrived or was seen missing. Includes messages on their way, so it is an upper bound.
     */
    long outstanding() {
        return published.sum() * subscribers - deliveries.counts().operations() - missed.sum();
    }

    int subscribers() {
        return subscribers;
    }
}
