package dev.torsion.websocket.server;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Site;
import dev.torsion.websocket.WebSocketMetrics;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.handshake.HandshakeRejected;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An endpoint's metrics over real sockets, summed over two event loops, with exact counts: N clients of the
 * JDK's WebSocket (a real peer) each echo M messages and close with 1000, and one upgrade without a key is
 * refused with 400 (also the JFR event {@code dev.torsion.HandshakeRefused}).
 */
class WebSocketResourceMetricsTest {

    static final int N = 4;
    static final int M = 5;

    Reactor reactor;
    ListeningPort port;
    WebSocketMetrics metrics = WebSocketMetrics.create("/echo");

    @BeforeEach
    void start() throws Exception {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        WebSocketResource echo = WebSocketResource.builder(new EchoHandler()).metrics(metrics).build();
        assertThat(echo.metrics()).containsSame(metrics);
        port = reactor.listenTcp("127.0.0.1", 0, new Site(echo));
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    @Test
    void nClientsEchoingMMessagesEachAndARefusedUpgradeAreCountedExactly() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
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
                ws.sendText("message " + m, true).get(10, TimeUnit.SECONDS);   // 9 bytes
            }
        }
        for (CountDownLatch echoed : echoes) {
            assertThat(echoed.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(metrics.openConnections()).isEqualTo(N);
        for (WebSocket ws : clients) {
            ws.sendClose(1000, "done").get(10, TimeUnit.SECONDS);
        }
        for (CompletableFuture<Integer> closed : closes) {
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.connectionsClosed() == N);

        List<RecordedEvent> refusals = new CopyOnWriteArrayList<>();
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("dev.torsion.HandshakeRefused");
            stream.onEvent("dev.torsion.HandshakeRefused", refusals::add);
            stream.startAsync();
            assertThat(upgradeWithoutKey()).startsWith("HTTP/1.1 400 ");
            await().atMost(Duration.ofSeconds(20)).until(() -> refusals.size() == 1);
        }

        assertThat(metrics.handshakesAccepted()).isEqualTo(N);
        assertThat(metrics.handshakesRefused())
                .isEqualTo(Map.of(new WebSocketMetrics.HandshakeRefusal(HandshakeRejected.Reason.BAD_KEY, 400), 1L));
        assertThat(metrics.connectionsOpened()).isEqualTo(N);
        assertThat(metrics.connectionsClosedClean()).isEqualTo(N);
        assertThat(metrics.openConnections()).isZero();
        assertThat(metrics.messagesReceived(Opcode.TEXT)).isEqualTo(N * M);
        assertThat(metrics.messagesSent(Opcode.TEXT)).isEqualTo(N * M);
        assertThat(metrics.payloadBytesReceived(Opcode.TEXT)).isEqualTo(N * M * 9);
        assertThat(metrics.payloadBytesSent(Opcode.TEXT)).isEqualTo(N * M * 9);
        assertThat(metrics.closeCodesReceived()).isEqualTo(Map.of(1000, (long) N));
        assertThat(metrics.closeCodesSent()).isEqualTo(Map.of(1000, (long) N));
        assertThat(reactor.loopMetrics().stream().mapToLong(l -> l.connectionsOpened()).sum()).isEqualTo(N + 1);

        RecordedEvent refused = refusals.get(0);
        assertThat(refused.getInt("status")).isEqualTo(400);
        assertThat(refused.getString("reason")).isEqualTo("BAD_KEY");
        assertThat(refused.getString("endpoint")).isEqualTo("/echo");
        assertThat(refused.getString("message")).contains("Sec-WebSocket-Key");
    }

    /** A raw upgrade request with no Sec-WebSocket-Key; returns the status line. */
    private String upgradeWithoutKey() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
