package dev.torsion.cli.bench;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.client.WebSocketClient;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Handshake mode: {@code connections} loops at once, each connecting (TCP and the opening handshake),
 * closing cleanly and connecting again. An operation is one completed handshake; its latency runs from the
 * connect call to the session's opening (TCP connect, request, 101 response, checks).
 *
 * <p><b>Threading / lifecycle.</b> {@link #run} blocks its caller for the whole run; the loops run on the
 * client's reactor, which {@link #run} creates and closes.
 */
final class HandshakeLoad {

    private final WebSocketClient client;
    private final Reactor reactor;
    private final BenchSettings settings;
    private final LoadStats stats = new LoadStats();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished;

    private HandshakeLoad(Reactor reactor, BenchSettings settings) {
        this.reactor = reactor;
        this.settings = settings;
        this.client = WebSocketClient.builder(reactor).config(EchoLoad.clientConfig(settings)).build();
        this.finished = new CountDownLatch(settings.connections());
    }

    static BenchResult run(BenchSettings settings, Progress progress) throws InterruptedException {
        Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(settings.threads()));
        try {
            return new HandshakeLoad(reactor, settings).run(progress);
        } finally {
            reactor.close();
        }
    }

    private BenchResult run(Progress progress) throws InterruptedException {
        for (int i = 0; i < settings.connections(); i++) {
            new Attempt().start();
        }
        MeasuredWindow.Window window = MeasuredWindow.measure(settings, stats, progress);
        stop.set(true);
        long wait = window.closeWaitSeconds(10);
        if (!finished.await(wait, TimeUnit.SECONDS)) {
            stats.error(finished.getCount() + " handshake loops did not finish within " + wait + " s");
        }
        return new BenchResult(settings, window.seconds(), window.counts(), stats.counts().errors(),
                Latency.of(window.latencies()), window.clientCpu(), window.serverCpu(), stats.firstError());
    }

    /** One connection of a loop: connect, record, close; once it is gone the next attempt starts. */
    private final class Attempt implements WebSocketHandler {
        private long startedAt;
        private boolean over;

        void start() {
            if (stop.get()) {
                finished.countDown();
                return;
            }
            startedAt = System.nanoTime();
            client.connect(settings.uri(), this).whenComplete((session, error) -> {
                if (error != null) {
                    stats.error("connect: " + Connecting.describe(error));
                    // pause a little so a refusing server does not turn this into a busy loop
                    reactor.callLater(Duration.ofMillis(10), this::next);
                }
            });
        }

        @Override
        public void onOpen(WebSocketSession session) {
            stats.completed(0, System.nanoTime() - startedAt);
            session.close();
        }

        @Override
        public void onText(WebSocketSession session, String text) {
        }

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
        }

        @Override
        public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
            if (!clean) {
                stats.error("handshake connection closed uncleanly: " + code.code() + " " + reason);
            }
            next();
        }

        private synchronized void next() {
            if (over) {
                return;
            }
            over = true;
            new Attempt().start();
        }
    }
}
