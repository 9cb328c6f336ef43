package dev.torsion.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The echo server against real clients over real sockets: Python websockets, node ws and the JDK's
 * java.net.http.WebSocket, each checking text, binary up to 16 MiB, ordering, ping and a clean close.
 */
class EchoInteropTest {

    static EchoServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new EchoServerFixture("/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pythonWebsocketsClient() throws Exception {
        ExternalPeer.require("/usr/bin/python3", "python3 (with python3-websockets)");
        ExternalPeer.Result r = ExternalPeer.run(List.of("/usr/bin/python3",
                EchoServerFixture.interop("python_client.py").toString(), server.wsUrl("/")), Map.of(), 120);
        assertThat(r.output()).startsWith("ok");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void nodeWsClient() throws Exception {
        ExternalPeer.require("/usr/bin/node", "nodejs (with node-ws)");
        ExternalPeer.Result r = ExternalPeer.run(List.of("/usr/bin/node",
                EchoServerFixture.interop("node_client.js").toString(), server.wsUrl("/")),
                Map.of("NODE_PATH", "/usr/share/nodejs"), 120);
        assertThat(r.output()).startsWith("ok");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void pythonWebsocketsClientWithCompression() throws Exception {
        ExternalPeer.Result r = ExternalPeer.run(List.of("/usr/bin/python3",
                EchoServerFixture.interop("python_client.py").toString(), server.wsUrl("/"), "--compression"),
                Map.of(), 120);
        assertThat(r.output()).startsWith("ok").endsWith("extensions=permessage-deflate");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void nodeWsClientWithCompression() throws Exception {
        ExternalPeer.Result r = ExternalPeer.run(List.of("/usr/bin/node",
                EchoServerFixture.interop("node_client.js").toString(), server.wsUrl("/"), "--compression"),
                Map.of("NODE_PATH", "/usr/share/nodejs"), 120);
        assertThat(r.output()).startsWith("ok").contains("extensions=permessage-deflate");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void jdkWebSocketClient() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Collector collector = new Collector();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("chat")
                .buildAsync(URI.create(server.wsUrl("/")), collector).get(10, TimeUnit.SECONDS);
        ws.sendText("hello from the JDK", true).get(10, TimeUnit.SECONDS);
        assertThat(collector.next().get(10, TimeUnit.SECONDS)).isEqualTo("hello from the JDK");
        byte[] big = new byte[5 << 20];
        new Random(5).nextBytes(big);
        ws.sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);
        assertThat(collector.next().get(20, TimeUnit.SECONDS)).isEqualTo(ByteBuffer.wrap(big));
        ws.sendText("part one, ", false).get(10, TimeUnit.SECONDS);
        ws.sendText("part two", true).get(10, TimeUnit.SECONDS);
        assertThat(collector.next().get(10, TimeUnit.SECONDS)).isEqualTo("part one, part two");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        assertThat(collector.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void plainGetServesTheEchoPage() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.httpUrl("/"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("new WebSocket(url)").contains("data-ws-path=\"/\"");
        HttpResponse<String> missing = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.httpUrl("/nothing-here"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void withoutPathTheEchoAnswersAnUpgradeOnAnyPathAndThePageOnlyAtTheRoot() throws Exception {
        EchoServerFixture anyPath = new EchoServerFixture(null);
        try {
            HttpClient http = HttpClient.newHttpClient();
            Collector collector = new Collector();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(anyPath.wsUrl("/bench")), collector)
                    .get(10, TimeUnit.SECONDS);
            ws.sendText("any path", true).get(10, TimeUnit.SECONDS);
            assertThat(collector.next().get(10, TimeUnit.SECONDS)).isEqualTo("any path");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(anyPath.httpUrl("/"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("data-ws-path=\"/\"");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(anyPath.httpUrl("/nothing-here"))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        } finally {
            anyPath.close();
        }
    }

    @Test
    void withAPathAnUnknownPathIsA404EvenForAnUpgrade() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<WebSocket> nope = http.newWebSocketBuilder()
                .buildAsync(URI.create(server.wsUrl("/nope")), new Collector());
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> nope.get(10, TimeUnit.SECONDS));
        assertThat(failure).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
        java.net.http.WebSocketHandshakeException refused = (java.net.http.WebSocketHandshakeException) failure.getCause();
        assertThat(refused.getResponse().statusCode()).isEqualTo(404);
        WebSocket root = http.newWebSocketBuilder().buildAsync(URI.create(server.wsUrl("/")), new Collector())
                .get(10, TimeUnit.SECONDS);
        root.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }

    /** Gathers whole messages (text as String, binary as ByteBuffer) from the JDK client. */
    static final class Collector implements WebSocket.Listener {
        private final java.util.concurrent.LinkedBlockingQueue<Object> messages = new java.util.concurrent.LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        CompletableFuture<Object> next() {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return messages.poll(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                messages.add(ByteBuffer.wrap(binary.toByteArray()));
                binary = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
