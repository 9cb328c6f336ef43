package dev.torsion.cli.bench;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.websocket.OverflowPolicy;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.client.WebSocketClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Echo mode with {@code --client session}: opens the connections with the Torsion {@link WebSocketClient}, waits until all are open,
 * lets them run through the warm-up and the measured window ({@link EchoClientHandler} keeps the messages
 * in flight), then closes them cleanly.
 *
 * <p><b>Threading / lifecycle.</b> {@link #run} blocks its caller for the whole run; it creates the client's
 * reactor and closes it before returning.
 */
final class EchoLoad {

    private EchoLoad() {
    }

    /** The client configuration for a run: limits that fit its messages, no pings, an ample send queue. */
    static WebSocketConfig clientConfig(BenchSettings settings) {
        long limit = Math.max(16L << 20, settings.size() + 1024L);
        return WebSocketConfig.defaults().withMaxFrameSize(limit).withMaxMessageSize(limit)
                .withSendQueue(Integer.MAX_VALUE, OverflowPolicy.FAIL_SEND)
                .withPing(Duration.ZERO, Duration.ofSeconds(10));
    }

    static BenchResult run(BenchSettings settings, Progress progress) throws InterruptedException {
        LoadStats stats = new LoadStats();
        Payloads payloads = new Payloads(settings.size(), Math.min(settings.depth(), Payloads.MAX_SLOTS),
                settings.text());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch closed = new CountDownLatch(settings.connections());
        Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(settings.threads()));
        try {
            WebSocketClient.Builder builder = WebSocketClient.builder(reactor).config(clientConfig(settings));
            if (settings.deflate()) {
                builder.deflate(dev.torsion.websocket.deflate.PerMessageDeflateClient.builder().build());
            }
            if (settings.http2Streams() > 0) {
                builder.http2(true).http2StreamsPerConnection(settings.http2Streams());
            }
            WebSocketClient client = builder.build();
            List<EchoClientHandler> handlers = new ArrayList<>();
            List<CompletableFuture<WebSocketSession>> opening = new ArrayList<>();
            for (int i = 0; i < settings.connections(); i++) {
                EchoClientHandler handler = new EchoClientHandler(i, settings, payloads, stats, stop, closed);
                handlers.add(handler);
                opening.add(client.connect(settings.uri(), handler).whenComplete((s, error) -> {
                    if (error != null) {
                        stats.error("connect: " + Connecting.describe(error));
                        closed.countDown();
                    } else {
                        handler.start();
                    }
                }));
            }
            Connecting.awaitAll(opening, Duration.ofSeconds(30));
            MeasuredWindow.Window window = MeasuredWindow.measure(settings, stats, progress);
            stop.set(true);
            for (EchoClientHandler handler : handlers) {
                WebSocketSession session = handler.session();
                if (session != null) {
                    session.close();
                }
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
