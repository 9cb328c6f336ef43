package dev.torsion.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code torsion chat} over real sockets with the JDK's HTTP and WebSocket clients. */
class ChatCommandTest {

    static ChatServerFixture server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServerFixture();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thePageIsServedAtTheRootOnly() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl("/"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("<title>Torsion chat</title>").contains("data-ws-path=\"/chat\"");
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl("/other"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
    }

    /** Collects text messages and the close code. */
    static final class Listener implements WebSocket.Listener {
        final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }

    @Test
    void theJdkClientJoinsAndTalksAndAnOversizedMessageCloses1009() throws Exception {
        Listener listener = new Listener();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(server.wsUrl("/chat")), listener)
                .get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"join\",\"room\":\"jdk\",\"name\":\"duke\"}", true).get(5, TimeUnit.SECONDS);
        assertThat(listener.texts.poll(10, TimeUnit.SECONDS))
                .isEqualTo("{\"type\":\"welcome\",\"room\":\"jdk\",\"name\":\"duke\",\"members\":[\"duke\"]}");
        assertThat(listener.texts.poll(10, TimeUnit.SECONDS))
                .matches("\\{\"id\":\"\\d+-\\d+\",\"type\":\"joined\",\"room\":\"jdk\",\"name\":\"duke\"}");
        ws.sendText("{\"type\":\"say\",\"text\":\"" + "y".repeat(1001) + "\"}", true).get(5, TimeUnit.SECONDS);
        assertThat(listener.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"error\",\"code\":\"invalid-text\","
                + "\"message\":\"the text has 1001 characters, at most 1000 are allowed\"}");
        ws.sendText("{\"type\":\"say\",\"text\":\"" + "z".repeat(ChatCommand.MAX_CLIENT_MESSAGE) + "\"}", true);
        assertThat(listener.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
        assertThat(server.log.toString(StandardCharsets.UTF_8)).contains("+ duke joined jdk (1 there)");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                server.log.toString(StandardCharsets.UTF_8).contains("- duke left jdk (connection closed 1009)"));
    }

    @Test
    void theHelpListsTheChatCommandAndItsOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.execute("--help");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("chat");
        out.reset();
        cli.execute("chat", "--help");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--slow-consumer").contains("close1013")
                .contains("--max-queued").contains("--redis").contains("--retention").contains("--redis-buffer");
    }

    @Test
    void aRedisThatCannotBeReachedStopsTheNodeAtOnceWithTheReason() throws Exception {
        int closedPort = dev.torsion.redis.testing.LocalProcess.freePort();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.io.PrintStream was = System.err;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.commandLine().execute("chat", "--port", "0", "--redis", "redis://127.0.0.1:" + closedPort);
        } finally {
            System.setErr(was);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("torsion chat: cannot use Redis at redis://127.0.0.1:" + closedPort + ": ");
        assertThat(Main.commandLine().execute("chat", "--port", "0", "--redis", "redis://x", "--retention", "soon"))
                .isEqualTo(2);
    }

    /** A chat client on Torsion's WebSocketClient: the texts it got. */
    static final class TorsionListener implements dev.torsion.websocket.WebSocketHandler {
        final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public void onText(dev.torsion.websocket.WebSocketSession session, String text) {
            texts.add(text);
        }
    }

    @Test
    void aClientOverHttp2AndOneOverHttp11ChatInOneRoom() throws Exception {
        try (dev.torsion.websocket.client.WebSocketClient client = dev.torsion.websocket.client.WebSocketClient
                .builder().http2(true).build()) {
            TorsionListener h2 = new TorsionListener();
            dev.torsion.websocket.WebSocketSession overHttp2 = client.connect(URI.create(server.wsUrl("/chat")), h2)
                    .get(10, TimeUnit.SECONDS);
            assertThat(overHttp2.httpVersion()).isEqualTo("HTTP/2");
            overHttp2.sendText("{\"type\":\"join\",\"room\":\"mixed\",\"name\":\"stream\"}");
            assertThat(h2.texts.poll(10, TimeUnit.SECONDS)).startsWith("{\"type\":\"welcome\"");
            Listener h1 = new Listener();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(server.wsUrl("/chat")), h1)
                    .get(10, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"join\",\"room\":\"mixed\",\"name\":\"upgrade\"}", true).get(5, TimeUnit.SECONDS);
            assertThat(h1.texts.poll(10, TimeUnit.SECONDS)).contains("\"members\":[\"stream\",\"upgrade\"]");
            ws.sendText("{\"type\":\"say\",\"text\":\"hello from HTTP/1.1\"}", true).get(5, TimeUnit.SECONDS);
            String seen;
            do {
                seen = h2.texts.poll(10, TimeUnit.SECONDS);
                assertThat(seen).as("a message for the HTTP/2 client").isNotNull();
            } while (!seen.contains("\"type\":\"message\""));
            assertThat(seen).contains("\"name\":\"upgrade\"").contains("\"text\":\"hello from HTTP/1.1\"");
            overHttp2.close();
            ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
        }
    }
}
