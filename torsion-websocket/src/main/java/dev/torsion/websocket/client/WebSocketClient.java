package dev.torsion.websocket.client;

import dev.torsion.reactor.Authority;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Reactor;
import dev.torsion.tls.TlsConfig;
import dev.torsion.tls.TlsProtocol;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;
import dev.torsion.websocket.handshake.ClientExtension;
import dev.torsion.websocket.handshake.ClientHandshake;

import javax.net.ssl.SSLException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Connects to WebSocket servers ({@code ws://} and {@code wss://}) on a {@link Reactor} and gives each
 * connection the same session API as the server side: a {@link WebSocketHandler} for events, a
 * {@link WebSocketSession} to send and close.
 *
 * <pre>{@code
 * WebSocketClient client = WebSocketClient.builder().build();   // owns its reactor
 * WebSocketSession session = client.connect(URI.create("ws://127.0.0.1:8080/"), handler).get();
 * session.sendText("hello");
 * session.close();                                               // the JVM exits once the close is done
 * }</pre>
 *
 * <p>The server's answer is checked strictly (status 101, Upgrade, Connection, the accept key computed from
 * this client's fresh random key, a subprotocol and extensions only among those offered); a failed check
 * fails the future with a {@link dev.torsion.websocket.handshake.HandshakeFailedException} naming the check.
 * Frames are masked with a fresh key each (see {@code MaskGenerator} for the source of randomness).
 *
 * <p><b>HTTP/2.</b> With {@link Builder#http2 http2(true)} the client opens its WebSockets as streams of HTTP/2
 * connections (RFC 8441), several WebSockets to one server sharing one connection: over TLS it offers {@code h2}
 * by ALPN and falls back to the HTTP/1.1 upgrade where the server does not speak HTTP/2 or does not allow
 * WebSocket over it; a {@code ws://} URI then means HTTP/2 with prior knowledge (h2c, as a Torsion server speaks
 * it). See docs/client.md. It needs {@code torsion-web}, where HTTP/2 lives, on the class path.
 *
 * <p>Options: TLS for {@code wss://} ({@link Builder#tls}), an HTTP proxy reached with {@code CONNECT}
 * ({@link Builder#proxy}), a connect timeout and a handshake timeout (proxy answer, TLS and the HTTP
 * upgrade together), and per connection headers, subprotocols and an Origin ({@link ClientOptions}). For a
 * connection that comes back by itself after it drops, see {@link ReconnectingWebSocket}.
 *
 * <p><b>Threading.</b> Immutable and thread-safe; {@link #connect} may be called from any thread, and one
 * client may hold any number of connections.
 *
 * <p><b>Lifecycle.</b> A client built with {@link #builder()} owns its reactor: one event loop, started at
 * the first connect, on a daemon thread that keeps the JVM alive only while the client has a connection
 * attempt, an open session or a running {@link ReconnectingWebSocket}. So a program exits by itself once its
 * {@code main} has returned and its last session has finished closing; {@link #close()} ends everything at
 * once. A client built with {@link #builder(Reactor)} uses that reactor and holds nothing of its own: the
 * reactor's owner closes it (its loops keep the JVM alive until then, unless
 * {@link dev.torsion.reactor.ReactorConfig#withDaemonThreads daemon}). See docs/lifecycle.md.
 */
public final class WebSocketClient implements AutoCloseable {

    /** The caller's reactor, or null when the client owns one. */
    private final Reactor reactor;
    /** The client's own reactor, or null when the caller gave one. */
    private final OwnedReactor owned;
    private final WebSocketConfig config;
    private final TlsConfig tls;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final HttpProxy proxy;
    private final List<ClientExtension> extensions;
    /** The shared HTTP/2 connections, or null when the client speaks HTTP/1.1 only (the default). */
    private final Http2Connections http2;

    private WebSocketClient(Builder b) {
        this.extensions = List.copyOf(b.extensions);
        this.http2 = b.http2 ? new Http2Connections(new Http2Side(), b.http2StreamsPerConnection) : null;
        this.reactor = b.reactor;
        this.owned = b.reactor == null ? new OwnedReactor() : null;
        this.config = b.config;
        this.tls = b.tls;
        this.connectTimeout = b.connectTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.proxy = b.proxy;
    }

    /**
     * A builder for a client that owns its reactor (one event loop, started at the first connect): the JVM
     * exits by itself once the client's sessions have closed and {@code main} has returned.
     */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder for a client on {@code reactor}, whose owner closes it. */
    public static Builder builder(Reactor reactor) {
        return new Builder(Objects.requireNonNull(reactor, "reactor"));
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
        if (owned != null) {
            // the attempt, then the session, keep the JVM alive
            Runnable release = owned.hold();
            result.whenComplete((session, error) -> {
                if (error != null) {
                    release.run();
                } else {
                    session.addCloseListener(release);
                }
            });
        }
        WebSocketUri target;
        ClientHandshake handshake;
        try {
            target = WebSocketUri.of(uri);
            java.util.List<dev.torsion.websocket.handshake.ExtensionOffer> offers =
                    new java.util.ArrayList<>(options.extensions());
            for (ClientExtension extension : extensions) {
                offers.addAll(extension.offers());
            }
            ClientHandshake.Builder hb = ClientHandshake.builder(uri).subprotocols(options.subprotocols())
                    .extensions(offers);
            if (options.origin() != null) {
                hb.origin(options.origin());
            }
            for (Map.Entry<String, String> h : options.headerList()) {
                hb.header(h.getKey(), h.getValue());
            }
            handshake = hb.build();
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(e);
            return result;
        }
        if (http2 != null) {
            Http2Connections.Attempt attempt = new Http2Connections.Attempt(target, handshake, handler, result);
            dev.torsion.reactor.DelayedCall timer = reactor().callLater(handshakeTimeout, () -> {
                if (result.completeExceptionally(new java.io.IOException(timeoutMessage(target)))) {
                    attempt.abort();
                }
            });
            result.whenComplete((session, error) -> timer.cancel());
            http2.connect(attempt);
            return result;
        }
        connectHttp11(target, handshake, handler, result);
        return result;
    }

    /** The RFC 6455 upgrade on a connection of its own. */
    private void connectHttp11(WebSocketUri target, ClientHandshake handshake, WebSocketHandler handler,
                               CompletableFuture<WebSocketSession> result) {
        dial(target, new ClientHandshakeProtocol(handshake, handler, config, handshakeTimeout, result, extensions),
                false, result);
    }

    /**
     * Connects to {@code target} (through the proxy, in TLS for wss, offering {@code h2} by ALPN first when
     * {@code offerH2}) and runs {@code protocol} there; a failure to get there fails {@code result}.
     */
    private void dial(WebSocketUri target, Protocol protocol, boolean offerH2, CompletableFuture<?> result) {
        Protocol onTheWire = protocol;
        TlsProtocol tlsProtocol = null;
        if (target.secure()) {
            TlsConfig tlsConfig;
            try {
                tlsConfig = tls != null ? tls : TlsConfig.client();
            } catch (GeneralSecurityException e) {
                result.completeExceptionally(e);
                return;
            }
            if (http2 != null) {
                tlsConfig = offerH2 ? tlsConfig.withApplicationProtocols("h2", "http/1.1")
                        : tlsConfig.withApplicationProtocols("http/1.1");
            }
            tlsProtocol = tlsConfig.wrapClient(target.host(), target.port(), protocol);
            onTheWire = tlsProtocol;
            // a failed TLS handshake never reaches the WebSocket handshake: fail the attempt with its reason
            tlsProtocol.handshake().whenComplete((session, error) -> {
                if (error != null) {
                    result.completeExceptionally(tlsFailure(target, error));
                }
            });
        }
        ProxyTunnelProtocol tunnel = null;
        if (proxy != null) {
            tunnel = new ProxyTunnelProtocol(proxy, target.host(), target.port(), onTheWire, result);
            onTheWire = tunnel;
        }
        Protocol first = onTheWire;
        String host = proxy != null ? proxy.host() : target.host();
        int port = proxy != null ? proxy.port() : target.port();
        ProxyTunnelProtocol viaProxy = tunnel;
        TlsProtocol viaTls = tlsProtocol;
        reactor().connectTcp(host, port, remote -> first, connectTimeout).whenComplete((p, error) -> {
            if (error != null) {
                result.completeExceptionally(viaProxy == null ? error : new java.net.ConnectException(
                        "cannot reach the proxy " + Authority.of(host, port) + ": " + error.getMessage()));
            } else if (viaProxy != null || viaTls != null) {
                // the WebSocket handshake's own timer starts once it gets the connection; this one also bounds
                // the proxy's answer and the TLS handshake
                Runnable abort = viaProxy != null ? viaProxy::abort : viaTls::abortConnection;
                (viaProxy != null ? viaProxy.scheduler() : viaTls.scheduler()).callLater(handshakeTimeout, () -> {
                    if (result.completeExceptionally(new java.io.IOException(timeoutMessage(target)))) {
                        abort.run();
                    }
                });
            }
        });
    }

    private String timeoutMessage(WebSocketUri target) {
        return (proxy != null ? "proxy, " : "") + (target.secure() ? "TLS and " : "") + "WebSocket handshake timed out"
                + " after " + handshakeTimeout.toMillis() + " ms";
    }

    /** The number of HTTP/2 connections open or opening (0 without {@code http2(true)}), for tests. */
    int http2ConnectionCount() {
        return http2 == null ? 0 : http2.connectionCount();
    }

    /** What the shared HTTP/2 connections need of this client. */
    private final class Http2Side implements Http2Connections.Client {
        @Override
        public void dial(WebSocketUri target, Protocol inner, boolean offerH2, CompletableFuture<?> failures) {
            WebSocketClient.this.dial(target, inner, offerH2, failures);
        }

        @Override
        public Protocol http11(Http2Connections.Attempt a) {
            return new ClientHandshakeProtocol(a.handshake, a.handler, config, handshakeTimeout, a.result, extensions);
        }

        @Override
        public void connectHttp11(Http2Connections.Attempt a) {
            WebSocketClient.this.connectHttp11(a.target, a.handshake, a.handler, a.result);
        }

        @Override
        public WebSocketConfig config() {
            return config;
        }

        @Override
        public List<ClientExtension> extensions() {
            return extensions;
        }
    }

    private static Throwable tlsFailure(WebSocketUri target, Throwable error) {
        String where = Authority.of(target.host(), target.port());
        if (error instanceof SSLException && error.getMessage() != null && error.getMessage().contains(where)) {
            return error;
        }
        return new SSLException("TLS handshake with " + where + " failed: " + error.getMessage(), error);
    }

    /** The reactor this client connects on (its own one is started here if it is not running). */
    Reactor reactor() {
        return owned != null ? owned.reactor() : reactor;
    }

    /**
     * Keeps the JVM alive until the returned release runs, when the client owns its reactor (a no-op
     * otherwise): for {@link ReconnectingWebSocket} while it runs.
     */
    Runnable hold() {
        return owned != null ? owned.hold() : () -> { };
    }

    /**
     * Closes the client's own reactor: every connection is aborted at once (close sessions first for a clean
     * close) and nothing keeps the JVM alive any more; a later connect starts a new one. Does nothing for a
     * client on the caller's reactor.
     */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    /** Configures a {@link WebSocketClient}. Not thread-safe; build once. */
    public static final class Builder {
        private final Reactor reactor;
        private WebSocketConfig config = WebSocketConfig.defaults();
        private TlsConfig tls;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private HttpProxy proxy;
        private final List<ClientExtension> extensions = new java.util.ArrayList<>();
        private boolean http2;
        private int http2StreamsPerConnection = 100;

        private Builder(Reactor reactor) {
            this.reactor = reactor;
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
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long the server may take to answer the handshake, TLS included (default 10 s). */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /**
         * Connects through an HTTP proxy with {@code CONNECT} (null: directly, the default). The connect
         * timeout then bounds the connection to the proxy; the handshake timeout bounds the proxy's answer,
         * TLS and the WebSocket handshake together.
         */
        public Builder proxy(HttpProxy proxy) {
            this.proxy = proxy;
            return this;
        }

        /** Offers permessage-deflate (RFC 7692) and uses it when the server agrees (default: not offered). */
        public Builder deflate(PerMessageDeflateClient deflate) {
            return extension(deflate);
        }

        /**
         * Offers an extension (after those added before) and uses the agreement when the server accepts it:
         * its reserved bits are allowed on frames and its codec, if it has one, encodes and decodes messages.
         */
        public Builder extension(ClientExtension extension) {
            extensions.add(Objects.requireNonNull(extension, "extension"));
            return this;
        }

        /**
         * Opens WebSockets over HTTP/2 where the server allows it (RFC 8441; default false: the HTTP/1.1 upgrade
         * only). {@code wss://}: ALPN offers {@code h2} then {@code http/1.1} (whatever the {@link #tls} config
         * offered), and the client falls back to the HTTP/1.1 upgrade when the server picks {@code http/1.1} or
         * does not announce SETTINGS_ENABLE_CONNECT_PROTOCOL. {@code ws://}: HTTP/2 with prior knowledge (h2c),
         * for servers known to speak it; one that does not fails the connect. WebSockets to the same server share
         * an HTTP/2 connection (see {@link #http2StreamsPerConnection}); it closes when its last WebSocket has.
         *
         * @throws IllegalStateException if {@code torsion-web} (where HTTP/2 lives) is not on the class path
         */
        public Builder http2(boolean enabled) {
            if (enabled) {
                try {
                    Class.forName("dev.torsion.web.http2.Http2Connection", false, WebSocketClient.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("http2(true) needs torsion-web (dev.torsion:torsion-web), where "
                            + "HTTP/2 lives, on the class path");
                }
            }
            this.http2 = enabled;
            return this;
        }

        /**
         * With {@link #http2}: at most this many WebSockets share one HTTP/2 connection (default 100, and never more
         * than the server's SETTINGS_MAX_CONCURRENT_STREAMS); 1 gives each WebSocket a connection of its own.
         */
        public Builder http2StreamsPerConnection(int streams) {
            if (streams < 1) {
                throw new IllegalArgumentException("http2StreamsPerConnection must be at least 1, got " + streams);
            }
            this.http2StreamsPerConnection = streams;
            return this;
        }

        /** The client. */
        public WebSocketClient build() {
            return new WebSocketClient(this);
        }

        private static Duration positive(Duration timeout, String what) {
            Objects.requireNonNull(timeout, what);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + timeout);
            }
            return timeout;
        }
    }
}
