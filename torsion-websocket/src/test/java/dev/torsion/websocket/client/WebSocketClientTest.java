package dev.torsion.websocket.client;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.SelfSignedCertificate;
import dev.torsion.tls.TlsConfig;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.handshake.HandshakeFailedException;
import dev.torsion.websocket.handshake.OriginPolicy;
import dev.torsion.websocket.server.EchoHandler;
import dev.torsion.websocket.server.WebSocketResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Torsion client against the Torsion server over real sockets, plain and over TLS. */
class WebSocketClientTest {

    static Reactor serverReactor;
    static Reactor clientReactor;
    static ListeningPort plain;
    static ListeningPort secure;
    static TlsConfig clientTls;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        serverReactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        clientReactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        Resource root = new Resource();
        root.putChild("echo", WebSocketResource.builder(new EchoHandler()).subprotocols("chat", "superchat").build());
        root.putChild("strict", WebSocketResource.builder(new EchoHandler())
                .originPolicy(OriginPolicy.allowList("https://good.example")).build());
        plain = serverReactor.listenTcp("127.0.0.1", 0, new Site(root));
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "localhost");
        secure = serverReactor.listenTcp("127.0.0.1", 0,
                TlsConfig.serverFromPem(cert.certificate(), cert.privateKey()).wrap(new Site(root)));
        clientTls = TlsConfig.clientTrusting(cert.certificate());
    }

    @AfterAll
    static void stop() {
        clientReactor.close();
        serverReactor.close();
    }

    @Test
    void echoesTextAndBinaryAndClosesCleanly() throws Exception {
        roundTrip(WebSocketClient.builder(clientReactor).build(), "ws://127.0.0.1:" + plain.port() + "/echo");
    }

    @Test
    void echoesOverTls() throws Exception {
        roundTrip(WebSocketClient.builder(clientReactor).tls(clientTls).build(),
                "wss://localhost:" + secure.port() + "/echo");
    }

    private void roundTrip(WebSocketClient client, String url) throws Exception {
        Recording handler = new Recording();
        WebSocketSession session = client.connect(URI.create(url), handler,
                ClientOptions.builder().subprotocols("superchat", "chat").build()).get(10, TimeUnit.SECONDS);
        assertThat(session.subprotocol()).isEqualTo("chat");
        session.sendText("hello \u2603");
        assertThat(handler.next()).isEqualTo("hello \u2603");
        byte[] big = new byte[16 << 20];
        new Random(3).nextBytes(big);
        session.sendBinary(big);
        assertThat((byte[]) handler.next()).isEqualTo(big);
        session.close(CloseCode.NORMAL_CLOSURE, "done");
        assertThat(handler.closed.get(10, TimeUnit.SECONDS)).startsWith("1000 clean");
    }

    @Test
    void aThousandConcurrentClientsEachGetTheirOwnEchoes() throws Exception {
        WebSocketClient client = WebSocketClient.builder(clientReactor).build();
        URI uri = URI.create("ws://127.0.0.1:" + plain.port() + "/echo");
        int n = 1000;
        List<Recording> handlers = new ArrayList<>();
        List<CompletableFuture<WebSocketSession>> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Recording h = new Recording();
            handlers.add(h);
            sessions.add(client.connect(uri, h));
        }
        CompletableFuture.allOf(sessions.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < n; i++) {
            WebSocketSession s = sessions.get(i).join();
            for (int k = 0; k < 5; k++) {
                s.sendText("client " + i + " message " + k);
            }
            s.sendBinary(("bytes of " + i).getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 5; k++) {
                assertThat(handlers.get(i).next()).isEqualTo("client " + i + " message " + k);
            }
            assertThat(new String((byte[]) handlers.get(i).next(), StandardCharsets.UTF_8)).isEqualTo("bytes of " + i);
            assertThat(handlers.get(i).messages).isEmpty();
        }
        for (CompletableFuture<WebSocketSession> s : sessions) {
            s.join().close();
        }
        for (Recording h : handlers) {
            assertThat(h.closed.get(30, TimeUnit.SECONDS)).startsWith("1000 clean");
        }
    }

    @Test
    void aRefusedOriginFailsTheConnectWith403() {
        WebSocketClient client = WebSocketClient.builder(clientReactor).build();
        CompletableFuture<WebSocketSession> f = client.connect(URI.create("ws://127.0.0.1:" + plain.port() + "/strict"),
                new Recording(), ClientOptions.builder().origin("https://evil.example").build());
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(HandshakeFailedException.class)
                .satisfies(e -> assertThat(((HandshakeFailedException) e).status()).isEqualTo(403));
    }

    @Test
    void aClosedPortFailsWithConnectException() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CompletableFuture<WebSocketSession> f = WebSocketClient.builder(clientReactor).build()
                .connect(URI.create("ws://127.0.0.1:" + closed + "/"), new Recording());
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectException.class);
    }

    @Test
    void badUrisAreRefusedWithAReason() {
        WebSocketClient client = WebSocketClient.builder(clientReactor).build();
        assertThatThrownBy(() -> client.connect(URI.create("http://example.com/"), new Recording()).get())
                .cause().hasMessageContaining("ws:// or wss://");
        assertThatThrownBy(() -> client.connect(URI.create("ws://example.com/#frag"), new Recording()).get())
                .cause().hasMessageContaining("fragment");
    }

    @Test
    void ipv6LiteralUrisParse() {
        WebSocketUri uri = WebSocketUri.parse("wss://[::1]:9443/path?q=1");
        assertThat(uri.host()).isEqualTo("::1");
        assertThat(uri.port()).isEqualTo(9443);
        assertThat(uri.secure()).isTrue();
        assertThat(WebSocketUri.parse("ws://example.com").port()).isEqualTo(80);
    }
}
