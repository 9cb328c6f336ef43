package dev.torsion.cli.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Aggregation of what connections record, and the result's JSON and text. */
class BenchResultTest {

    private static BenchSettings settings() {
        return new BenchSettings(URI.create("ws://127.0.0.1:9/"), BenchMode.echo, 2, 32, 1, Duration.ofSeconds(2),
                Duration.ZERO, false, 1, 0, 0, null, EchoClient.lean, false, 0);
    }

    @Test
    void statsAggregateAcrossThreadsAndIntervals() throws Exception {
        LoadStats stats = new LoadStats();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 1; i <= 1000; i++) {
                    stats.completed(32, i * 1000L);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        stats.error("first");
        stats.error("second");
        LoadStats.Counts counts = stats.counts();
        assertThat(counts).isEqualTo(new LoadStats.Counts(4000, 4000 * 32, 2));
        assertThat(stats.firstError()).isEqualTo("first");
        Histogram h = stats.interval();
        assertThat(h.getTotalCount()).isEqualTo(4000);
        assertThat(stats.interval().getTotalCount()).isZero(); // an interval hands its values out once
        Latency latency = Latency.of(h);
        assertThat(latency.p50()).isBetween(499.0, 501.0);   // microseconds
        assertThat(latency.max()).isBetween(999.0, 1001.0);
        assertThat(counts.minus(new LoadStats.Counts(1000, 32000, 1))).isEqualTo(new LoadStats.Counts(3000, 96000, 1));
    }

    @Test
    void jsonHasEveryFigure() {
        Histogram h = new Histogram(3);
        h.recordValue(250_000);
        BenchResult r = new BenchResult(settings(), 2.0, new LoadStats.Counts(10_000, 320_000, 0), 1,
                Latency.of(h), 1.5, 3.0, "echo of \"x\" differs");
        String json = r.toJson();
        assertThat(json).startsWith("{\"mode\":\"echo\",\"url\":\"ws://127.0.0.1:9/\",\"connections\":2,")
                .contains("\"operations\":10000", "\"rate\":5000,", "\"mb_per_s\":0.160", "\"errors\":1",
                        "\"p99\":250", "\"client_cpu_s\":1.500", "\"server_cpu_s\":3",
                        "\"first_error\":\"echo of \\\"x\\\" differs\"")
                .endsWith("}");
        assertThat(r.clientCpuMicrosPerOperation()).isEqualTo(150.0);
        assertThat(r.toText()).contains("messages/s   5,000", "MB/s 0.16", "p99 250us", "errors       1");
    }

    @Test
    void unknownCpuIsNull() {
        BenchResult r = new BenchResult(settings(), 1.0, new LoadStats.Counts(0, 0, 0), 0, Latency.NONE, -1, -1, null);
        assertThat(r.toJson()).contains("\"rate\":0,", "\"first_error\":null");
        assertThat(r.clientCpuMicrosPerOperation()).isEqualTo(-1);
    }
}
