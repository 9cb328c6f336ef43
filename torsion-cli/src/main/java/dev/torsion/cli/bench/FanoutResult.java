package dev.torsion.cli.bench;

import java.util.Locale;

/**
 * The outcome of a fan-out run, for people ({@link #toText()}) or scripts ({@link #toJson()}).
 *
 * @param settings   the run's settings
 * @param seconds    the measured window's length
 * @param window     deliveries to subscribers (operations) and their payload bytes in the window
 * @param published  messages the publishers sent in the window
 * @param missed     deliveries seen missing in the window (the server dropped them for a subscriber)
 * @param errors     errors over the whole run (connecting and closing included)
 * @param latency    delivery latencies in the window (publisher's send to the subscriber's read)
 * @param clientCpu  this process's CPU seconds over the window, or -1 if unknown
 * @param serverCpu  the server's CPU seconds over the window ({@code --server-pid}), or -1
 * @param firstError a description of the first error, or null
 *
 * <p><b>Threading / lifecycle.</b> Immutable.
 */
record FanoutResult(FanoutSettings settings, double seconds, LoadStats.Counts window, long published, long missed,
                    long errors, Latency latency, double clientCpu, double serverCpu, String firstError) {

    /** Deliveries to subscribers per second over the window. */
    double deliveriesPerSecond() {
        return seconds > 0 ? window.operations() / seconds : 0;
    }

    /** Messages published per second over the window. */
    double publishedPerSecond() {
        return seconds > 0 ? published / seconds : 0;
    }

    /** Whether the run went without errors and without missed deliveries. */
    boolean clean() {
        return errors == 0 && missed == 0;
    }

    /** The result as one JSON object (keys stable, numbers plain). */
    String toJson() {
        BenchSettings s = settings.common();
        StringBuilder j = new StringBuilder(512).append('{');
        field(j, "mode", BenchResult.quote(s.mode().name()));
        field(j, "url", BenchResult.quote(s.uri().toString()));
        field(j, "subscribers", settings.subscribers());
        field(j, "publishers", settings.publishers());
        field(j, "size", s.size());
        field(j, "rate_limit", BenchResult.num(settings.rate()));
        field(j, "seconds", BenchResult.num(seconds));
        field(j, "deliveries", window.operations());
        field(j, "deliveries_per_s", BenchResult.num(deliveriesPerSecond()));
        field(j, "published", published);
        field(j, "published_per_s", BenchResult.num(publishedPerSecond()));
        field(j, "mb_per_s", BenchResult.num(seconds > 0 ? window.bytes() / 1e6 / seconds : 0));
        field(j, "missed", missed);
        field(j, "errors", errors);
        j.append("\"latency_us\":{");
        field(j, "count", latency.count());
        field(j, "p50", BenchResult.num(latency.p50()));
        field(j, "p90", BenchResult.num(latency.p90()));
        field(j, "p99", BenchResult.num(latency.p99()));
        field(j, "p99_9", BenchResult.num(latency.p999()));
        field(j, "max", BenchResult.num(latency.max()));
        j.append("\"mean\":").append(BenchResult.num(latency.mean())).append("},");
        field(j, "client_cpu_s", BenchResult.num(clientCpu));
        field(j, "server_cpu_s", BenchResult.num(serverCpu));
        j.append("\"first_error\":").append(firstError == null ? "null" : BenchResult.quote(firstError));
        return j.append('}').toString();
    }

    /** The result as a few lines for people. */
    String toText() {
        BenchSettings s = settings.common();
        StringBuilder t = new StringBuilder(512);
        t.append(String.format(Locale.ROOT, "torsion bench %s: fanout, %d subscribers, %d publishers (%s), %d B text,"
                        + " %.1f s (warm-up %.1f s)%n", s.uri(), settings.subscribers(), settings.publishers(),
                settings.fixedRate() ? String.format(Locale.ROOT, "%,.0f msg/s", settings.rate()) : "closed loop",
                s.size(), seconds, s.warmup().toMillis() / 1000.0));
        t.append(String.format(Locale.ROOT, "  deliveries/s %,.0f   (%,d in %.1f s)%n", deliveriesPerSecond(),
                window.operations(), seconds));
        t.append(String.format(Locale.ROOT, "  published/s  %,.0f   (%,d)%n", publishedPerSecond(), published));
        t.append(String.format(Locale.ROOT, "  latency      p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
                Latency.format(latency.p50()), Latency.format(latency.p90()), Latency.format(latency.p99()),
                Latency.format(latency.p999()), Latency.format(latency.max())));
        t.append(String.format(Locale.ROOT, "  missed       %d%n", missed));
        t.append(String.format(Locale.ROOT, "  errors       %d%s%n", errors,
                firstError == null ? "" : " (first: " + firstError + ")"));
        if (clientCpu >= 0) {
            t.append(String.format(Locale.ROOT, "  cpu          client %.2f s", clientCpu));
            if (serverCpu >= 0) {
                t.append(String.format(Locale.ROOT, ", server %.2f s", serverCpu));
            }
            t.append(String.format("%n"));
        }
        return t.toString();
    }

    private static void field(StringBuilder j, String name, Object value) {
        j.append('"').append(name).append("\":").append(value).append(',');
    }
}
