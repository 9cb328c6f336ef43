package dev.torsion.cli.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle mode: opens {@code connections} WebSocket connections (spread over the source addresses
 * 127.0.0.2, 127.0.0.3, ... when {@code sources > 0}), holds them for the duration while an
 * {@link IdleKeeper} answers pings, then closes them. Once all are open it writes the ready file, so a
 * script can measure the server (RSS, heap) while they are held. The latencies reported are those of the
 * opening handshakes; the count is the connections still open at the end of the hold.
 *
 * <p><b>Threading / lifecycle.</b> {@link #run} blocks its caller for the whole run; it opens with a few
 * connector threads and closes everything before returning.
 */
final class IdleLoad {

    private static final int CONNECTOR_THREADS = 4;

    private IdleLoad() {
    }

    /** The source address of connection {@code index}: 127.0.0.2 onwards, round robin, or null for none. */
    static InetAddress sourceOf(int index, int sources) throws UnknownHostException {
        if (sources <= 0) {
            return null;
        }
        int last = 2 + index % sources;
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    static BenchResult run(BenchSettings settings, Progress progress) throws InterruptedException, IOException {
        LoadStats stats = new LoadStats();
        InetSocketAddress server = new InetSocketAddress(settings.uri().getHost(), settings.port());
        try (IdleKeeper keeper = new IdleKeeper(stats)) {
            keeper.start();
            AtomicInteger next = new AtomicInteger();
            ExecutorService connectors = Executors.newFixedThreadPool(Math.min(CONNECTOR_THREADS, settings.connections()));
            for (int t = 0; t < CONNECTOR_THREADS; t++) {
                connectors.execute(() -> {
                    for (int i; (i = next.getAndIncrement()) < settings.connections(); ) {
                        long start = System.nanoTime();
                        try {
                            SocketChannel channel = IdleConnector.open(settings.uri(), server,
                                    sourceOf(i, settings.sources()));
                            stats.completed(0, System.nanoTime() - start);
                            keeper.adopt(channel);
                        } catch (IOException | RuntimeException e) {
                            stats.error("connection " + i + ": " + Connecting.describe(e));
                        }
                    }
                });
            }
            connectors.shutdown();
            while (!connectors.awaitTermination(1, TimeUnit.SECONDS)) {
                progress.tick("opening", stats.counts(), 0);
            }
            org.HdrHistogram.Histogram handshakes = stats.interval();
            if (settings.readyFile() != null) {
                Files.writeString(settings.readyFile(), keeper.open() + "\n");
            }
            CpuClock client = CpuClock.self();
            CpuClock serverCpu = CpuClock.of(settings.serverPid());
            double clientBefore = client.seconds();
            double serverBefore = serverCpu == null ? -1 : serverCpu.seconds();
            long start = System.nanoTime();
            long end = start + settings.duration().toNanos();
            try {
                while (System.nanoTime() < end) {
                    long left = Math.min(end - System.nanoTime(), 1_000_000_000L);
                    if (left > 0) {
                        TimeUnit.NANOSECONDS.sleep(left);
                    }
                    progress.tick("holding " + keeper.open(), stats.counts(), 0);
                }
            } catch (InterruptedException e) {
                // Ctrl-C: report what was held until now
            }
            progress.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            int held = keeper.open();
            double clientCpu = clientBefore < 0 ? -1 : client.seconds() - clientBefore;
            double serverCpuSeconds = serverBefore < 0 ? -1 : serverCpu.seconds() - serverBefore;
            keeper.close();
            return new BenchResult(settings, seconds, new LoadStats.Counts(held, 0, stats.counts().errors()),
                    stats.counts().errors(), Latency.of(handshakes), clientCpu, serverCpuSeconds, stats.firstError());
        }
    }
}
