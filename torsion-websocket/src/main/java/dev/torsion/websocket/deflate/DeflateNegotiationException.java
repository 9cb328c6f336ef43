package dev.torsion.websocket.deflate;

import dev.torsion.websocket.handshake.ExtensionNegotiationException;

/**
 * A server's permessage-deflate response that the client must not accept (RFC 7692 section 7.1): malformed
 * parameters, {@code client_max_window_bits} without a value, or a response that honours none of
 * the client's offers. The client fails the connection (no close frame: the handshake just ended).
 *
 * <p>Immutable once thrown; not meant to be shared.
 */
public final class DeflateNegotiationException extends ExtensionNegotiationException {

    private static final long serialVersionUID = 1L;

    DeflateNegotiationException(String message) {
        super(message);
    }
}
