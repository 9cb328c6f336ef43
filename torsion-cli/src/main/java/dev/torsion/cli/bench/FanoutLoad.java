package dev.torsion.cli.bench;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fan-out mode ({@code --mode fanout}): opens the subscribers ({@link #BATCH} connection attempts at a time,
 * so a server's accept backlog is not overrun), then the publishers, which start publishing as soon as they
 * are open; runs the warm-up and the window; stops publishing and closes every connection with a close frame.
 *
 * <p><b>Threading / lifecycle.</b> {@link #run} blocks its caller for the whole run; it creates the client's
 * reactor and closes it before returning.
 */
final class FanoutLoad {

    /** Connection attempts in flight at once while opening. */
    static final int BATCH = 500;

    private FanoutLoad() {
    }

    static FanoutResult run(FanoutSettings settings, Progress progress) throws InterruptedException {
        BenchSettings common = settings.common();
        FanoutStats stats = new FanoutStats(settings.subscribers());
        AtomicBoolean stop = new AtomicBoolean();
        int total = settings.subscribers() + settings.publishers();
        CountDownLatch closed = new CountDownLatch(total);
        long base = System.nanoTime();
        SplittableRandom keys = new SplittableRandom(0xFA_0017L);
        Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(common.threads()));
        try {
            List<FanoutConnection> connections = new ArrayList<>(total);
            List<CompletableFuture<Void>> opening = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                boolean publishes = i >= settings.subscribers();
                int p = i - settings.subscribers();
                FanoutPublisher publisher = publishes
                        ? new FanoutPublisher(p, settings, stats, stop, base, keys.nextInt()) : null;
                java.net.URI server = settings.server(i);
                FanoutConnection connection = new FanoutConnection(publishes ? "publisher " + p : "subscriber " + i,
                        server, settings, stats, stop, closed, base, publisher);
                connections.add(connection);
                reactor.connectTcp(server.getHost(), server.getPort() < 0 ? 80 : server.getPort(), remote -> connection,
                        Duration.ofSeconds(10)).whenComplete((protocol, error) -> {
                            if (error != null) {
                                stats.deliveries().error("connect: " + Connecting.describe(error));
                                connection.opened().completeExceptionally(error);
                                closed.countDown();
                            }
                        });
                opening.add(connection.opened());
                if (opening.size() == BATCH || i == settings.subscribers() - 1) {
                    Connecting.awaitAll(opening, Duration.ofSeconds(30)); // all subscribers open before publishing
                    opening.clear();
                }
            }
            Connecting.awaitAll(opening, Duration.ofSeconds(30));
            PublisherCounts counts = new PublisherCounts(stats);
            MeasuredWindow.Window window = MeasuredWindow.measure(common, settings.otherServerPids(), stats.deliveries(),
                    progress, counts);
            stop.set(true);
            for (FanoutConnection connection : connections) {
                connection.stop();
            }
            long wait = window.closeWaitSeconds(20);
            if (!closed.await(wait, TimeUnit.SECONDS)) {
                stats.deliveries().error(closed.getCount() + " connections did not finish closing within " + wait + " s");
            }
            LoadStats.Counts errors = stats.deliveries().counts();
            return new FanoutResult(settings, window.seconds(), window.counts(), counts.published, counts.missed,
                    errors.errors(), Latency.of(window.latencies()), window.clientCpu(), window.serverCpu(),
                    stats.deliveries().firstError());
        } finally {
            reactor.close();
        }
    }

    /** Messages published and deliveries missed within the window (taken at its edges). */
    private static final class PublisherCounts implements MeasuredWindow.Edges {
        private final FanoutStats stats;
        long published;
        long missed;

        PublisherCounts(FanoutStats stats) {
            this.stats = stats;
        }

        @Override
        public void windowStarts() {
            published = -stats.publishedCount();
            missed = -stats.missedCount();
        }

        @Override
        public void windowEnds() {
            published += stats.publishedCount();
            missed += stats.missedCount();
        }
    }
}
