package dev.torsion.websocket.client;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.TlsConfig;
import dev.torsion.web.Site;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.server.EchoHandler;
import dev.torsion.websocket.server.WebSocketResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The client's options over real sockets (headers, subprotocols, IPv6 literals, connecting again after a
 * close) and peers that stop half-way: in the TLS handshake, in the HTTP upgrade, or that speak plaintext
 * to TLS and TLS to plaintext. Nothing may hang on either side.
 */
class ClientOverSocketsTest {

    static TestServers servers;
    static Reactor reactor;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        servers = new TestServers(dir);
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
    }

    @AfterAll
    static void stop() {
        reactor.close();
        servers.close();
    }

    @Test
    void customHeadersReachTheServer() throws Exception {
        Recording handler = new Recording();
        WebSocketSession session = WebSocketClient.builder(reactor)
                .config(dev.torsion.websocket.WebSocketConfig.defaults().withKeepRequestHeaders(true)).build()
                .connect(URI.create(servers.ws("/headers")),
                handler, ClientOptions.builder().header("Authorization", "Bearer t0ken")
                        .header("X-Trace", "abc-123").origin("https://app.example").build()).get(10, TimeUnit.SECONDS);
        for (String name : new String[] {"Authorization", "x-trace", "Origin"}) {
            session.sendText(name);
        }
        assertThat(handler.next()).isEqualTo("Bearer t0ken");
        assertThat(handler.next()).isEqualTo("abc-123");
        assertThat(handler.next()).isEqualTo("https://app.example");
        assertThat(session.requestHeaders().getAll("X-Trace")).containsExactly("abc-123");
        session.close();
        assertThat(handler.closed.get(10, TimeUnit.SECONDS)).startsWith("1000 clean");
    }

    @Test
    void closingTheReactorRightAfterTheCloseFutureReportsWhatTheServerSaw() throws Exception {
        CompletableFuture<String> serverSaw = new CompletableFuture<>();
        Reactor serverReactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        Reactor own = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        try {
            dev.torsion.web.Resource root = new dev.torsion.web.Resource();
            root.putChild("x", WebSocketResource.builder(new dev.torsion.websocket.WebSocketHandler() {
                @Override
                public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
                    serverSaw.complete(code.code() + (clean ? " clean" : " unclean"));
                }
            }).build());
            ListeningPort port = serverReactor.listenTcp("127.0.0.1", 0, new Site(root));
            Recording handler = new Recording();
            WebSocketSession session = WebSocketClient.builder(own).build()
                    .connect(URI.create("ws://127.0.0.1:" + port.port() + "/x"), handler).get(10, TimeUnit.SECONDS);
            dev.torsion.websocket.CloseStatus status = session.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
            own.close();   // at once: the client still waited for the server's TCP close
            assertThat(status.code()).isEqualTo(CloseCode.NORMAL_CLOSURE);
            assertThat(status.clean()).isTrue();
            assertThat(handler.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 clean");
            assertThat(serverSaw.get(10, TimeUnit.SECONDS)).isEqualTo("1000 clean");
        } finally {
            own.close();
            serverReactor.close();
        }
    }

    @Test
    void theServersChoiceOfSubprotocolIsReportedAndAnUnofferedOneIsAbsent() throws Exception {
        WebSocketClient client = WebSocketClient.builder(reactor).build();
        WebSocketSession chosen = client.connect(URI.create(servers.ws("/echo")), new Recording(),
                ClientOptions.builder().subprotocols("v2.example", "superchat").build()).get(10, TimeUnit.SECONDS);
        assertThat(chosen.subprotocol()).isEqualTo("superchat");
        chosen.close();
        WebSocketSession none = client.connect(URI.create(servers.ws("/echo")), new Recording(),
                ClientOptions.builder().subprotocols("v2.example").build()).get(10, TimeUnit.SECONDS);
        assertThat(none.subprotocol()).isNull();
        none.close();
    }

    @Test
    void aHandshakeHeaderCannotBeOverriddenByAnOption() {
        CompletableFuture<WebSocketSession> f = WebSocketClient.builder(reactor).build().connect(
                URI.create(servers.ws("/echo")), new Recording(),
                ClientOptions.builder().header("Sec-WebSocket-Key", "x").build());
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().hasMessageContaining("the handshake sets");
    }

    @Test
    void ipv6LiteralsOverARealSocket() throws Exception {
        boolean hasIpv6Loopback;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            hasIpv6Loopback = true;
        } catch (java.io.IOException e) {
            hasIpv6Loopback = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(hasIpv6Loopback, "no ::1 on this machine");
        ListeningPort v6 = servers.reactor.listenTcp("::1", 0, new Site(WebSocketResource.builder(new EchoHandler()).build()));
        ListeningPort v6tls = servers.reactor.listenTcp("::1", 0,
                servers.serverTls.wrap(new Site(WebSocketResource.builder(new EchoHandler()).build())));
        try {
            echoOnce(WebSocketClient.builder(reactor).build(), "ws://[::1]:" + v6.port() + "/");
            // the certificate lists ip:::1, and an IP literal is checked against it (and sent without SNI)
            echoOnce(WebSocketClient.builder(reactor).tls(servers.clientTls).build(), "wss://[::1]:" + v6tls.port() + "/");
        } finally {
            v6.stopListening();
            v6tls.stopListening();
        }
    }

    @Test
    void aClientConnectsAgainAfterItClosed() throws Exception {
        WebSocketClient client = WebSocketClient.builder(reactor).tls(servers.clientTls).build();
        for (int i = 0; i < 3; i++) {
            echoOnce(client, servers.ws("/echo"));
            echoOnce(client, servers.wss("/echo"));
        }
    }

    @Test
    void aServerThatHangsUpMidTlsHandshakeFailsTheAttemptAtOnce() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = rude.accept()) {
                    s.getInputStream().read(new byte[100]); // part of the ClientHello, then hang up
                } catch (java.io.IOException ignored) {
                    // the test's assertions tell
                }
            });
            t.start();
            CompletableFuture<WebSocketSession> f = WebSocketClient.builder(reactor).tls(TlsConfig.insecureClient())
                    .build().connect(URI.create("wss://127.0.0.1:" + rude.getLocalPort() + "/"), new Recording());
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().hasMessageContaining("TLS handshake");
            t.join(5000);
        }
    }

    @Test
    void aServerThatHangsUpMidUpgradeFailsTheAttemptAtOnce() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = rude.accept()) {
                    s.getInputStream().read(new byte[100]);
                    s.getOutputStream().write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: webs"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException ignored) {
                    // the test's assertions tell
                }
            });
            t.start();
            CompletableFuture<WebSocketSession> f = WebSocketClient.builder(reactor).build()
                    .connect(URI.create("ws://127.0.0.1:" + rude.getLocalPort() + "/"), new Recording());
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause()
                    .hasMessage("the server closed the connection during the WebSocket handshake");
            t.join(5000);
        }
    }

    @Test
    void aClientThatLeavesMidUpgradeOverTlsLeavesNothingOnTheServer() throws Exception {
        int before = servers.reactor.connectionCount();
        try (SSLSocket socket = (SSLSocket) servers.clientTls.context().getSocketFactory()
                .createSocket("localhost", servers.secure.port())) {
            socket.startHandshake();
            socket.getOutputStream().write("GET /echo HTTP/1.1\r\nHost: localhost\r\nUpgr".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await().atMost(5, TimeUnit.SECONDS).until(() -> servers.reactor.connectionCount() == before + 1);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> servers.reactor.connectionCount() == before);
    }

    @Test
    void wssToAPlaintextServerFailsFastAndTheServerLetsGo() throws Exception {
        CompletableFuture<WebSocketSession> f = WebSocketClient.builder(reactor).tls(TlsConfig.insecureClient())
                .handshakeTimeout(java.time.Duration.ofSeconds(60)).build()
                .connect(URI.create("wss://127.0.0.1:" + servers.plain.port() + "/echo"), new Recording());
        // It fails with the TLS/protocol error, long before the 60 s handshake timeout (no wall-clock bound:
        // a loaded machine must not fail this test)
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(javax.net.ssl.SSLException.class);
        await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
    }

    @Test
    void wsToATlsServerFailsFastAndTheServerLetsGo() throws Exception {
        CompletableFuture<WebSocketSession> f = WebSocketClient.builder(reactor)
                .handshakeTimeout(java.time.Duration.ofSeconds(60)).build()
                .connect(URI.create("ws://127.0.0.1:" + servers.secure.port() + "/echo"), new Recording());
        // It fails with the TLS/protocol error, long before the 60 s handshake timeout (no wall-clock bound:
        // a loaded machine must not fail this test)
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(java.io.IOException.class);
        await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
    }

    private static void echoOnce(WebSocketClient client, String url) throws Exception {
        Recording handler = new Recording();
        WebSocketSession session = client.connect(URI.create(url), handler).get(10, TimeUnit.SECONDS);
        session.sendText("ping " + url);
        assertThat(handler.next()).isEqualTo("ping " + url);
        session.close(CloseCode.NORMAL_CLOSURE, "bye");
        assertThat(handler.closed.get(10, TimeUnit.SECONDS)).startsWith("1000 clean");
    }
}
