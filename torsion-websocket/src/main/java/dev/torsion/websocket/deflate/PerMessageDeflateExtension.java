package dev.torsion.websocket.deflate;

import dev.torsion.websocket.ExtensionCodec;
import dev.torsion.websocket.Role;
import dev.torsion.websocket.handshake.ExtensionParameter;
import dev.torsion.websocket.handshake.NegotiatedExtension;
import dev.torsion.websocket.handshake.ReservedBit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * permessage-deflate as agreed on one connection: the response element, the claimed {@link ReservedBit#RSV1},
 * the {@link DeflateAgreement}, which end this is, and the factory of the connection's codec.
 *
 * <p>Returned by {@link PerMessageDeflateServer#negotiate(List)} (inside
 * {@code HandshakeAccepted.extensions()}) and by {@link PerMessageDeflateClient#accept(List)}. The core finds
 * it among the agreed extensions with {@code instanceof} and calls {@link #newCodec(long)} once for the
 * connection.
 *
 * <p>Immutable; safe to share between threads. It refers to the shared pools of the configuration that made
 * it, which must stay open while its codecs live.
 */
public final class PerMessageDeflateExtension implements NegotiatedExtension {

    /** The registered extension name. */
    public static final String NAME = DeflateParameterNames.EXTENSION_NAME;

    private final Role role;
    private final DeflateAgreement agreement;
    private final List<ExtensionParameter> parameters;
    private final CodecResources resources;

    PerMessageDeflateExtension(Role role, DeflateAgreement agreement, List<ExtensionParameter> parameters,
                               CodecResources resources) {
        this.role = Objects.requireNonNull(role, "role");
        this.agreement = Objects.requireNonNull(agreement, "agreement");
        this.parameters = List.copyOf(parameters);
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The parameters of the server's response element, in order. */
    @Override
    public List<ExtensionParameter> parameters() {
        return parameters;
    }

    /** {@link ReservedBit#RSV1}, the "Per-Message Compressed" bit. */
    @Override
    public Set<ReservedBit> reservedBits() {
        return Set.of(ReservedBit.RSV1);
    }

    /** The agreed parameters. */
    public DeflateAgreement agreement() {
        return agreement;
    }

    /** The end of the connection this agreement was made for. */
    public Role role() {
        return role;
    }

    /** How this end compresses (level, threshold, pool size). */
    public DeflateSettings settings() {
        return resources.settings();
    }

    /**
     * A new codec for one connection.
     *
     * @param maxMessageSize the largest decompressed message accepted, in bytes
     */
    public PerMessageDeflate newCodec(long maxMessageSize) {
        return new PerMessageDeflate(role, agreement, resources, maxMessageSize);
    }

    /** {@link #newCodec(long)}, as the connection core asks for it. */
    @Override
    public Optional<ExtensionCodec> codec(long maxMessageSize) {
        return Optional.of(newCodec(maxMessageSize));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(NAME);
        parameters.forEach(p -> text.append("; ").append(p));
        return text.append(" (").append(role).append(')').toString();
    }
}
