package dev.torsion.websocket.handshake;

import java.util.Objects;

/**
 * The parts of a server's answer to an opening handshake that a client checks: the status and the headers.
 *
 * <p>The WebSocket client's HTTP response reader makes one and passes it to
 * {@link ClientHandshake#verify(HandshakeResponse)}.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param status       the status code
 * @param reasonPhrase the reason phrase, possibly empty (informational only)
 * @param headers      the response headers, in order
 */
public record HandshakeResponse(int status, String reasonPhrase, HeaderFields headers) {

    /** Checks that nothing is {@code null}. */
    public HandshakeResponse {
        Objects.requireNonNull(reasonPhrase, "reasonPhrase");
        Objects.requireNonNull(headers, "headers");
    }
}
