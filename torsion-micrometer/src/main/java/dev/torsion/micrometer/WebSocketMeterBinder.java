package dev.torsion.micrometer;

import dev.torsion.websocket.OverflowPolicy;
import dev.torsion.websocket.WebSocketMetrics;
import dev.torsion.websocket.frame.Opcode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Meters for one {@link WebSocketMetrics} (an endpoint, or a server's endpoints together), tagged
 * {@code endpoint} with its name. Counters (Prometheus adds {@code _total}, and the unit where there is one):
 * <ul>
 *   <li>{@code torsion.websocket.connections.opened}; {@code torsion.websocket.connections.closed}, tag
 *       {@code clean} true/false; gauge {@code torsion.websocket.connections} (open now);</li>
 *   <li>{@code torsion.websocket.handshakes}, tag {@code result} accepted/refused and, for refused, {@code reason}
 *       and {@code status};</li>
 *   <li>{@code torsion.websocket.messages} and {@code torsion.websocket.payload} (bytes), tags {@code direction}
 *       received/sent and {@code type} text/binary;</li>
 *   <li>{@code torsion.websocket.frames}, tags {@code direction} and {@code opcode}
 *       (text, binary, continuation, close, ping, pong);</li>
 *   <li>{@code torsion.websocket.close.frames}, tags {@code direction} and {@code code};</li>
 *   <li>{@code torsion.websocket.overflow.actions}, tag {@code policy};</li>
 * </ul>
 * a timer {@code torsion.websocket.rtt} (round trips measured by pings) and a time gauge
 * {@code torsion.websocket.rtt.max}; gauges {@code torsion.websocket.send.queue} and
 * {@code torsion.websocket.send.queue.largest} (bytes, sampled once a second), and
 * {@code torsion.websocket.deflate.streams} (tag {@code kind} compressor/decompressor) and
 * {@code torsion.websocket.deflate.memory} (bytes).
 *
 * <p>Refusal reasons and close codes get their meter when they first happen
 * ({@link WebSocketMetrics#addKeyListener}); those seen before binding get theirs at once.
 *
 * <p><b>Threading.</b> Immutable; bind from any thread. <b>Lifecycle.</b> Bind once per registry.
 */
public final class WebSocketMeterBinder implements MeterBinder {

    private static final int[] MESSAGE_TYPES = {Opcode.TEXT, Opcode.BINARY};
    private static final int[] OPCODES = {Opcode.CONTINUATION, Opcode.TEXT, Opcode.BINARY, Opcode.CLOSE,
            Opcode.PING, Opcode.PONG};

    private final WebSocketMetrics metrics;
    private final Tags tags;

    /** Meters for {@code metrics}, tagged {@code endpoint=metrics.name()} plus {@code tags}. */
    public WebSocketMeterBinder(WebSocketMetrics metrics, Iterable<Tag> tags) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tags = Tags.of(tags).and("endpoint", metrics.name());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        WebSocketMetrics m = metrics;
        Gauge.builder("torsion.websocket.connections", m, WebSocketMetrics::openConnections)
                .description("WebSocket connections open").tags(tags).register(registry);
        counter(registry, "torsion.websocket.connections.opened", "WebSocket connections opened", tags,
                m, WebSocketMetrics::connectionsOpened);
        counter(registry, "torsion.websocket.connections.closed", "WebSocket connections that ended",
                tags.and("clean", "true"), m, WebSocketMetrics::connectionsClosedClean);
        counter(registry, "torsion.websocket.connections.closed", "WebSocket connections that ended",
                tags.and("clean", "false"), m, WebSocketMetrics::connectionsClosedUnclean);
        counter(registry, "torsion.websocket.handshakes", "WebSocket upgrade requests answered",
                tags.and("result", "accepted").and("reason", "none").and("status", "101"),
                m, WebSocketMetrics::handshakesAccepted);
        for (int type : MESSAGE_TYPES) {
            String name = name(type);
            Tags in = tags.and("direction", "received").and("type", name);
            Tags out = tags.and("direction", "sent").and("type", name);
            counter(registry, "torsion.websocket.messages", "Whole WebSocket messages", in, m, x -> x.messagesReceived(type));
            counter(registry, "torsion.websocket.messages", "Whole WebSocket messages", out, m, x -> x.messagesSent(type));
            bytes(registry, "torsion.websocket.payload", "Message payload bytes, as on the wire", in, m,
                    x -> x.payloadBytesReceived(type));
            bytes(registry, "torsion.websocket.payload", "Message payload bytes, as on the wire", out, m,
                    x -> x.payloadBytesSent(type));
        }
        for (int opcode : OPCODES) {
            String name = name(opcode);
            counter(registry, "torsion.websocket.frames", "WebSocket frames",
                    tags.and("direction", "received").and("opcode", name), m, x -> x.framesReceived(opcode));
            counter(registry, "torsion.websocket.frames", "WebSocket frames",
                    tags.and("direction", "sent").and("opcode", name), m, x -> x.framesSent(opcode));
        }
        for (OverflowPolicy policy : OverflowPolicy.values()) {
            counter(registry, "torsion.websocket.overflow.actions", "Times the send-queue bound was hit and the policy acted",
                    tags.and("policy", policy.name().toLowerCase(Locale.ROOT)), m, x -> x.overflowActions(policy));
        }
        FunctionTimer.builder("torsion.websocket.rtt", m, WebSocketMetrics::roundTrips,
                        WebSocketMetrics::roundTripNanosTotal, TimeUnit.NANOSECONDS)
                .description("Round-trip times measured by pings").tags(tags).register(registry);
        TimeGauge.builder("torsion.websocket.rtt.max", m, TimeUnit.NANOSECONDS, WebSocketMetrics::roundTripNanosMax)
                .description("The longest round-trip time measured").tags(tags).register(registry);
        Gauge.builder("torsion.websocket.send.queue", m, WebSocketMetrics::sendQueueBytes)
                .description("Bytes waiting to be sent, all connections (sampled once a second)")
                .baseUnit(BaseUnits.BYTES).tags(tags).register(registry);
        Gauge.builder("torsion.websocket.send.queue.largest", m, WebSocketMetrics::largestSendQueueBytes)
                .description("The longest send queue of one connection (sampled once a second)")
                .baseUnit(BaseUnits.BYTES).tags(tags).register(registry);
        Gauge.builder("torsion.websocket.deflate.streams", m, WebSocketMetrics::deflateCompressors)
                .description("zlib streams alive").tags(tags.and("kind", "compressor")).register(registry);
        Gauge.builder("torsion.websocket.deflate.streams", m, WebSocketMetrics::deflateDecompressors)
                .description("zlib streams alive").tags(tags.and("kind", "decompressor")).register(registry);
        Gauge.builder("torsion.websocket.deflate.memory", m, WebSocketMetrics::deflateMemoryBytes)
                .description("Native memory the zlib streams need (zlib's documented sizes)")
                .baseUnit(BaseUnits.BYTES).tags(tags).register(registry);
        Runnable keys = () -> bindKeys(registry);
        m.addKeyListener(keys);
        keys.run();
    }

    /** Meters for the refusal reasons and close codes seen so far (registering one again is harmless). */
    private void bindKeys(MeterRegistry registry) {
        WebSocketMetrics m = metrics;
        for (WebSocketMetrics.HandshakeRefusal refusal : m.handshakesRefused().keySet()) {
            counter(registry, "torsion.websocket.handshakes", "WebSocket upgrade requests answered",
                    tags.and("result", "refused").and("reason", refusal.reason().name().toLowerCase(Locale.ROOT))
                            .and("status", Integer.toString(refusal.status())),
                    m, x -> x.handshakesRefused().getOrDefault(refusal, 0L));
        }
        for (Map.Entry<Integer, Long> e : m.closeCodesSent().entrySet()) {
            int code = e.getKey();
            counter(registry, "torsion.websocket.close.frames", "Close frames, by status code",
                    tags.and("direction", "sent").and("code", Integer.toString(code)), m,
                    x -> x.closeCodesSent().getOrDefault(code, 0L));
        }
        for (Map.Entry<Integer, Long> e : m.closeCodesReceived().entrySet()) {
            int code = e.getKey();
            counter(registry, "torsion.websocket.close.frames", "Close frames, by status code",
                    tags.and("direction", "received").and("code", Integer.toString(code)), m,
                    x -> x.closeCodesReceived().getOrDefault(code, 0L));
        }
    }

    private static void counter(MeterRegistry registry, String name, String description, Tags tags,
                                WebSocketMetrics m, java.util.function.ToDoubleFunction<WebSocketMetrics> f) {
        FunctionCounter.builder(name, m, f).description(description).tags(tags).register(registry);
    }

    private static void bytes(MeterRegistry registry, String name, String description, Tags tags,
                              WebSocketMetrics m, java.util.function.ToDoubleFunction<WebSocketMetrics> f) {
        FunctionCounter.builder(name, m, f).description(description).baseUnit(BaseUnits.BYTES).tags(tags)
                .register(registry);
    }

    private static String name(int opcode) {
        return Opcode.name(opcode).toLowerCase(Locale.ROOT);
    }
}
