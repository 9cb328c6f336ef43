package dev.torsion.websocket.client;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.TlsProtocol;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.TransportWebSocket;
import dev.torsion.websocket.WebSocketSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ws:// and wss:// through an HTTP CONNECT proxy (started by the test), and each way a proxy can say no. */
class ProxyTest {

    static TestServers servers;
    static Reactor reactor;
    static ConnectProxy open;
    static ConnectProxy guarded;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        servers = new TestServers(dir);
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        open = new ConnectProxy(null, port -> port == servers.plain.port() || port == servers.secure.port());
        guarded = new ConnectProxy("alice:s3cret \u00e9", port -> port == servers.plain.port()
                || port == servers.secure.port());
    }

    @AfterAll
    static void stop() {
        open.close();
        guarded.close();
        reactor.close();
        servers.close();
    }

    @Test
    void plainWebSocketThroughTheTunnel() throws Exception {
        WebSocketClient client = WebSocketClient.builder(reactor).proxy(HttpProxy.of("127.0.0.1", open.port())).build();
        echo(client, servers.ws("/echo"));
        assertThat(open.requests).anySatisfy(r -> assertThat(r)
                .startsWith("CONNECT 127.0.0.1:" + servers.plain.port() + " HTTP/1.1\r\n")
                .contains("Host: 127.0.0.1:" + servers.plain.port() + "\r\n")
                .doesNotContain("Proxy-Authorization"));
    }

    @Test
    void tlsInsideTheTunnelWithBasicCredentials() throws Exception {
        WebSocketClient client = WebSocketClient.builder(reactor).tls(servers.clientTls)
                .proxy(HttpProxy.parse("http://alice:s3cret%20%C3%A9@127.0.0.1:" + guarded.port())).build();
        echo(client, servers.wss("/echo"));
        assertThat(guarded.requests).anySatisfy(r -> assertThat(r)
                .startsWith("CONNECT localhost:" + servers.secure.port() + " HTTP/1.1\r\n")
                .contains("Proxy-Authorization: Basic YWxpY2U6czNjcmV0IMOp\r\n"));
    }

    @Test
    void afterTheTunnelOpensAReadCrossesOnlyTlsOnItsWayToTheWebSocket() throws Exception {
        AtomicReference<StackTraceElement[]> stack = new AtomicReference<>();
        Recording handler = new Recording() {
            @Override
            public void onText(WebSocketSession session, String text) {
                stack.set(new Throwable().getStackTrace());
                super.onText(session, text);
            }
        };
        WebSocketClient client = WebSocketClient.builder(reactor).tls(servers.clientTls)
                .proxy(HttpProxy.of("127.0.0.1", open.port())).build();
        WebSocketSession session = client.connect(URI.create(servers.wss("/echo")), handler).get(10, TimeUnit.SECONDS);
        session.sendText("how deep?");
        assertThat(handler.next()).isEqualTo("how deep?");
        List<String> layers = Arrays.stream(stack.get()).map(StackTraceElement::getClassName)
                .filter(c -> c.endsWith("Protocol") || c.endsWith("TcpConnection")
                        || c.equals(TransportWebSocket.class.getName())).distinct().toList();
        assertThat(layers).as("the protocols between the socket and the handler")
                .containsExactly(TransportWebSocket.class.getName(), TlsProtocol.class.getName(),
                        "dev.torsion.reactor.TcpConnection");
        session.close();
        assertThat(handler.closed.get(10, TimeUnit.SECONDS)).startsWith("1000 clean");
    }

    @Test
    void missingCredentialsGetA407ThatSaysSo() {
        WebSocketClient client = WebSocketClient.builder(reactor).proxy(HttpProxy.of("127.0.0.1", guarded.port())).build();
        CompletableFuture<WebSocketSession> f = client.connect(URI.create(servers.ws("/echo")), new Recording());
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ProxyTunnelException.class)
                .hasMessageContaining("requires authentication (407 Proxy Authentication Required)")
                .hasMessageContaining("give credentials")
                .hasMessageContaining("Basic realm=\"test\"")
                .satisfies(e -> assertThat(((ProxyTunnelException) e).status()).isEqualTo(407));
    }

    @Test
    void wrongCredentialsGetA407ThatSaysTheyWereRefused() {
        WebSocketClient client = WebSocketClient.builder(reactor)
                .proxy(HttpProxy.of("127.0.0.1", guarded.port()).withBasicAuth("alice", "wrong")).build();
        CompletableFuture<WebSocketSession> f = client.connect(URI.create(servers.ws("/echo")), new Recording());
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ProxyTunnelException.class)
                .hasMessageContaining("refused the credentials");
    }

    @Test
    void aRefusedTunnelNamesTheTargetAndTheStatus() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        WebSocketClient client = WebSocketClient.builder(reactor).proxy(HttpProxy.of("127.0.0.1", open.port())).build();
        CompletableFuture<WebSocketSession> f = client.connect(URI.create("ws://127.0.0.1:" + closed + "/"),
                new Recording());
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ProxyTunnelException.class)
                .hasMessage("the proxy 127.0.0.1:" + open.port() + " refused the tunnel to 127.0.0.1:" + closed
                        + ": 403 Forbidden");
    }

    @Test
    void anUnreachableProxyIsNamed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        WebSocketClient client = WebSocketClient.builder(reactor).proxy(HttpProxy.of("127.0.0.1", closed)).build();
        CompletableFuture<WebSocketSession> f = client.connect(URI.create(servers.ws("/echo")), new Recording());
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectException.class)
                .hasMessageContaining("cannot reach the proxy 127.0.0.1:" + closed);
    }

    @Test
    void badProxyUrlsAreRefusedWithAReason() {
        assertThatThrownBy(() -> HttpProxy.parse("socks5://127.0.0.1:1080")).hasMessageContaining("http://");
        assertThatThrownBy(() -> HttpProxy.parse("http://127.0.0.1:99999")).hasMessageContaining("port");
        assertThatThrownBy(() -> HttpProxy.parse("http://proxy.example:3128/path")).hasMessageContaining("no path");
        assertThat(HttpProxy.parse("proxy.example:3128").port()).isEqualTo(3128);
        assertThat(HttpProxy.parse("http://[::1]:3128").host()).isEqualTo("::1");
    }

    private static void echo(WebSocketClient client, String url) throws Exception {
        Recording handler = new Recording();
        WebSocketSession session = client.connect(URI.create(url), handler).get(10, TimeUnit.SECONDS);
        session.sendText("through the tunnel");
        assertThat(handler.next()).isEqualTo("through the tunnel");
        byte[] big = new byte[1 << 20];
        new java.util.Random(7).nextBytes(big);
        session.sendBinary(big);
        assertThat((byte[]) handler.next()).isEqualTo(big);
        session.close(CloseCode.NORMAL_CLOSURE, "");
        assertThat(handler.closed.get(10, TimeUnit.SECONDS)).startsWith("1000 clean");
    }
}
