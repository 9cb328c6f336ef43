package dev.torsion.websocket.client;

import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryPipe;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.web.http2.Http2Config;
import dev.torsion.web.http2.Http2Connection;
import dev.torsion.web.http2.Http2Headers;
import dev.torsion.web.http2.Http2Stream;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.handshake.ClientExtension;
import dev.torsion.websocket.handshake.ClientHandshake;
import dev.torsion.websocket.handshake.HandshakeFailedException;
import dev.torsion.websocket.handshake.OriginPolicy;
import dev.torsion.websocket.server.EchoHandler;
import dev.torsion.websocket.server.WebSocketResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client end of WebSocket over HTTP/2 (RFC 8441), sans I/O: Torsion's client HTTP/2 connection and
 * {@link Http2WebSocketStream} against a {@link Site} with a {@link WebSocketResource}, over a memory pipe cut
 * into chunks of every size tried. The 200 opens the session (which says HTTP/2 on both ends), messages go
 * both ways, the close is the closing handshake then END_STREAM each way, a refusal fails the attempt with its
 * status, and permessage-deflate works as over HTTP/1.1.
 */
class Rfc8441ClientStreamTest {

    final FakeClock clock = new FakeClock();
    final List<String> serverEvents = new ArrayList<>();
    Http2Connection client;
    MemoryPipe pipe;

    /** The client's handler: what it received. */
    static final class Received implements WebSocketHandler {
        final List<String> events = new ArrayList<>();

        @Override
        public void onText(WebSocketSession s, String text) {
            events.add("text " + text);
        }

        @Override
        public void onBinary(WebSocketSession s, ByteBuffer data) {
            events.add("binary " + data.remaining());
        }

        @Override
        public void onClose(WebSocketSession s, CloseCode code, String reason, boolean clean) {
            events.add("close " + code.code() + " " + clean);
        }
    }

    void connect(int chunk) {
        Resource root = new Resource();
        EchoHandler echo = new EchoHandler() {
            @Override
            public void onOpen(WebSocketSession session) {
                serverEvents.add("open " + session.httpVersion() + " " + session.subprotocol());
            }

            @Override
            public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
                serverEvents.add("close " + code.code() + " " + clean);
            }
        };
        root.putChild("echo", WebSocketResource.builder(echo).subprotocols("chat")
                .deflate(PerMessageDeflateServer.builder().build()).build());
        root.putChild("private", WebSocketResource.builder(echo)
                .originPolicy(OriginPolicy.allowList("https://app.example").requireOrigin()).build());
        client = new Http2Connection(Http2Connection.Role.CLIENT, Http2Config.defaults(), (stream, headers, end) -> null);
        pipe = MemoryPipe.connect(client, new Site(root).buildProtocol(null), chunk, clock);
        settle();
        assertThat(client.peerSettings().connectProtocolEnabled()).isTrue();
    }

    void settle() {
        for (int i = 0; i < 10_000; i++) {
            clock.runPending();
            if (!pipe.pump()) {
                clock.runPending();
                if (!pipe.pump()) {
                    return;
                }
            }
        }
        throw new AssertionError("the pipe never settled");
    }

    CompletableFuture<WebSocketSession> open(String path, WebSocketHandler handler, List<ClientExtension> extensions,
                                             String... subprotocols) {
        ClientHandshake handshake = ClientHandshake.builder(URI.create("ws://localhost" + path))
                .subprotocols(subprotocols)
                .extensions(extensions.stream().flatMap(e -> e.offers().stream()).toList()).build();
        CompletableFuture<WebSocketSession> result = new CompletableFuture<>();
        Http2Headers request = Http2WebSocketStream.request(handshake, false);
        assertThat(request.get(":method")).isEqualTo("CONNECT");
        assertThat(request.get(":protocol")).isEqualTo("websocket");
        assertThat(request.get(":scheme")).isEqualTo("http");
        assertThat(request.get(":authority")).isEqualTo("localhost");
        assertThat(request.get("sec-websocket-key")).isNull();
        client.openStream(request, false, new Http2WebSocketStream(handshake, handler, WebSocketConfig.defaults(),
                extensions, result));
        settle();
        return result;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 13, 64, 1000, 1 << 20})
    void a_websocket_on_a_stream_opens_echoes_and_closes_at_every_chunk_size(int chunk) throws Exception {
        connect(chunk);
        Received received = new Received();
        WebSocketSession session = open("/echo", received, List.of(), "chat").getNow(null);
        assertThat(session).isNotNull();
        assertThat(session.httpVersion()).isEqualTo("HTTP/2");
        assertThat(session.subprotocol()).isEqualTo("chat");
        assertThat(serverEvents).containsExactly("open HTTP/2 chat");
        session.sendText("hello over a stream");
        session.sendBinary(new byte[70_000]);   // more than the stream's first window of 65,535
        settle();
        assertThat(received.events).containsExactly("text hello over a stream", "binary 70000");
        session.close();
        settle();
        assertThat(received.events).last().isEqualTo("close 1000 true");
        assertThat(serverEvents).last().isEqualTo("close 1000 true");
        assertThat(client.activeStreams()).isZero();
        assertThat(client.isOpen()).isTrue();   // the HTTP/2 connection outlives its WebSockets
    }

    @Test
    void several_websockets_share_the_connection() {
        connect(100);
        Received a = new Received();
        Received b = new Received();
        WebSocketSession first = open("/echo", a, List.of()).getNow(null);
        WebSocketSession second = open("/echo", b, List.of()).getNow(null);
        first.sendText("one");
        second.sendText("two");
        settle();
        assertThat(a.events).containsExactly("text one");
        assertThat(b.events).containsExactly("text two");
        assertThat(client.activeStreams()).isEqualTo(2);
        first.close();
        settle();
        assertThat(client.activeStreams()).isEqualTo(1);
        second.sendText("still");
        settle();
        assertThat(b.events).containsExactly("text two", "text still");
    }

    @Test
    void permessage_deflate_is_agreed_and_used() {
        connect(500);
        Received received = new Received();
        PerMessageDeflateClient deflate = PerMessageDeflateClient.builder().build();
        WebSocketSession session = open("/echo", received, List.of(deflate)).getNow(null);
        session.sendText("z".repeat(100_000));
        settle();
        assertThat(received.events).containsExactly("text " + "z".repeat(100_000));
        assertThat(pipe.clientTransport().bufferedAmount()).isZero();
    }

    @Test
    void a_refusal_fails_the_attempt_with_its_status() {
        connect(1000);
        CompletableFuture<WebSocketSession> refused = open("/private", new Received(), List.of());
        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.handle((s, e) -> e).join()).isInstanceOfSatisfying(HandshakeFailedException.class,
                e -> assertThat(e.status()).isEqualTo(403));
        CompletableFuture<WebSocketSession> missing = open("/nope", new Received(), List.of());
        assertThat(missing.handle((s, e) -> e).join()).isInstanceOfSatisfying(HandshakeFailedException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThat(client.activeStreams()).isZero();
        assertThat(open("/echo", new Received(), List.of()).getNow(null)).isNotNull();   // the connection goes on
    }

    @Test
    void a_server_that_resets_the_stream_fails_the_attempt() {
        connect(1000);
        ClientHandshake handshake = ClientHandshake.builder(URI.create("ws://localhost/echo")).build();
        CompletableFuture<WebSocketSession> result = new CompletableFuture<>();
        Http2Stream stream = client.openStream(Http2WebSocketStream.request(handshake, false), false,
                new Http2WebSocketStream(handshake, new Received(), WebSocketConfig.defaults(), List.of(), result));
        stream.reset(dev.torsion.web.http2.ErrorCode.CANCEL);
        settle();
        assertThat(result.handle((s, e) -> e).join()).hasMessageContaining("HTTP/2 stream of the WebSocket handshake ended");
    }
}
