package dev.torsion.websocket.handshake;

import dev.torsion.websocket.ExtensionCodec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An extension both ends agreed to use on a connection: what the server answered in
 * {@code Sec-WebSocket-Extensions}, and which reserved frame bits the extension owns from now on.
 *
 * <p>An {@link ExtensionNegotiator} returns one; the framing layer receives the list of them from
 * {@link HandshakeAccepted#extensions()} (a client, from its {@link ClientExtension}s), lets frames set only the
 * reserved bits they claim, and encodes and decodes messages through the {@link #codec(long)} of each one that
 * has one. A real extension (permessage-deflate) implements this interface with its own agreed settings as
 * extra accessors;
 * {@link #of(String, List, Set)} makes a plain one.
 *
 * <p>Implementations must be immutable and thread-safe: the object describes an agreement, not a codec's
 * state. It lives as long as the connection that agreed to it.
 */
public interface NegotiatedExtension {

    /** The extension's registered name, as sent in the response. */
    String name();

    /** The parameters of the response element, in order. */
    List<ExtensionParameter> parameters();

    /** The reserved bits this extension sets on frames (for permessage-deflate, {@code RSV1}). */
    Set<ReservedBit> reservedBits();

    /**
     * A new codec for one connection that transforms its messages, or empty (the default) when the extension
     * only claims its reserved bits and frames that carry them pass through unchanged. Called once per
     * connection, when it opens; the connection releases the codec when it ends.
     *
     * @param maxMessageSize the largest decoded message the connection accepts, in bytes
     */
    default Optional<ExtensionCodec> codec(long maxMessageSize) {
        return Optional.empty();
    }

    /** A plain agreement with the given name, response parameters and claimed bits. */
    static NegotiatedExtension of(String name, List<ExtensionParameter> parameters, Set<ReservedBit> reservedBits) {
        return new BasicNegotiatedExtension(name, parameters, reservedBits);
    }
}
