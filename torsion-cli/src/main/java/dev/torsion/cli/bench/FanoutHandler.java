package dev.torsion.cli.bench;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.topic.SlowConsumerPolicy;
import dev.torsion.websocket.topic.TopicRegistry;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handler of {@code torsion bench-fanout-server}: every connection is a subscriber of one topic, and a
 * text message received from any of them goes to all of them (its sender included), in one of two ways:
 * <ul>
 *   <li><b>frame once</b>: {@link TopicRegistry#publish(String, String)}, which frames the message once and
 *       writes the same frame to every subscriber;</li>
 *   <li><b>frame per subscriber</b>: a loop of {@link WebSocketSession#sendText} over the open sessions, which
 *       encodes and frames the message once per subscriber.</li>
 * </ul>
 * Both drop a message for a subscriber whose send queue is over {@link #MAX_QUEUED_BYTES} (the registry by
 * its slow-consumer policy, the loop by checking {@link WebSocketSession#bufferedAmount()}), so a slow
 * load generator shows up as missed deliveries rather than a server that runs out of memory. Binary
 * messages are ignored.
 *
 * <p><b>Threading.</b> Callbacks run on the sessions' event loops; the session set and the registry are
 * thread-safe. With one event loop (the benchmark's set-up, one core) every send is a direct write; with
 * several, the per-subscriber loop's sends to other loops' sessions hop one by one, while the registry
 * hops once per loop and batch. <b>Lifecycle.</b> One per server; sessions join on open and leave on close.
 */
final class FanoutHandler implements WebSocketHandler {

    /** The one topic every connection subscribes to. */
    static final String TOPIC = "fanout";
    /** A subscriber's send queue over this many bytes misses messages, in both modes. */
    static final long MAX_QUEUED_BYTES = 1 << 20;

    private final boolean perSubscriber;
    private final TopicRegistry topics;
    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

    /** Frame once through a {@link TopicRegistry}, or (with {@code perSubscriber}) frame per subscriber. */
    FanoutHandler(boolean perSubscriber) {
        this(perSubscriber, new dev.torsion.websocket.topic.InMemoryBackplane());
    }

    /** As above, the registry on {@code backplane}. */
    FanoutHandler(boolean perSubscriber, dev.torsion.websocket.topic.TopicBackplane backplane) {
        this.perSubscriber = perSubscriber;
        this.topics = TopicRegistry.builder().backplane(backplane)
                .slowConsumerPolicy(SlowConsumerPolicy.drop(MAX_QUEUED_BYTES)).build();
    }

    @Override
    public void onOpen(WebSocketSession session) {
        if (perSubscriber) {
            sessions.add(session);
        } else {
            topics.subscribe(session, TOPIC);
        }
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        if (!perSubscriber) {
            topics.publish(TOPIC, text);
            return;
        }
        for (WebSocketSession subscriber : sessions) {
            if (subscriber.bufferedAmount() <= MAX_QUEUED_BYTES) {
                subscriber.sendText(text);
            }
        }
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
    }

    @Override
    public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        sessions.remove(session); // the registry forgets closed sessions by itself
    }

    /** Subscribers right now (for tests). */
    int subscribers() {
        return perSubscriber ? sessions.size() : topics.subscriberCount(TOPIC);
    }
}
