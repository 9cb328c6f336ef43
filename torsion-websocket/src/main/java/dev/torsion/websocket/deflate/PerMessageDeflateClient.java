package dev.torsion.websocket.deflate;

import dev.torsion.websocket.Role;
import dev.torsion.websocket.handshake.ClientExtension;
import dev.torsion.websocket.handshake.ExtensionOffer;
import dev.torsion.websocket.handshake.ExtensionParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's half of permessage-deflate negotiation (RFC 7692 section 7.1): the offers to send, and the
 * check of the server's answer. It is also the home of the zlib pools its connections share.
 *
 * <pre>{@code
 * PerMessageDeflateClient deflate = PerMessageDeflateClient.builder().build();
 * ClientHandshake handshake = ClientHandshake.builder(uri).extensions(deflate.offers()).build();
 * ClientHandshakeResult agreed = handshake.verify(response);
 * Optional<PerMessageDeflateExtension> extension = deflate.accept(agreed.extensions());
 * }</pre>
 *
 * <p>Every offer carries {@code client_max_window_bits} (without a value): the client can compress under any
 * window a server asks for (through a {@link WindowedCompressor} below 15 bits), and a server may name that
 * parameter only when it was offered. The client inflates any {@code server_max_window_bits} the server
 * answers. Requests to the server ({@code server_no_context_takeover}, {@code server_max_window_bits}) go into a first
 * offer followed, by default, by a plain fallback offer that any server can accept.
 *
 * <p><b>Threading.</b> Immutable configuration, thread-safe pools: one instance may serve many connections.
 * <b>Lifecycle:</b> {@link #close()} ends the idle pooled zlib streams.
 */
public final class PerMessageDeflateClient implements ClientExtension, AutoCloseable {

    private final boolean clientNoContextTakeover;
    private final List<ExtensionOffer> offers;
    private final List<DeflateElement> offeredElements;
    private final CodecResources resources;

    private PerMessageDeflateClient(Builder builder) {
        boolean requestServerNoContextTakeover = builder.requestServerNoContextTakeover;
        int requestServerMaxWindowBits = builder.requestServerMaxWindowBits;
        this.clientNoContextTakeover = builder.clientNoContextTakeover;
        this.resources = new CodecResources(builder.settings);
        List<ExtensionOffer> built = new ArrayList<>(2);
        List<DeflateElement> elements = new ArrayList<>(2);
        boolean requestsSomething = requestServerNoContextTakeover
                || requestServerMaxWindowBits < DeflateAgreement.MAX_WINDOW_BITS;
        built.add(offer(requestServerNoContextTakeover, requestServerMaxWindowBits));
        elements.add(new DeflateElement(requestServerNoContextTakeover, clientNoContextTakeover,
                requestServerMaxWindowBits < DeflateAgreement.MAX_WINDOW_BITS
                        ? requestServerMaxWindowBits : DeflateElement.ABSENT, DeflateElement.NO_VALUE));
        if (requestsSomething && builder.fallback) {
            built.add(offer(false, DeflateAgreement.MAX_WINDOW_BITS));
            elements.add(new DeflateElement(false, clientNoContextTakeover, DeflateElement.ABSENT,
                    DeflateElement.NO_VALUE));
        }
        this.offers = List.copyOf(built);
        this.offeredElements = List.copyOf(elements);
    }

    /** A builder with the defaults: one plain offer, context takeover both ways. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code permessage-deflate}. */
    @Override
    public String name() {
        return PerMessageDeflateExtension.NAME;
    }

    /** The offers to send in {@code Sec-WebSocket-Extensions}, most preferred first. */
    @Override
    public List<ExtensionOffer> offers() {
        return offers;
    }

    /**
     * Checks the server's answer and returns the agreement, or empty when the server declined
     * permessage-deflate.
     *
     * @param responseElements every element of the response's {@code Sec-WebSocket-Extensions}, as in
     *                         {@code ClientHandshakeResult.extensions()}
     * @throws DeflateNegotiationException when the answer breaks RFC 7692: fail the connection
     */
    @Override
    public Optional<PerMessageDeflateExtension> accept(List<ExtensionOffer> responseElements)
            throws DeflateNegotiationException {
        List<ExtensionOffer> ours = responseElements.stream()
                .filter(e -> e.hasName(PerMessageDeflateExtension.NAME)).toList();
        if (ours.isEmpty()) {
            return Optional.empty();
        }
        if (ours.size() > 1) {
            throw new DeflateNegotiationException("permessage-deflate appears more than once in the response");
        }
        ExtensionOffer response = ours.get(0);
        DeflateElement.Result parsed = DeflateElement.parse(response);
        if (parsed.problem() != null) {
            throw new DeflateNegotiationException("permessage-deflate response: " + parsed.problem());
        }
        DeflateElement answer = parsed.element();
        if (answer.clientMaxWindowBits() == DeflateElement.NO_VALUE) {
            throw new DeflateNegotiationException(
                    "permessage-deflate response has client_max_window_bits without a value");
        }
        if (offeredElements.stream().noneMatch(offered -> honours(answer, offered))) {
            throw new DeflateNegotiationException("permessage-deflate response " + response
                    + " honours none of the offers " + offers);
        }
        DeflateAgreement agreement = new DeflateAgreement(answer.serverNoContextTakeover(),
                answer.clientNoContextTakeover() || clientNoContextTakeover,
                answer.serverMaxWindowBits() == DeflateElement.ABSENT
                        ? DeflateAgreement.MAX_WINDOW_BITS : answer.serverMaxWindowBits(),
                answer.hasClientMaxWindowBits() ? answer.clientMaxWindowBits() : DeflateAgreement.MAX_WINDOW_BITS);
        return Optional.of(new PerMessageDeflateExtension(Role.CLIENT, agreement, response.parameters(),
                resources));
    }

    /**
     * Whether {@code answer} accepts {@code offered}: a requested {@code server_no_context_takeover} is
     * granted, and a requested {@code server_max_window_bits} is answered with the same or a smaller value
     * (section 7.1.2.1). Anything the server adds on its own is allowed.
     */
    private static boolean honours(DeflateElement answer, DeflateElement offered) {
        if (offered.serverNoContextTakeover() && !answer.serverNoContextTakeover()) {
            return false;
        }
        return offered.serverMaxWindowBits() == DeflateElement.ABSENT
                || answer.serverMaxWindowBits() != DeflateElement.ABSENT
                && answer.serverMaxWindowBits() <= offered.serverMaxWindowBits();
    }

    private ExtensionOffer offer(boolean serverNoContext, int serverBits) {
        List<ExtensionParameter> parameters = new ArrayList<>(4);
        if (serverNoContext) {
            parameters.add(ExtensionParameter.of(DeflateParameterNames.SERVER_NO_CONTEXT_TAKEOVER));
        }
        if (clientNoContextTakeover) {
            parameters.add(ExtensionParameter.of(DeflateParameterNames.CLIENT_NO_CONTEXT_TAKEOVER));
        }
        if (serverBits < DeflateAgreement.MAX_WINDOW_BITS) {
            parameters.add(ExtensionParameter.of(DeflateParameterNames.SERVER_MAX_WINDOW_BITS,
                    Integer.toString(serverBits)));
        }
        parameters.add(ExtensionParameter.of(DeflateParameterNames.CLIENT_MAX_WINDOW_BITS));
        return new ExtensionOffer(PerMessageDeflateExtension.NAME, parameters);
    }

    /** How connections of this client compress. */
    public DeflateSettings settings() {
        return resources.settings();
    }

    /** zlib streams made by this client's connections and not yet ended (pooled ones included). */
    public long liveZlibStreams() {
        return resources.liveStreams();
    }

    /** Ends the idle pooled zlib streams; streams given back later are ended at once. Idempotent. */
    @Override
    public void close() {
        resources.close();
    }

    /** Collects a client's choices. Not thread-safe; {@link #build()} gives an immutable object. */
    public static final class Builder {
        private boolean requestServerNoContextTakeover;
        private boolean clientNoContextTakeover;
        private int requestServerMaxWindowBits = DeflateAgreement.MAX_WINDOW_BITS;
        private boolean fallback = true;
        private DeflateSettings settings = DeflateSettings.defaults();

        private Builder() {
        }

        /** Ask the server to reset its compressor after every message (saves this client's decompressor). */
        public Builder requestServerNoContextTakeover(boolean value) {
            this.requestServerNoContextTakeover = value;
            return this;
        }

        /** Reset this client's compressor after every message, and say so in the offer. */
        public Builder clientNoContextTakeover(boolean value) {
            this.clientNoContextTakeover = value;
            return this;
        }

        /** Ask the server for a window of at most 2^bits bytes, 8 to 15 (15, the default, asks nothing). */
        public Builder requestServerMaxWindowBits(int bits) {
            DeflateAgreement.checkWindowBits("requestServerMaxWindowBits", bits);
            this.requestServerMaxWindowBits = bits;
            return this;
        }

        /** Whether to add a plain offer after one carrying requests to the server (default {@code true}). */
        public Builder fallback(boolean value) {
            this.fallback = value;
            return this;
        }

        /** Compression level, threshold and pool size (default {@link DeflateSettings#defaults()}). */
        public Builder settings(DeflateSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** The client configuration, with its own pools. */
        public PerMessageDeflateClient build() {
            return new PerMessageDeflateClient(this);
        }
    }
}
