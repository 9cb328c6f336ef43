package dev.torsion.websocket.client;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.TlsConfig;
import dev.torsion.websocket.WebSocketSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The connect and handshake timeouts over real sockets, against servers that never answer. */
class ClientTimeoutsTest {

    static Reactor reactor;

    @BeforeAll
    static void start() {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
    }

    @AfterAll
    static void stop() {
        reactor.close();
    }

    @Test
    void aServerThatAcceptsButNeverAnswersHitsTheHandshakeTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            WebSocketClient client = WebSocketClient.builder(reactor).handshakeTimeout(Duration.ofMillis(300)).build();
            long start = System.nanoTime();
            CompletableFuture<WebSocketSession> f = client.connect(
                    URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/"), new Recording());
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause()
                    .hasMessage("WebSocket handshake timed out after 300 ms");
            // never before the timeout; how much later depends on the machine's load, so no upper bound
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
        }
    }

    @Test
    void aSilentServerBehindWssHitsTheHandshakeTimeoutDuringTls() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            WebSocketClient client = WebSocketClient.builder(reactor).tls(TlsConfig.insecureClient())
                    .handshakeTimeout(Duration.ofMillis(300)).build();
            CompletableFuture<WebSocketSession> f = client.connect(
                    URI.create("wss://127.0.0.1:" + silent.getLocalPort() + "/"), new Recording());
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause()
                    .hasMessage("TLS and WebSocket handshake timed out after 300 ms");
            await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
        }
    }

    @Test
    void aServerWhoseAcceptQueueIsFullHitsTheConnectTimeout() throws Exception {
        // A listener with a backlog of 1 that never accepts: once its queue is full the kernel drops new SYNs,
        // so a connect neither succeeds nor fails until the client gives up.
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
            boolean queueFull = false;
            for (int i = 0; i < 20 && !queueFull; i++) {
                Socket s = new Socket();
                fillers.add(s);
                try {
                    s.connect(address, 300);
                } catch (SocketTimeoutException e) {
                    queueFull = true;
                }
            }
            assertThat(queueFull).as("the kernel stopped completing connections to a full queue").isTrue();
            WebSocketClient client = WebSocketClient.builder(reactor).connectTimeout(Duration.ofMillis(300)).build();
            CompletableFuture<WebSocketSession> f = client.connect(
                    URI.create("ws://127.0.0.1:" + full.getLocalPort() + "/"), new Recording());
            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectException.class)
                    .hasMessage("connect to 127.0.0.1:" + full.getLocalPort() + " timed out after 300 ms");
        } finally {
            for (Socket s : fillers) {
                closeQuietly(s);
            }
        }
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> WebSocketClient.builder(reactor).connectTimeout(Duration.ZERO))
                .hasMessage("connectTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> WebSocketClient.builder(reactor).handshakeTimeout(Duration.ofSeconds(-1)))
                .hasMessage("handshakeTimeout must be positive, got PT-1S");
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // test cleanup
        }
    }
}
