package dev.torsion.websocket.client;

import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Reactor;
import dev.torsion.tls.TlsConfig;
import dev.torsion.tls.TlsProtocol;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;
import dev.torsion.websocket.handshake.ClientHandshake;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Connects to WebSocket servers ({@code ws://} and {@code wss://}) on a {@link Reactor} and gives each
 * connection the same session API as the server side: a {@link WebSocketHandler} for events, a
 * {@link WebSocketSession} to send and close.
 *
 * <pre>{@code
 * WebSocketClient client = WebSocketClient.builder(reactor).build();
 * WebSocketSession session = client.connect(URI.create("ws://127.0.0.1:8080/"), handler).get();
 * session.sendText("hello");
 * }</pre>
 *
 * <p>The server's answer is checked strictly (status 101, Upgrade, Connection, the accept key computed from
 * this client's fresh random key, a subprotocol and extensions only among those offered); a failed check
 * fails the future with a {@link dev.torsion.websocket.handshake.HandshakeFailedException} naming the check.
 * Frames are masked with a fresh key each (see {@code MaskGenerator} for the source of randomness).
 *
 * <p><b>Threading.</b> Immutable and thread-safe; {@link #connect} may be called from any thread, and one
 * client may hold any number of connections. <b>Lifecycle.</b> Holds no resources of its own; connections
 * live until closed, and the reactor's shutdown closes them.
 */
public final class WebSocketClient {

    private final Reactor reactor;
    private final WebSocketConfig config;
    private final TlsConfig tls;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final PerMessageDeflateClient deflate;

    private WebSocketClient(Builder b) {
        this.deflate = b.deflate;
        this.reactor = b.reactor;
        this.config = b.config;
        this.tls = b.tls;
        this.connectTimeout = b.connectTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
    }

    /** A builder for a client on {@code reactor}. */
    public static Builder builder(Reactor reactor) {
        return new Builder(reactor);
    }

    /** Connects to {@code uri} with no extra options. */
    public CompletableFuture<WebSocketSession> connect(URI uri, WebSocketHandler handler) {
        return connect(uri, handler, ClientOptions.none());
    }

    /**
     * Connects to {@code uri}, offering what {@code options} says; the future completes with the open
     * session (after {@link WebSocketHandler#onOpen}) or fails with why the connection or handshake failed.
     */
    public CompletableFuture<WebSocketSession> connect(URI uri, WebSocketHandler handler, ClientOptions options) {
        CompletableFuture<WebSocketSession> result = new CompletableFuture<>();
        WebSocketUri target;
        ClientHandshake handshake;
        try {
            target = WebSocketUri.of(uri);
            java.util.List<dev.torsion.websocket.handshake.ExtensionOffer> offers =
                    new java.util.ArrayList<>(options.extensions());
            if (deflate != null) {
                offers.addAll(deflate.offers());
            }
            ClientHandshake.Builder hb = ClientHandshake.builder(uri).subprotocols(options.subprotocols())
                    .extensions(offers);
            if (options.origin() != null) {
                hb.origin(options.origin());
            }
            for (Map.Entry<String, String> h : options.headers().entrySet()) {
                hb.header(h.getKey(), h.getValue());
            }
            handshake = hb.build();
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(e);
            return result;
        }
        ClientHandshakeProtocol protocol = new ClientHandshakeProtocol(handshake, handler, config,
                handshakeTimeout, result, deflate);
        Protocol onTheWire;
        if (target.secure()) {
            TlsConfig tlsConfig;
            try {
                tlsConfig = tls != null ? tls : TlsConfig.client();
            } catch (GeneralSecurityException e) {
                result.completeExceptionally(e);
                return result;
            }
            onTheWire = tlsConfig.wrapClient(target.host(), target.port(), protocol);
        } else {
            onTheWire = protocol;
        }
        reactor.connectTcp(target.host(), target.port(), remote -> onTheWire, connectTimeout)
                .whenComplete((p, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else if (onTheWire instanceof TlsProtocol) {
                        // the WebSocket handshake's own timer starts after TLS; this one bounds TLS too
                        TlsProtocol tlsProtocol = (TlsProtocol) onTheWire;
                        tlsProtocol.scheduler().callLater(handshakeTimeout, () -> {
                            if (result.completeExceptionally(new java.io.IOException("TLS and WebSocket handshake "
                                    + "timed out after " + handshakeTimeout.toMillis() + " ms"))) {
                                tlsProtocol.abortConnection();
                            }
                        });
                    }
                });
        return result;
    }

    /** Configures a {@link WebSocketClient}. Not thread-safe; build once. */
    public static final class Builder {
        private final Reactor reactor;
        private WebSocketConfig config = WebSocketConfig.defaults();
        private TlsConfig tls;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private PerMessageDeflateClient deflate;

        private Builder(Reactor reactor) {
            this.reactor = Objects.requireNonNull(reactor, "reactor");
        }

        /** Limits, timers and send-queue policy of every connection. */
        public Builder config(WebSocketConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** TLS for wss:// (default: the JDK's trusted authorities with host-name checks). */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** How long the TCP connect may take (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long the server may take to answer the handshake, TLS included (default 10 s). */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Offers permessage-deflate (RFC 7692) and uses it when the server agrees (default: not offered). */
        public Builder deflate(PerMessageDeflateClient deflate) {
            this.deflate = deflate;
            return this;
        }

        public WebSocketClient build() {
            return new WebSocketClient(this);
        }
    }
}
