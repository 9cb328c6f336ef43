package dev.torsion.websocket.server;

import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketProtocol;
import dev.torsion.websocket.deflate.PerMessageDeflateExtension;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.handshake.HandshakeAccepted;
import dev.torsion.websocket.handshake.NegotiatedExtension;
import dev.torsion.websocket.handshake.HandshakeInterceptor;
import dev.torsion.websocket.handshake.HandshakeRejected;
import dev.torsion.websocket.handshake.HandshakeResult;
import dev.torsion.websocket.handshake.OriginPolicy;
import dev.torsion.websocket.handshake.ServerHandshake;
import dev.torsion.websocket.handshake.SubprotocolSelector;

import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link Resource} that accepts WebSocket connections where it is mounted in a {@code Site}'s tree: the
 * seed design of the project, done right. A GET with a valid RFC 6455 upgrade is answered with
 * {@code 101 Switching Protocols} and the connection is handed to a {@link WebSocketProtocol} together with
 * every byte that followed the handshake; anything else gets the handshake's clear refusal (400 saying what
 * is wrong, 426 for another version, 403 for a refused origin, 405 for another method), or is passed to a
 * fallback resource when one is set (so one path can serve a page to browsers and WebSocket to scripts).
 *
 * <pre>{@code
 * Resource root = new Resource();
 * root.putChild("echo", WebSocketResource.builder(new EchoHandler()).subprotocols("chat").build());
 * reactor.listenTcp("127.0.0.1", 8080, new Site(root));
 * }</pre>
 *
 * <p><b>Threading.</b> Immutable once built; renders on any event loop at once. The handler factory is
 * called on the connection's loop and must be thread-safe if it keeps shared state.
 *
 * <p><b>Lifecycle.</b> Lives as long as the resource tree; each accepted connection gets its own
 * {@link WebSocketProtocol}, which lives until the connection ends.
 */
public final class WebSocketResource extends Resource {

    private static final System.Logger LOG = System.getLogger(WebSocketResource.class.getName());

    private final ServerHandshake handshake;
    private final Function<Request, WebSocketHandler> handlers;
    private final WebSocketConfig config;
    private final Resource fallback;

    private WebSocketResource(Builder b) {
        this.handshake = b.handshake.build();
        this.handlers = b.handlers;
        this.config = b.config;
        this.fallback = b.fallback;
    }

    /** A builder for a resource whose connections all share {@code handler} (it gets the session each call). */
    public static Builder builder(WebSocketHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return new Builder(request -> handler);
    }

    /** A builder for a resource that makes a handler per connection from its upgrade request. */
    public static Builder builder(Function<Request, WebSocketHandler> handlerFactory) {
        return new Builder(Objects.requireNonNull(handlerFactory, "handlerFactory"));
    }

    /** A WebSocket endpoint has no children: the rest of the path is the application's (see postpath). */
    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public void render(Request request) {
        if (fallback != null && !isUpgrade(request)) {
            fallback.render(request);
            return;
        }
        HandshakeResult result = handshake.respond(new RequestView(request));
        if (result instanceof HandshakeAccepted) {
            accept(request, (HandshakeAccepted) result);
        } else {
            reject(request, (HandshakeRejected) result);
        }
    }

    private void accept(Request request, HandshakeAccepted accepted) {
        WebSocketHandler handler;
        try {
            handler = handlers.apply(request);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the WebSocket handler factory threw for " + request, e);
            handler = null;
        }
        if (handler == null) {
            request.setResponseCode(500);
            request.setHeader("Content-Type", HandshakeRejected.CONTENT_TYPE);
            request.finish("no handler for this WebSocket connection\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        accepted.headers().forEach(request::addHeader);
        WebSocketProtocol protocol = WebSocketProtocol.server(handler, config,
                accepted.subprotocol().orElse(null), request.requestHeaders());
        for (NegotiatedExtension extension : accepted.extensions()) {
            if (extension instanceof PerMessageDeflateExtension) {
                protocol.useDeflate((PerMessageDeflateExtension) extension);
            }
        }
        request.switchProtocols(protocol);
    }

    private static void reject(Request request, HandshakeRejected rejected) {
        if (rejected.status() >= 500) {
            rejected.cause().ifPresent(cause ->
                    LOG.log(System.Logger.Level.WARNING, "WebSocket handshake failed on the server side", cause));
        }
        request.setResponseCode(rejected.status(), rejected.reasonPhrase());
        rejected.headers().forEach(request::addHeader);
        request.setHeader("Content-Type", HandshakeRejected.CONTENT_TYPE);
        request.finish(rejected.bodyBytes());
    }

    private static boolean isUpgrade(Request request) {
        return request.requestHeaders().containsToken("Upgrade", "websocket")
                || request.requestHeaders().contains("Sec-WebSocket-Key");
    }

    /** Configures a {@link WebSocketResource}. Not thread-safe; build once. */
    public static final class Builder {
        private final Function<Request, WebSocketHandler> handlers;
        private final ServerHandshake.Builder handshake = ServerHandshake.builder();
        private WebSocketConfig config = WebSocketConfig.defaults();
        private Resource fallback;

        private Builder(Function<Request, WebSocketHandler> handlers) {
            this.handlers = handlers;
        }

        /** Limits, timers and send-queue policy of every connection (default {@link WebSocketConfig#defaults()}). */
        public Builder config(WebSocketConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The subprotocols this endpoint speaks, in its order of preference. */
        public Builder subprotocols(String... supported) {
            handshake.subprotocols(supported);
            return this;
        }

        /** Chooses the subprotocol from the client's offer. */
        public Builder subprotocols(SubprotocolSelector selector) {
            handshake.subprotocols(selector);
            return this;
        }

        /** Which Origins may connect (default: all); a refused one gets 403. */
        public Builder originPolicy(OriginPolicy policy) {
            handshake.originPolicy(policy);
            return this;
        }

        /** An application hook that may reject the upgrade or add response headers. */
        public Builder interceptor(HandshakeInterceptor interceptor) {
            handshake.interceptor(interceptor);
            return this;
        }

        /**
         * Negotiates permessage-deflate (RFC 7692) with clients that offer it, as {@code deflate} is configured
         * (see docs/permessage-deflate.md); without this call compression is declined.
         */
        public Builder deflate(PerMessageDeflateServer deflate) {
            handshake.extension(deflate);
            return this;
        }

        /** A resource that answers requests which are not WebSocket upgrades (e.g. a page for browsers). */
        public Builder fallback(Resource resource) {
            this.fallback = resource;
            return this;
        }

        public WebSocketResource build() {
            return new WebSocketResource(this);
        }
    }
}
