package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpTokens;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The server side of the RFC 6455 opening handshake (section 4.2), without I/O: one call per request,
 * {@link #respond(HandshakeRequest)}, returns the complete answer.
 *
 * <p>In order, it checks the request and its origin against the {@link OriginPolicy} (see
 * {@code RequestValidator} and {@code docs/handshake.md}), asks the {@link HandshakeInterceptor}, lets the
 * {@link SubprotocolSelector} pick a subprotocol among those offered, and runs the {@link ExtensionNegotiator}s:
 * asked in the order they were added (which settles who gets a reserved bit two of them want), their
 * agreements listed in the order the client first offered them (the order of the response header, and the
 * order in which they apply to data). Application hooks that throw or
 * break their contract make a {@code 500} whose {@link HandshakeRejected#cause()} says why.
 *
 * <p><b>Use from the HTTP layer.</b> Adapt the request to {@link HandshakeRequest}, call {@code respond}, then
 * write the result: for {@link HandshakeAccepted}, {@code HTTP/1.1 101 Switching Protocols} with exactly its
 * headers and hand the connection (and any bytes already read past the request) to the WebSocket layer; for
 * {@link HandshakeRejected}, its status, headers and plain-text body.
 *
 * <p><b>Over HTTP/2</b> (RFC 8441; {@link HandshakeRequest#httpVersion()} {@code "HTTP/2"}), the request is an
 * extended CONNECT and an accepted one is answered {@code 200} (no {@code Upgrade}, {@code Connection} or
 * {@code Sec-WebSocket-Accept}); the stream then carries the WebSocket connection. Subprotocols, extensions,
 * the origin policy and the interceptor work the same way.
 *
 * <p><b>Threading and lifecycle.</b> Immutable once built; build one per WebSocket endpoint at start-up and
 * call {@code respond} from any number of threads at once. The hooks it holds must be thread-safe.
 */
public final class ServerHandshake {

    private final SubprotocolSelector subprotocolSelector;
    private final OriginPolicy originPolicy;
    private final HandshakeInterceptor interceptor;
    private final List<ExtensionNegotiator> negotiators;

    private ServerHandshake(Builder builder) {
        this.subprotocolSelector = builder.subprotocolSelector;
        this.originPolicy = builder.originPolicy;
        this.interceptor = builder.interceptor;
        this.negotiators = List.copyOf(builder.negotiators);
    }

    /**
     * A builder whose defaults are: no subprotocol, {@link OriginPolicy#allowAll()}, accept every valid
     * request, no extensions.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The answer to {@code request}; never throws for anything the client sent. */
    public HandshakeResult respond(HandshakeRequest request) {
        Objects.requireNonNull(request, "request");
        RequestValidator.Valid valid;
        try {
            valid = RequestValidator.validate(request, originPolicy);
        } catch (RequestValidator.Refused refused) {
            return refused.rejection;
        }
        try {
            return decide(request, valid);
        } catch (RuntimeException applicationFailure) {
            return new HandshakeRejected(HandshakeRejected.Reason.SERVER_ERROR, 500, HttpHeaders.empty(),
                    "Internal server error during the WebSocket handshake", applicationFailure);
        }
    }

    private HandshakeResult decide(HandshakeRequest request, RequestValidator.Valid valid) {
        UpgradeDecision decision = interceptor.intercept(request);
        if (decision == null) {
            throw new IllegalStateException("handshake interceptor returned null");
        }
        if (!decision.isAccepted()) {
            return new HandshakeRejected(HandshakeRejected.Reason.APPLICATION_REJECTED, decision.status(), decision.headers(),
                    decision.message(), null);
        }
        String subprotocol = selectSubprotocol(valid.offeredSubprotocols());
        List<NegotiatedExtension> extensions = negotiateExtensions(valid.extensionOffers());

        boolean http2 = valid.key() == null;
        HttpHeaders headers = new HttpHeaders();
        if (!http2) {   // over HTTP/2 the 200 to the extended CONNECT says it all (RFC 8441 section 5)
            headers.add("Upgrade", "websocket")
                    .add("Connection", "Upgrade")
                    .add("Sec-WebSocket-Accept", WebSocketKey.accept(valid.key()));
        }
        if (subprotocol != null) {
            headers.add(SubprotocolHeader.NAME, subprotocol);
        }
        if (!extensions.isEmpty()) {
            headers.add(ExtensionHeader.NAME, ExtensionHeader.formatAgreed(extensions));
        }
        headers.addAll(decision.headers());
        return new HandshakeAccepted(http2 ? 200 : 101, headers, subprotocol, extensions);
    }

    /**
     * The extensions the negotiators agree to, in the order the client first offered them.
     *
     * @throws IllegalStateException when a negotiator misbehaves (returns {@code null} or another
     *                               extension's name); exceptions a negotiator throws pass through
     */
    private List<NegotiatedExtension> negotiateExtensions(List<ExtensionOffer> offers) {
        if (offers.isEmpty() || negotiators.isEmpty()) {
            return List.of();
        }
        List<NegotiatedExtension> agreed = new ArrayList<>();
        Set<ReservedBit> claimed = EnumSet.noneOf(ReservedBit.class);
        for (ExtensionNegotiator negotiator : negotiators) {
            List<ExtensionOffer> matching = offers.stream().filter(o -> o.hasName(negotiator.name())).toList();
            if (matching.isEmpty()) {
                continue;
            }
            Optional<NegotiatedExtension> answer = negotiator.negotiate(matching);
            if (answer == null) {
                throw new IllegalStateException("extension negotiator " + negotiator.name() + " returned null");
            }
            if (answer.isEmpty()) {
                continue;
            }
            NegotiatedExtension extension = answer.get();
            if (!extension.name().equalsIgnoreCase(negotiator.name())) {
                throw new IllegalStateException("extension negotiator " + negotiator.name()
                        + " agreed to an extension named " + extension.name());
            }
            if (extension.reservedBits().stream().anyMatch(claimed::contains)) {
                continue;
            }
            claimed.addAll(extension.reservedBits());
            agreed.add(extension);
        }
        agreed.sort(Comparator.comparingInt(extension -> firstOfferIndex(offers, extension.name())));
        return List.copyOf(agreed);
    }

    private static int firstOfferIndex(List<ExtensionOffer> offers, String name) {
        for (int i = 0; i < offers.size(); i++) {
            if (offers.get(i).hasName(name)) {
                return i;
            }
        }
        return offers.size();
    }

    private String selectSubprotocol(List<String> offered) {
        if (offered.isEmpty()) {
            return null;
        }
        Optional<String> chosen = subprotocolSelector.select(offered);
        if (chosen == null) {
            throw new IllegalStateException("subprotocol selector returned null");
        }
        if (chosen.isPresent() && !offered.contains(chosen.get())) {
            throw new IllegalStateException("subprotocol selector chose \"" + chosen.get()
                    + "\", which the client did not offer (offered: " + offered + ")");
        }
        return chosen.orElse(null);
    }

    /** Collects a handshake's configuration. Not thread-safe; one builder per thread. */
    public static final class Builder {

        private SubprotocolSelector subprotocolSelector = SubprotocolSelector.none();
        private OriginPolicy originPolicy = OriginPolicy.allowAll();
        private HandshakeInterceptor interceptor = HandshakeInterceptor.acceptAll();
        private final List<ExtensionNegotiator> negotiators = new ArrayList<>();
        private final Set<String> negotiatorNames = new HashSet<>();

        private Builder() {
        }

        /** How to pick a subprotocol (default: never). */
        public Builder subprotocols(SubprotocolSelector selector) {
            this.subprotocolSelector = Objects.requireNonNull(selector, "selector");
            return this;
        }

        /** Shorthand for {@code subprotocols(SubprotocolSelector.preferring(supported))}. */
        public Builder subprotocols(String... supported) {
            return subprotocols(SubprotocolSelector.preferring(supported));
        }

        /** Which origins may connect (default: all, and requests without {@code Origin}). */
        public Builder originPolicy(OriginPolicy policy) {
            this.originPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The application's accept-or-reject hook (default: accept). */
        public Builder interceptor(HandshakeInterceptor interceptor) {
            this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
            return this;
        }

        /**
         * Adds an extension this server supports; negotiators are asked in the order added, which decides
         * which one gets a reserved bit that two of them claim. One negotiator per extension name.
         */
        public Builder extension(ExtensionNegotiator negotiator) {
            Objects.requireNonNull(negotiator, "negotiator");
            String name = Objects.requireNonNull(negotiator.name(), "negotiator name");
            if (!HttpTokens.isToken(name)) {
                throw new IllegalArgumentException("extension name is not a token: \"" + name + "\"");
            }
            if (!negotiatorNames.add(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("extension " + name + " already has a negotiator");
            }
            negotiators.add(negotiator);
            return this;
        }

        /** The configured handshake; the builder may go on to build others. */
        public ServerHandshake build() {
            return new ServerHandshake(this);
        }
    }
}
