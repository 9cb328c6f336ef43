package dev.torsion.micrometer;

import dev.torsion.http.HttpHeaders;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.Role;
import dev.torsion.websocket.TransportWebSocket;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketMetrics;
import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.handshake.HandshakeRejected;
import dev.torsion.websocket.server.EchoHandler;
import dev.torsion.websocket.topic.TopicRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binder's meters read the model: a known workload over the in-memory transport (3 text messages echoed,
 * a close with 1000) and a refusal recorded after binding, read back through a SimpleMeterRegistry by name
 * and tags, and through Prometheus's names.
 */
class TorsionMeterBinderTest {

    private final Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
    private final WebSocketMetrics metrics = WebSocketMetrics.create("/echo");
    private final TopicRegistry topics = TopicRegistry.create();
    private final FrameWriter client = new FrameWriter(Role.CLIENT, new MaskGenerator(7));

    @AfterEach
    void stop() {
        reactor.close();
    }

    private TorsionMeterBinder binder() {
        return new TorsionMeterBinder.Builder().tags(Tags.of("app", "test")).reactor(reactor).websocket(metrics)
                .topics("chat", topics).build();
    }

    private void workload() {
        MemoryTransport t = new MemoryTransport(new FakeClock());
        WebSocketConfig config = WebSocketConfig.defaults().withPing(Duration.ZERO, Duration.ofSeconds(10));
        t.connect(TransportWebSocket.server(new EchoHandler(), config, null, HttpHeaders.empty()).countInto(metrics));
        for (int i = 0; i < 3; i++) {
            t.receive(client.frame(Opcode.TEXT, true, 0, ByteBuffer.wrap("hi!".getBytes(StandardCharsets.UTF_8))));
        }
        t.receive(client.frame(Opcode.CLOSE, true, 0, ByteBuffer.wrap(new byte[]{0x03, (byte) 0xe8})));
    }

    @Test
    void metersReadTheModelByNameAndTags() {
        MeterRegistry registry = new SimpleMeterRegistry();
        binder().bindTo(registry);
        workload();
        metrics.handshakeRefused(HandshakeRejected.Reason.BAD_KEY, 400);   // a key that appears after binding

        assertThat(registry.get("torsion.websocket.messages").tags("endpoint", "/echo", "direction", "received",
                "type", "text", "app", "test").functionCounter().count()).isEqualTo(3);
        assertThat(registry.get("torsion.websocket.payload").tags("direction", "sent", "type", "text")
                .functionCounter().count()).isEqualTo(9);
        assertThat(registry.get("torsion.websocket.connections.closed").tags("clean", "true")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("torsion.websocket.close.frames").tags("direction", "received", "code", "1000")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("torsion.websocket.handshakes").tags("result", "refused", "reason", "bad_key",
                "status", "400").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("torsion.websocket.connections").gauge().value()).isZero();
        assertThat(registry.get("torsion.loop.connections").gauges()).hasSize(2);
        assertThat(registry.get("torsion.loop.lag").functionTimers()).hasSize(2);
        assertThat(registry.get("torsion.topics").tags("registry", "chat").gauge().value()).isZero();
    }

    @Test
    void prometheusNamesFollowItsConventions() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        workload();
        binder().bindTo(registry);
        String text = registry.scrape();
        assertThat(text).contains("torsion_websocket_messages_total{app=\"test\",direction=\"received\","
                + "endpoint=\"/echo\",type=\"text\"} 3.0");
        assertThat(text).contains("torsion_websocket_payload_bytes_total{");
        assertThat(text).contains("torsion_loop_busy_seconds_total{");
        assertThat(text).contains("torsion_loop_lag_seconds_count{");
        assertThat(text).contains("torsion_websocket_send_queue_bytes{");
        assertThat(text).contains("torsion_websocket_close_frames_total{app=\"test\",code=\"1000\",direction=\"sent\"");
        assertThat(text).contains("torsion_tls_handshakes_total{");
        assertThat(text).contains("torsion_topics_dropped_messages_total{");
    }
}
