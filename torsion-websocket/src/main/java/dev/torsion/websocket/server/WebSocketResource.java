package dev.torsion.websocket.server;

import dev.torsion.web.ErrorResource;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketMetrics;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.TransportWebSocket;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.handshake.HandshakeAccepted;
import dev.torsion.websocket.handshake.ExtensionNegotiator;
import dev.torsion.websocket.handshake.NegotiatedExtension;
import dev.torsion.websocket.handshake.HandshakeInterceptor;
import dev.torsion.websocket.handshake.HandshakeRejected;
import dev.torsion.websocket.handshake.HandshakeResult;
import dev.torsion.websocket.handshake.OriginPolicy;
import dev.torsion.websocket.handshake.ServerHandshake;
import dev.torsion.websocket.handshake.SubprotocolSelector;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link Resource} that accepts WebSocket connections where it is mounted in a {@code Site}'s tree: the
 * seed design of the project, done right. A GET with a valid RFC 6455 upgrade is answered with
 * {@code 101 Switching Protocols} and the connection is handed to a {@link TransportWebSocket} together with
 * every byte that followed the handshake; anything else gets the handshake's clear refusal (400 saying what
 * is wrong, 426 for another version, 403 for a refused origin, 405 for another method), or is passed to a
 * fallback resource when one is set (so one path can serve a page to browsers and WebSocket to scripts).
 *
 * <p><b>Over HTTP/2</b> the same resource, with the same handlers, serves WebSocket on HTTP/2 streams (RFC
 * 8441): an extended CONNECT with {@code :protocol websocket} is answered {@code 200} and its stream carries the
 * connection (DATA frames, END_STREAM for the close); the refusals are the handshake's HTTP/2 ones (501 for
 * another {@code :protocol}, 400 for another version, 405 for a method other than CONNECT). The session's
 * {@link dev.torsion.websocket.WebSocketSession#httpVersion()} tells which carried it.
 *
 * <p><b>Its path.</b> It upgrades requests for its own path only ({@code /echo} or {@code /echo/} when mounted
 * as {@code echo}), unless {@link Builder#acceptSubpaths} says otherwise. A request below it
 * ({@code /echo/nope}) goes to the fallback, walked like a tree from there, or gets 404 without one: mounted
 * at the root with a page as its fallback, {@code /} upgrades and serves the page, {@code /app.js} is the
 * fallback's, and {@code /nope} is a 404 whether it asks for an upgrade or not. Children put with
 * {@link #putChild} are found before it (see {@link Resource}).
 *
 * <pre>{@code
 * Resource root = new Resource();
 * root.putChild("echo", WebSocketResource.builder(new EchoHandler()).subprotocols("chat").build());
 * reactor.listenTcp("127.0.0.1", 8080, new Site(root));
 * }</pre>
 *
 * <p><b>Threading.</b> Immutable once built (but for a one-entry cache of the last request URI, see
 * {@link #lastUri}); renders on any event loop at once. The handler factory is
 * called on the connection's loop and must be thread-safe if it keeps shared state.
 *
 * <p><b>Lifecycle.</b> Lives as long as the resource tree; each accepted connection gets its own
 * {@link TransportWebSocket}, which lives until the connection ends.
 */
public final class WebSocketResource extends Resource {

    private static final System.Logger LOG = System.getLogger(WebSocketResource.class.getName());

    private final ServerHandshake handshake;
    private final Function<Request, WebSocketHandler> handlers;
    private final WebSocketConfig config;
    private final Resource fallback;
    private final boolean acceptSubpaths;
    private final WebSocketMetrics metrics;
    /**
     * The request URI of the last connection accepted: the next one to the same URI keeps this instance, so
     * idle connections to one path share one String. Read and written by every loop without a lock on purpose
     * (a String is safely published through a race; a lost update only costs a copy).
     */
    private String lastUri;

    private WebSocketResource(Builder b) {
        this.handshake = b.handshake.build();
        this.handlers = b.handlers;
        this.config = b.config;
        this.fallback = b.fallback;
        this.acceptSubpaths = b.acceptSubpaths;
        this.metrics = b.metrics;
        if (metrics != null && b.deflate != null) {
            metrics.addDeflate(b.deflate);
        }
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

    /** What this endpoint's handshakes and connections did; empty when built with {@code metrics(null)}. */
    public Optional<WebSocketMetrics> metrics() {
        return Optional.ofNullable(metrics);
    }

    /** True: the endpoint decides about the rest of the path itself (see the class documentation). */
    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public void render(Request request) {
        boolean ours = acceptSubpaths || isOwnPath(request.postpath());
        if (fallback != null && (!ours || !isUpgrade(request))) {
            Site.traverse(fallback, request).render(request);
            return;
        }
        if (!ours) {
            ErrorResource.notFound().render(request);
            return;
        }
        HandshakeResult result = handshake.respond(new RequestView(request));
        if (result instanceof HandshakeAccepted) {
            accept(request, (HandshakeAccepted) result);
        } else {
            reject(request, (HandshakeRejected) result);
        }
    }

    /** {@code uri}, or the equal instance the previous connection keeps (see {@link #lastUri}). */
    private String shared(String uri) {
        String last = lastUri;
        if (uri.equals(last)) {
            return last;
        }
        lastUri = uri;
        return uri;
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
            refused(request, HandshakeRejected.Reason.SERVER_ERROR, 500, "no handler for this WebSocket connection");
            request.setResponseCode(500);
            request.setHeader("Content-Type", HandshakeRejected.CONTENT_TYPE);
            request.finish("no handler for this WebSocket connection\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        accepted.headers().forEach(request::addHeader);
        TransportWebSocket protocol = TransportWebSocket.server(handler, config,
                accepted.subprotocol().orElse(null), request.requestHeaders())
                .recordHandshake(shared(request.uri()), accepted.headers());
        protocol.useExtensions(accepted.extensions()).httpVersion(request.version());
        if (metrics != null) {
            metrics.handshakeAccepted();
            protocol.countInto(metrics);
        }
        request.switchProtocols(protocol);
    }

    private void reject(Request request, HandshakeRejected rejected) {
        refused(request, rejected.reason(), rejected.status(), rejected.body());
        if (rejected.status() >= 500) {
            rejected.cause().ifPresent(cause ->
                    LOG.log(System.Logger.Level.WARNING, "WebSocket handshake failed on the server side", cause));
        }
        request.setResponseCode(rejected.status(), rejected.reasonPhrase());
        rejected.headers().forEach(request::addHeader);
        request.setHeader("Content-Type", HandshakeRejected.CONTENT_TYPE);
        request.finish(rejected.bodyBytes());
    }

    private void refused(Request request, HandshakeRejected.Reason reason, int status, String message) {
        if (metrics != null) {
            metrics.handshakeRefused(reason, status);
        }
        HandshakeRefusedEvent.record(metrics == null ? "" : metrics.name(), request.remoteAddress(), status,
                reason.name(), message);
    }

    /** Nothing left of the path, or only the trailing slash. */
    private static boolean isOwnPath(List<String> postpath) {
        return postpath.isEmpty() || (postpath.size() == 1 && postpath.get(0).isEmpty());
    }

    private static boolean isUpgrade(Request request) {
        return request.connectProtocol() != null   // an extended CONNECT (RFC 8441): the handshake answers it
                || request.requestHeaders().containsToken("Upgrade", "websocket")
                || request.requestHeaders().contains("Sec-WebSocket-Key");
    }

    /** Configures a {@link WebSocketResource}. Not thread-safe; build once. */
    public static final class Builder {
        private final Function<Request, WebSocketHandler> handlers;
        private final ServerHandshake.Builder handshake = ServerHandshake.builder();
        private WebSocketConfig config = WebSocketConfig.defaults();
        private Resource fallback;
        private boolean acceptSubpaths;
        private WebSocketMetrics metrics = WebSocketMetrics.create("websocket");
        private PerMessageDeflateServer deflate;

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
            this.deflate = deflate;
            return this;
        }

        /**
         * Negotiates another extension with clients that offer it, after those configured before; the
         * agreement's reserved bits are allowed on frames and its {@link NegotiatedExtension#codec codec}, if it
         * has one, encodes and decodes messages (see {@code dev.torsion.websocket.ExtensionCodec}).
         */
        public Builder extension(ExtensionNegotiator negotiator) {
            handshake.extension(negotiator);
            return this;
        }

        /**
         * A resource (or tree) that answers the requests this endpoint does not upgrade: plain requests for its
         * path (a page for browsers) and every request below its path, walked from the fallback as from a
         * root. Without one, those below its path get 404 and a plain request for its path gets the handshake's
         * refusal (400 saying that the Upgrade header is missing).
         */
        public Builder fallback(Resource resource) {
            this.fallback = resource;
            return this;
        }

        /**
         * Also upgrades requests below the endpoint's path ({@code /rooms/lobby} for an endpoint mounted as
         * {@code rooms}); the handler factory finds the rest in {@code request.postpath()}. Default false:
         * only the endpoint's own path upgrades. For a fixed set of names, children put with
         * {@code putChild} or a resource whose {@code getChild} returns an endpoint are the other way.
         */
        public Builder acceptSubpaths(boolean accept) {
            this.acceptSubpaths = accept;
            return this;
        }

        /**
         * Where the endpoint counts its handshakes and connections (default: its own, named "websocket"):
         * give several endpoints one instance to count a whole server, or null to count nothing (each
         * connection then skips its counting entirely).
         */
        public Builder metrics(WebSocketMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        public WebSocketResource build() {
            return new WebSocketResource(this);
        }
    }
}
