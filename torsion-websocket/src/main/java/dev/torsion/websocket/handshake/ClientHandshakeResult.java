package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.ResponseHead;

import java.util.List;
import java.util.Optional;

/**
 * What a server agreed to in a response that passed every check of
 * {@link ClientHandshake#verify(ResponseHead)}.
 *
 * <p>The client's extension support reads {@link #extensions()} (the server's response elements, each
 * naming an extension the client offered) to configure itself, and fails the connection if it cannot honour
 * their parameters.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param subprotocol the subprotocol the server chose, one the client offered, or empty
 * @param extensions  the server's {@code Sec-WebSocket-Extensions} elements, in order; empty if none
 * @param headers     every response header, for the application (cookies and the like)
 */
public record ClientHandshakeResult(Optional<String> subprotocol, List<ExtensionOffer> extensions,
                                    HttpHeaders headers) {

    /** Copies the extension list. */
    public ClientHandshakeResult {
        extensions = List.copyOf(extensions);
    }
}
