package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;

/**
 * The answer to a handshake request: {@link HandshakeAccepted} (send {@code 101} and hand the connection to
 * the WebSocket layer) or {@link HandshakeRejected} (send an ordinary HTTP response).
 *
 * <p>Immutable; safe to share between threads. Made by {@link ServerHandshake#respond(HandshakeRequest)}.
 */
public sealed interface HandshakeResult permits HandshakeAccepted, HandshakeRejected {

    /** The response status: {@code 101} when accepted. */
    int status();

    /** The reason phrase for the status line. */
    String reasonPhrase();

    /** The response headers the handshake decided on, in order, read-only (framing headers are the HTTP layer's). */
    HttpHeaders headers();

    /** True for {@link HandshakeAccepted}. */
    boolean isAccepted();
}
