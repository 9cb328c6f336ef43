package dev.torsion.websocket.handshake;

import java.util.List;

/**
 * What {@link RequestValidator} extracted from a request that passed every RFC 6455 section 4.2.1 check.
 *
 * <p>Immutable; lives for one {@link ServerHandshake#respond(HandshakeRequest)} call.
 *
 * @param key                 the {@code Sec-WebSocket-Key}, trimmed and valid
 * @param offeredSubprotocols the subprotocols offered, in order, no duplicates
 * @param extensionOffers     the extension offers, in order; empty when absent or malformed
 */
record ValidatedRequest(String key, List<String> offeredSubprotocols, List<ExtensionOffer> extensionOffers) {
}
