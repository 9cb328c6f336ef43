package dev.torsion.websocket.server;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.SelfSignedCertificate;
import dev.torsion.tls.TlsConfig;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.client.WebSocketClient;
import dev.torsion.websocket.handshake.HandshakeFailedException;
import dev.torsion.websocket.handshake.HandshakeRequest;
import dev.torsion.websocket.handshake.UpgradeDecision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * RFC 6455 section 4.2.2 ("the server MAY ... send back an appropriate HTTP error code") over real sockets,
 * with what an interceptor needs to decide: the query, the client's address and the TLS session; and what
 * each end learns afterwards: a refused client gets the status, headers ({@code WWW-Authenticate}) and body,
 * an accepted one the response headers, and both sessions their request URI.
 */
class Rfc6455Section4_2_2InterceptorOverSocketsTest {

    static Reactor reactor;
    static ListeningPort plain;
    static ListeningPort secure;
    static TlsConfig clientTls;
    static final List<HandshakeRequest> seen = new CopyOnWriteArrayList<>();
    static final List<String> serverSawUris = new CopyOnWriteArrayList<>();

    /** Token in the query, loopback only, and a TLS protocol check on the secure port. */
    static UpgradeDecision decide(HandshakeRequest request) {
        seen.add(request);
        InetSocketAddress from = (InetSocketAddress) request.remoteAddress();
        if (!from.getAddress().isLoopbackAddress()) {
            return UpgradeDecision.reject(403, "only local clients");
        }
        if (!"s3cret".equals(request.queryParameter("token"))) {
            return UpgradeDecision.reject(401, "a token is needed: ?token=...")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"chat\"");
        }
        if (request.sslSession() != null && !request.sslSession().getProtocol().startsWith("TLSv1.")) {
            return UpgradeDecision.reject(403, "old TLS");
        }
        return UpgradeDecision.accept().withHeader("Set-Cookie", "session=42");
    }

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        Resource root = new Resource();
        root.putChild("chat", WebSocketResource.builder(new WebSocketHandler() {
            @Override
            public void onOpen(WebSocketSession session) {
                serverSawUris.add(session.requestUri() + " path=" + session.requestUri().getPath());
            }

            @Override
            public void onText(WebSocketSession session, String text) {
                session.sendText(text);
            }
        }).interceptor(Rfc6455Section4_2_2InterceptorOverSocketsTest::decide).build());
        plain = reactor.listenTcp("127.0.0.1", 0, new Site(root));
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir, "localhost");
        secure = reactor.listenTcp("127.0.0.1", 0,
                TlsConfig.serverFromPem(certificate.certificate(), certificate.privateKey()).wrap(new Site(root)));
        clientTls = TlsConfig.clientTrusting(certificate.certificate());
    }

    @AfterAll
    static void stop() {
        reactor.close();
    }

    @Test
    void aRefusedClientGetsTheStatusTheChallengeAndTheBody() {
        WebSocketClient client = WebSocketClient.builder(reactor).build();
        assertThatThrownBy(() -> client.connect(URI.create("ws://127.0.0.1:" + plain.port() + "/chat"),
                WebSocketHandler.onText((s, t) -> { })).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(HandshakeFailedException.class, refused -> {
                    assertThat(refused.check()).isEqualTo(HandshakeFailedException.Check.STATUS);
                    assertThat(refused.status()).isEqualTo(401);
                    assertThat(refused.headers().get("WWW-Authenticate")).isEqualTo("Bearer realm=\"chat\"");
                    assertThat(refused.body()).isEqualTo("a token is needed: ?token=...");
                    assertThat(refused.getMessage()).contains("expected status 101, got 401");
                });
        assertThat(seen).anySatisfy(request -> {
            assertThat(request.path()).isEqualTo("/chat");
            assertThat(request.queryParameters()).isEmpty();
            assertThat(request.sslSession()).isNull();
        });
    }

    @Test
    void anAcceptedClientSeesTheResponseHeadersAndBothEndsTheirUri() throws Exception {
        WebSocketClient client = WebSocketClient.builder(reactor).build();
        URI uri = URI.create("ws://127.0.0.1:" + plain.port() + "/chat?token=s3cret&room=a%20b");
        WebSocketSession session = client.connect(uri, WebSocketHandler.onText((s, t) -> { })).get(10, TimeUnit.SECONDS);
        assertThat(session.requestUri()).isEqualTo(uri);
        assertThat(session.responseHeaders().get("Set-Cookie")).isEqualTo("session=42");
        assertThat(session.responseHeaders().get("Upgrade")).isEqualTo("websocket");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(serverSawUris).contains("/chat?token=s3cret&room=a%20b path=/chat"));
        assertThat(seen).anySatisfy(request -> assertThat(request.queryParameters())
                .containsEntry("token", List.of("s3cret")).containsEntry("room", List.of("a b")));
        session.close();
    }

    @Test
    void theInterceptorSeesTheTlsSessionAndTheClientsAddress() throws Exception {
        WebSocketClient client = WebSocketClient.builder(reactor).tls(clientTls).build();
        WebSocketSession session = client.connect(URI.create("wss://localhost:" + secure.port() + "/chat?token=s3cret"),
                WebSocketHandler.onText((s, t) -> { })).get(10, TimeUnit.SECONDS);
        assertThat(seen).anySatisfy(request -> {
            assertThat(request.sslSession()).isNotNull();
            assertThat(request.sslSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            assertThat(((InetSocketAddress) request.remoteAddress()).getAddress().isLoopbackAddress()).isTrue();
        });
        session.close();
    }
}
