package dev.torsion.websocket.handshake;

/**
 * The checks RFC 6455 section 4.1 requires a client to make of the server's handshake response, in the
 * order {@link ClientHandshake#verify(dev.torsion.http.ResponseHead)} makes them; a
 * {@link HandshakeFailedException} names the one that failed.
 *
 * <p>Constants; safe from any thread.
 */
public enum ResponseCheck {
    /** The status is {@code 101}. */
    STATUS,
    /** There is exactly one {@code Upgrade} header, and it is {@code websocket} (ignoring case). */
    UPGRADE,
    /** {@code Connection} contains the token {@code Upgrade} (ignoring case). */
    CONNECTION,
    /** There is exactly one {@code Sec-WebSocket-Accept}, and it is the value derived from our key. */
    ACCEPT,
    /** {@code Sec-WebSocket-Extensions}, if present, is well formed and names only offered extensions, each once. */
    EXTENSIONS,
    /** {@code Sec-WebSocket-Protocol}, if present, is a single field naming one of the offered subprotocols. */
    SUBPROTOCOL
}
