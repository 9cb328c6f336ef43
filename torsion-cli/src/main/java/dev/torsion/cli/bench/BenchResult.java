package dev.torsion.cli.bench;

import java.util.Locale;

/**
 * The outcome of one run: what was measured over the window (after the warm-up) and how to print it, for
 * people ({@link #toText()}) or scripts ({@link #toJson()}).
 *
 * @param settings    the run's settings
 * @param seconds     the measured window's length
 * @param window      operations (echoed messages, handshakes, open connections) and payload bytes in the window
 * @param errors      errors over the whole run (warm-up, connecting and closing included)
 * @param latency     latencies of the window's operations
 * @param clientCpu   this process's CPU seconds over the window, or -1 if unknown
 * @param serverCpu   the server's CPU seconds over the window ({@code --server-pid}), or -1
 * @param firstError  a description of the first error, or null
 *
 * <p><b>Threading / lifecycle.</b> Immutable.
 */
public record BenchResult(BenchSettings settings, double seconds, LoadStats.Counts window, long errors,
                          Latency latency, double clientCpu, double serverCpu, String firstError) {

    /** Operations per second over the window. */
    public double rate() {
        return seconds > 0 ? window.operations() / seconds : 0;
    }

    /** Payload megabytes (10^6 bytes) per second over the window, one direction. */
    public double megabytesPerSecond() {
        return seconds > 0 ? window.bytes() / 1e6 / seconds : 0;
    }

    /** What one operation costs the client in CPU microseconds, or -1 if unknown. */
    public double clientCpuMicrosPerOperation() {
        return clientCpu < 0 || window.operations() == 0 ? -1 : clientCpu * 1e6 / window.operations();
    }

    /** The name of the rate: messages/s, handshakes/s or connections (idle). */
    public String rateName() {
        switch (settings.mode()) {
            case handshake: return "handshakes/s";
            case idle: return "connections";
            default: return "messages/s";
        }
    }

    /** The result as one JSON object (keys stable, numbers plain). */
    public String toJson() {
        StringBuilder j = new StringBuilder(512).append('{');
        field(j, "mode", quote(settings.mode().name()));
        field(j, "url", quote(settings.uri().toString()));
        field(j, "connections", settings.connections());
        field(j, "size", settings.size());
        field(j, "depth", settings.depth());
        field(j, "text", settings.text());
        field(j, "seconds", num(seconds));
        field(j, "operations", window.operations());
        field(j, "rate", num(rate()));
        field(j, "mb_per_s", num(megabytesPerSecond()));
        field(j, "errors", errors);
        j.append("\"latency_us\":{");
        field(j, "count", latency.count());
        field(j, "p50", num(latency.p50()));
        field(j, "p90", num(latency.p90()));
        field(j, "p99", num(latency.p99()));
        field(j, "p99_9", num(latency.p999()));
        field(j, "max", num(latency.max()));
        j.append("\"mean\":").append(num(latency.mean())).append("},");
        field(j, "client_cpu_s", num(clientCpu));
        field(j, "server_cpu_s", num(serverCpu));
        j.append("\"first_error\":").append(firstError == null ? "null" : quote(firstError));
        return j.append('}').toString();
    }

    /** The result as a few lines for people. */
    public String toText() {
        StringBuilder t = new StringBuilder(512);
        BenchSettings s = settings;
        t.append(String.format(Locale.ROOT, "torsion bench %s: %s, %d connections", s.uri(), s.mode(), s.connections()));
        if (s.mode() == BenchMode.echo) {
            t.append(String.format(Locale.ROOT, ", %d B %s, %d in flight", s.size(), s.text() ? "text" : "binary",
                    s.depth()));
        }
        t.append(String.format(Locale.ROOT, ", %.1f s (warm-up %.1f s)%n", seconds, s.warmup().toMillis() / 1000.0));
        if (s.mode() == BenchMode.idle) {
            t.append(String.format(Locale.ROOT, "  connections  %d open, held %.1f s%n", window.operations(), seconds));
        } else {
            t.append(String.format(Locale.ROOT, "  %-12s %,.0f", rateName(), rate()));
            if (s.mode() == BenchMode.echo) {
                t.append(String.format(Locale.ROOT, "   MB/s %.2f", megabytesPerSecond()));
            }
            t.append(String.format(Locale.ROOT, "   (%,d in %.1f s)%n", window.operations(), seconds));
        }
        t.append(String.format(Locale.ROOT, "  latency      p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
                Latency.format(latency.p50()), Latency.format(latency.p90()), Latency.format(latency.p99()),
                Latency.format(latency.p999()), Latency.format(latency.max())));
        t.append(String.format(Locale.ROOT, "  errors       %d%s%n", errors,
                firstError == null ? "" : " (first: " + firstError + ")"));
        if (clientCpu >= 0) {
            t.append(String.format(Locale.ROOT, "  cpu          client %.2f s", clientCpu));
            if (serverCpu >= 0) {
                t.append(String.format(Locale.ROOT, ", server %.2f s", serverCpu));
            }
            if (s.mode() != BenchMode.idle && window.operations() > 0) {
                t.append(String.format(Locale.ROOT, " (client %.1f us per operation)", clientCpuMicrosPerOperation()));
            }
            t.append(String.format("%n"));
        }
        return t.toString();
    }

    private static void field(StringBuilder j, String name, Object value) {
        j.append('"').append(name).append("\":").append(value).append(',');
    }

    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': q.append("\\\""); break;
                case '\\': q.append("\\\\"); break;
                case '\n': q.append("\\n"); break;
                case '\r': q.append("\\r"); break;
                case '\t': q.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
            }
        }
        return q.append('"').toString();
    }
}
