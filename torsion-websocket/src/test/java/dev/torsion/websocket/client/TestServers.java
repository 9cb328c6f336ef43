package dev.torsion.websocket.client;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.SelfSignedCertificate;
import dev.torsion.tls.TlsConfig;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.server.EchoHandler;
import dev.torsion.websocket.server.WebSocketResource;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Torsion WebSocket servers for the client's tests, on one reactor: plain and TLS ports, each with
 * {@code /echo} (offering subprotocols chat and superchat) and {@code /headers}, which answers a text
 * message naming a request header with that header's values joined by commas.
 */
final class TestServers implements AutoCloseable {

    final Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2)
            .withThreadNamePrefix("test-server-"));
    final ListeningPort plain;
    final ListeningPort secure;
    final SelfSignedCertificate certificate;
    final TlsConfig serverTls;
    final TlsConfig clientTls;

    TestServers(Path dir) throws Exception {
        Resource root = new Resource();
        root.putChild("echo", WebSocketResource.builder(new EchoHandler()).subprotocols("chat", "superchat").build());
        root.putChild("headers", WebSocketResource.builder(new HeaderEcho())
                .config(dev.torsion.websocket.WebSocketConfig.defaults().withKeepRequestHeaders(true)).build());
        plain = reactor.listenTcp("127.0.0.1", 0, new Site(root));
        certificate = SelfSignedCertificate.generate(dir, "localhost");
        serverTls = TlsConfig.serverFromPem(certificate.certificate(), certificate.privateKey());
        secure = reactor.listenTcp("127.0.0.1", 0, serverTls.wrap(new Site(root)));
        clientTls = TlsConfig.clientTrusting(certificate.certificate());
    }

    String ws(String path) {
        return "ws://127.0.0.1:" + plain.port() + path;
    }

    String wss(String path) {
        return "wss://localhost:" + secure.port() + path;
    }

    @Override
    public void close() {
        reactor.close();
    }

    /** Answers a header name with the values the opening request carried for it. */
    static final class HeaderEcho implements WebSocketHandler {
        @Override
        public void onText(WebSocketSession session, String name) {
            session.sendText(String.join(",", session.requestHeaders().getAll(name)));
        }

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
        }

        @Override
        public void onClose(WebSocketSession session, dev.torsion.websocket.CloseCode code, String reason,
                            boolean clean) {
        }
    }
}
