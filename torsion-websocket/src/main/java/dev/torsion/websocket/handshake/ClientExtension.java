package dev.torsion.websocket.handshake;

import java.util.List;
import java.util.Optional;

/**
 * The client side of one extension's negotiation (RFC 6455 section 9.1): the offers to put in
 * {@code Sec-WebSocket-Extensions}, and the check of the server's answer, which yields the agreement
 * ({@link NegotiatedExtension}, with its reserved bits and its per-connection {@link NegotiatedExtension#codec
 * codec}). {@code PerMessageDeflateClient} is one; plug any into {@code WebSocketClient.builder(...).extension(...)}.
 *
 * <p><b>Threading.</b> One instance may serve many connections at once: it must be thread-safe (immutable
 * configuration). The agreement it returns belongs to one connection.
 */
public interface ClientExtension {

    /** The extension's registered name, as offered and as the server answers it. */
    String name();

    /** The offers of this extension, most preferred first (at least one). */
    List<ExtensionOffer> offers();

    /**
     * The agreement stated by the server's response, or empty when the server did not accept this extension.
     *
     * @param responseElements every element of the response's {@code Sec-WebSocket-Extensions}, as in
     *                         {@link ClientHandshakeResult#extensions()}
     * @throws ExtensionNegotiationException when the answer breaks the extension's rules: the client fails
     *                                       the connection
     */
    Optional<? extends NegotiatedExtension> accept(List<ExtensionOffer> responseElements)
            throws ExtensionNegotiationException;
}
