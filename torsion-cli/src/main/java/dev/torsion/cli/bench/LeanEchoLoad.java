package dev.torsion.cli.bench;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Echo mode with the lean client (the default): {@link LeanEchoConnection}s straight on a Torsion reactor.
 * Opens every connection, waits until all are open, runs the warm-up and the window, then closes them with
 * a close frame each.
 *
 * <p><b>Threading / lifecycle.</b> {@link #run} blocks its caller for the whole run; it creates the client's
 * reactor and closes it before returning.
 */
final class LeanEchoLoad {

    private LeanEchoLoad() {
    }

    static BenchResult run(BenchSettings settings, Progress progress) throws InterruptedException {
        LoadStats stats = new LoadStats();
        Payloads payloads = new Payloads(settings.size(), Math.min(settings.depth(), Payloads.MAX_SLOTS),
                settings.text());
        LeanFrames frames = new LeanFrames(payloads, settings.text());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch closed = new CountDownLatch(settings.connections());
        Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(settings.threads()));
        try {
            List<LeanEchoConnection> connections = new ArrayList<>();
            List<CompletableFuture<Void>> opening = new ArrayList<>();
            for (int i = 0; i < settings.connections(); i++) {
                LeanEchoConnection connection = new LeanEchoConnection(i, settings, payloads, frames, stats, stop,
                        closed);
                connections.add(connection);
                reactor.connectTcp(settings.uri().getHost(), settings.port(), remote -> connection,
                        Duration.ofSeconds(10)).whenComplete((p, error) -> {
                            if (error != null) {
                                stats.error("connect: " + Connecting.describe(error));
                                connection.opened().completeExceptionally(error);
                                closed.countDown();
                            }
                        });
                opening.add(connection.opened()); // failures are counted where they happen
            }
            Connecting.awaitAll(opening, Duration.ofSeconds(30));
            MeasuredWindow.Window window = MeasuredWindow.measure(settings, stats, progress);
            stop.set(true);
            for (LeanEchoConnection connection : connections) {
                connection.stop();
            }
            long wait = window.closeWaitSeconds(10);
            if (!closed.await(wait, TimeUnit.SECONDS)) {
                stats.error(closed.getCount() + " connections did not finish closing within " + wait + " s");
            }
            return new BenchResult(settings, window.seconds(), window.counts(), stats.counts().errors(),
                    Latency.of(window.latencies()), window.clientCpu(), window.serverCpu(), stats.firstError());
        } finally {
            reactor.close();
        }
    }
}
