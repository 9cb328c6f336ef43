package dev.torsion.cli;

import dev.torsion.cli.stats.MetricsResource;
import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code torsion echo --metrics}: after a known workload (N JDK WebSocket clients, M echoes each, a clean
 * close, a refused upgrade), {@code GET /metrics} parses as the Prometheus text format (strictly, see
 * {@link PrometheusText}), its names follow Prometheus's conventions, and its counts are exact.
 */
class EchoMetricsTest {

    static final int N = 3;
    static final int M = 4;
    static final Pattern UNIT_SUFFIX_NOT_BASE = Pattern.compile(".*_(milliseconds|millis|ms|microseconds|us|"
            + "nanoseconds|nanos|ns|minutes|hours|kilobytes|kibibytes|megabytes|bits)(_total|_sum|_count|_max)?$");

    static Reactor reactor;
    static ListeningPort port;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        EchoCommand command = new EchoCommand(new PrintStream(new ByteArrayOutputStream(), true));
        command.metrics = true;
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        port = reactor.listenTcp("127.0.0.1", 0, command.site(reactor));
    }

    @AfterAll
    static void stop() {
        reactor.close();
    }

    @Test
    void metricsParseFollowTheConventionsAndCountTheWorkloadExactly() throws Exception {
        echoWorkload();
        try (Socket raw = new Socket("127.0.0.1", port.port())) {   // an upgrade without Sec-WebSocket-Key
            raw.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] status = raw.getInputStream().readNBytes(12);
            assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 400");
        }

        String[] text = new String[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            text[0] = scrape();
            return PrometheusText.parse(text[0]).value("torsion_websocket_connections_closed_total",
                    Map.of("clean", "true")) == N;
        });
        PrometheusText p = PrometheusText.parse(text[0]);

        for (PrometheusText.Family f : p.families.values()) {
            assertThat(f.help).as("HELP of " + f.name).isNotNull();
            assertThat(f.type).as("TYPE of " + f.name).isNotEqualTo("untyped");
            if (f.name.startsWith("torsion_")) {   // ours (the JVM's meters are Micrometer's names)
                assertThat(f.name).as("base units (seconds, bytes)").doesNotMatch(UNIT_SUFFIX_NOT_BASE);
                assertThat(f.type.equals("counter")).as(f.name + " is a counter iff named *_total")
                        .isEqualTo(f.name.endsWith("_total"));
            }
        }
        Map<String, String> echo = Map.of("endpoint", "/");
        assertThat(p.value("torsion_websocket_messages_total", with(echo, "direction", "received", "type", "text"))).isEqualTo(N * M);
        assertThat(p.value("torsion_websocket_messages_total", with(echo, "direction", "sent", "type", "text"))).isEqualTo(N * M);
        assertThat(p.value("torsion_websocket_payload_bytes_total", with(echo, "direction", "received", "type", "text"))).isEqualTo(N * M * 5);
        assertThat(p.value("torsion_websocket_frames_total", with(echo, "direction", "received", "opcode", "close"))).isEqualTo(N);
        assertThat(p.value("torsion_websocket_close_frames_total", with(echo, "direction", "sent", "code", "1000"))).isEqualTo(N);
        assertThat(p.value("torsion_websocket_handshakes_total", with(echo, "result", "accepted"))).isEqualTo(N);
        assertThat(p.value("torsion_websocket_handshakes_total", with(echo, "result", "refused", "reason", "bad_key"))).isEqualTo(1);
        assertThat(p.value("torsion_websocket_connections", echo)).isZero();
        assertThat(p.families.get("torsion_loop_lag_seconds").type).isEqualTo("summary");
        assertThat(p.families).containsKeys("torsion_loop_busy_seconds_total", "torsion_websocket_send_queue_bytes",
                "torsion_websocket_deflate_memory_bytes", "torsion_tls_handshakes_total", "jvm_memory_used_bytes");
    }

    @Test
    void metricsAreServedWithTheFormatsContentType() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(MetricsResource.CONTENT_TYPE);
    }

    private static String scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> m = new java.util.HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static void echoWorkload() throws Exception {
        List<WebSocket> clients = new ArrayList<>();
        List<CountDownLatch> echoes = new ArrayList<>();
        List<CompletableFuture<Integer>> closes = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            CountDownLatch echoed = new CountDownLatch(M);
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            clients.add(http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port.port() + "/"),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            echoed.countDown();
                            ws.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                            closed.complete(code);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS));
            echoes.add(echoed);
            closes.add(closed);
        }
        for (WebSocket ws : clients) {
            for (int m = 0; m < M; m++) {
                ws.sendText("hello", true).get(10, TimeUnit.SECONDS);
            }
        }
        for (int i = 0; i < N; i++) {
            assertThat(echoes.get(i).await(10, TimeUnit.SECONDS)).isTrue();
            clients.get(i).sendClose(1000, "").get(10, TimeUnit.SECONDS);
            assertThat(closes.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        }
    }
}
