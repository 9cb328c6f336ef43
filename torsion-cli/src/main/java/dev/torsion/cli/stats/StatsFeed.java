package dev.torsion.cli.stats;

import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Reactor;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.server.WebSocketResource;
import dev.torsion.websocket.topic.TopicRegistry;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The WebSocket the {@code /stats} page listens to: once a second a {@link ServerStats} snapshot is published
 * (framed once) to every page connected, and a page that connects gets one at once. Pages send nothing; what
 * they do send is ignored. Its own connections are not counted in the figures it shows.
 *
 * <p><b>Threading.</b> Thread-safe. <b>Lifecycle.</b> {@link #start()} arms the once-a-second timer on the
 * reactor; it ends with the reactor or {@link #stop()}.
 */
public final class StatsFeed implements WebSocketHandler {

    private static final String TOPIC = "stats";

    private final Reactor reactor;
    private final ServerStats stats;
    private final TopicRegistry pages = TopicRegistry.create();
    private DelayedCall timer;

    public StatsFeed(Reactor reactor, ServerStats stats) {
        this.reactor = reactor;
        this.stats = stats;
    }

    /** The endpoint to mount (it counts nothing itself). */
    public WebSocketResource resource() {
        return WebSocketResource.builder(this).metrics(null).build();
    }

    /** Starts publishing once a second. */
    public synchronized void start() {
        if (timer == null) {
            timer = reactor.callEvery(Duration.ofSeconds(1), () -> pages.publish(TOPIC, stats.snapshot()));
        }
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    @Override
    public void onOpen(WebSocketSession session) {
        session.sendText(stats.snapshot());
        pages.subscribe(session, TOPIC);
    }

    @Override
    public void onText(WebSocketSession session, String text) {
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
    }

    @Override
    public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
    }
}
