package dev.torsion.websocket.client;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.SelfSignedCertificate;
import dev.torsion.tls.TlsConfig;
import dev.torsion.web.HttpConfig;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.web.http2.Http2Config;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.server.EchoHandler;
import dev.torsion.websocket.server.WebSocketResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link WebSocketClient} with {@code http2(true)} over real sockets against Torsion servers: h2c with prior
 * knowledge on plain TCP and h2 by ALPN over TLS, both ends saying HTTP/2; several WebSockets sharing one
 * connection (or one each, with {@code http2StreamsPerConnection(1)}), which closes with its last WebSocket; a
 * large message both ways under flow control; the falls back to the HTTP/1.1 upgrade (a TLS server without h2,
 * an h2 server without extended CONNECT) and the failure where there is none (h2c without extended CONNECT).
 */
class Rfc8441ClientOverSocketsTest {

    @TempDir
    static Path dir;
    static Reactor serverReactor;
    static ListeningPort plain;
    static ListeningPort h2;
    static ListeningPort http11Only;
    static ListeningPort h2WithoutConnect;
    static ListeningPort plainWithoutConnect;
    static TlsConfig clientTls;
    /** Each server session: its HTTP version and its peer's address. */
    static final Queue<String> opened = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void servers() throws Exception {
        serverReactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2).withThreadNamePrefix("h2-server-"));
        Resource root = new Resource();
        root.putChild("echo", WebSocketResource.builder(new EchoHandler() {
            @Override
            public void onOpen(WebSocketSession session) {
                opened.add(session.httpVersion() + " " + session.remoteAddress());
            }
        }).build());
        Site site = new Site(root);
        Site noConnect = new Site(root, HttpConfig.defaults().withHttp2(Http2Config.defaults().withConnectProtocol(false)));
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir, "localhost");
        TlsConfig tls = TlsConfig.serverFromPem(certificate.certificate(), certificate.privateKey());
        plain = serverReactor.listenTcp("127.0.0.1", 0, site);
        h2 = serverReactor.listenTcp("127.0.0.1", 0, tls.withApplicationProtocols("h2", "http/1.1").wrap(site));
        http11Only = serverReactor.listenTcp("127.0.0.1", 0, tls.wrap(site));
        h2WithoutConnect = serverReactor.listenTcp("127.0.0.1", 0,
                tls.withApplicationProtocols("h2", "http/1.1").wrap(noConnect));
        plainWithoutConnect = serverReactor.listenTcp("127.0.0.1", 0, noConnect);
        clientTls = TlsConfig.clientTrusting(certificate.certificate());
    }

    @AfterAll
    static void stop() {
        serverReactor.close();
    }

    static URI ws(ListeningPort port) {
        return URI.create("ws://127.0.0.1:" + port.port() + "/echo");
    }

    static URI wss(ListeningPort port) {
        return URI.create("wss://localhost:" + port.port() + "/echo");
    }

    static WebSocketClient.Builder client(Reactor reactor) {
        return WebSocketClient.builder(reactor).tls(clientTls).http2(true).handshakeTimeout(Duration.ofSeconds(20));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Echoes one text through {@code session} and closes it cleanly. */
    static void echoAndClose(WebSocketSession session, Recording handler, String text) throws Exception {
        session.sendText(text);
        assertThat(handler.next()).isEqualTo(text);
        session.close();
        assertThat(handler.closed.get(20, TimeUnit.SECONDS)).isEqualTo("1000 clean");
    }

    /** The server sessions opened since the last call. */
    static List<String> serverSessions(int expected) throws InterruptedException {
        await(() -> opened.size() >= expected, expected + " server sessions");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            out.add(opened.poll());
        }
        return out;
    }

    @Test
    void h2c_with_prior_knowledge_carries_the_websocket_on_a_stream() throws Exception {
        opened.clear();
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            WebSocketClient client = client(reactor).build();
            Recording handler = new Recording();
            WebSocketSession session = client.connect(ws(plain), handler).get(20, TimeUnit.SECONDS);
            assertThat(session.httpVersion()).isEqualTo("HTTP/2");
            assertThat(serverSessions(1)).singleElement().asString().startsWith("HTTP/2 ");
            echoAndClose(session, handler, "over h2c");
            await(() -> client.http2ConnectionCount() == 0, "the idle connection closes");
        }
    }

    @Test
    void h2_by_alpn_shares_one_connection_between_websockets_until_the_last_closes() throws Exception {
        opened.clear();
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            WebSocketClient client = client(reactor).build();
            List<Recording> handlers = new ArrayList<>();
            List<WebSocketSession> sessions = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Recording handler = new Recording();
                handlers.add(handler);
                sessions.add(client.connect(wss(h2), handler).get(20, TimeUnit.SECONDS));
            }
            assertThat(sessions).allSatisfy(s -> assertThat(s.httpVersion()).isEqualTo("HTTP/2"));
            List<String> server = serverSessions(3);
            assertThat(server).allSatisfy(s -> assertThat(s).startsWith("HTTP/2 "));
            assertThat(server.stream().distinct()).as("one TCP connection: one client address").hasSize(1);
            assertThat(client.http2ConnectionCount()).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                sessions.get(i).sendText("message " + i);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(handlers.get(i).next()).isEqualTo("message " + i);
            }
            echoAndClose(sessions.get(0), handlers.get(0), "first");
            assertThat(client.http2ConnectionCount()).isEqualTo(1);
            echoAndClose(sessions.get(1), handlers.get(1), "second");
            echoAndClose(sessions.get(2), handlers.get(2), "third");
            await(() -> client.http2ConnectionCount() == 0, "the connection closes with its last WebSocket");
            Recording again = new Recording();
            WebSocketSession later = client.connect(wss(h2), again).get(20, TimeUnit.SECONDS);
            echoAndClose(later, again, "on a new connection");
            assertThat(serverSessions(1).get(0)).isNotEqualTo(server.get(0));
        }
    }

    @Test
    void one_stream_per_connection_gives_each_websocket_its_own() throws Exception {
        opened.clear();
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            WebSocketClient client = client(reactor).http2StreamsPerConnection(1).build();
            List<WebSocketSession> sessions = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sessions.add(client.connect(ws(plain), new Recording()).get(20, TimeUnit.SECONDS));
            }
            assertThat(serverSessions(3).stream().distinct()).hasSize(3);
            assertThat(client.http2ConnectionCount()).isEqualTo(3);
            sessions.forEach(WebSocketSession::close);
            await(() -> client.http2ConnectionCount() == 0, "every connection closes");
        }
    }

    @Test
    void a_large_message_goes_both_ways_under_flow_control() throws Exception {
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            WebSocketClient client = client(reactor).build();
            Recording handler = new Recording();
            WebSocketSession session = client.connect(wss(h2), handler).get(20, TimeUnit.SECONDS);
            byte[] big = new byte[4 << 20];
            new Random(8441).nextBytes(big);
            session.sendBinary(big);
            assertThat((byte[]) handler.next()).isEqualTo(big);
            session.close();
            assertThat(handler.closed.get(20, TimeUnit.SECONDS)).isEqualTo("1000 clean");
        }
    }

    @Test
    void a_tls_server_without_h2_gets_the_http_1_1_upgrade() throws Exception {
        opened.clear();
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            WebSocketClient client = client(reactor).build();
            Recording a = new Recording();
            Recording b = new Recording();
            var first = client.connect(wss(http11Only), a);
            var second = client.connect(wss(http11Only), b);
            WebSocketSession s1 = first.get(20, TimeUnit.SECONDS);
            WebSocketSession s2 = second.get(20, TimeUnit.SECONDS);
            assertThat(s1.httpVersion()).isEqualTo("HTTP/1.1");
            assertThat(s2.httpVersion()).isEqualTo("HTTP/1.1");
            assertThat(serverSessions(2)).allSatisfy(s -> assertThat(s).startsWith("HTTP/1.1 "));
            echoAndClose(s1, a, "one");
            echoAndClose(s2, b, "two");
            assertThat(client.http2ConnectionCount()).isZero();
        }
    }

    @Test
    void an_h2_server_that_does_not_allow_websocket_over_it_gets_the_http_1_1_upgrade() throws Exception {
        opened.clear();
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            WebSocketClient client = client(reactor).build();
            Recording handler = new Recording();
            WebSocketSession session = client.connect(wss(h2WithoutConnect), handler).get(20, TimeUnit.SECONDS);
            assertThat(session.httpVersion()).isEqualTo("HTTP/1.1");
            assertThat(serverSessions(1).get(0)).startsWith("HTTP/1.1 ");
            echoAndClose(session, handler, "fell back");
        }
    }

    @Test
    void h2c_to_a_server_without_extended_connect_fails_saying_why() throws Exception {
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            WebSocketClient client = client(reactor).build();
            assertThatThrownBy(() -> client.connect(ws(plainWithoutConnect), new Recording()).get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                    .hasMessageContaining("speaks HTTP/2 but does not allow WebSocket over it");
            await(() -> client.http2ConnectionCount() == 0, "the connection is forgotten");
        }
    }

    @Test
    void a_close_with_a_code_is_answered_and_ends_the_stream_cleanly() throws Exception {
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            WebSocketClient client = client(reactor).build();
            Recording handler = new Recording();
            WebSocketSession session = client.connect(ws(plain), handler).get(20, TimeUnit.SECONDS);
            session.close(CloseCode.GOING_AWAY, "done");
            assertThat(handler.closed.get(20, TimeUnit.SECONDS)).startsWith("1001 clean");
            await(() -> client.http2ConnectionCount() == 0, "the idle connection closes");
        }
    }
}
