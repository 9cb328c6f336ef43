package dev.torsion.http;

import java.util.Objects;

/**
 * The head of an HTTP/1.1 response: status, reason phrase and headers, as {@link ResponseHeadParser} reads
 * them. The WebSocket client checks a server's handshake answer with it, and the proxy tunnel a CONNECT
 * answer.
 *
 * <p>Immutable (its headers are read-only); safe to share between threads.
 *
 * @param status       the status code
 * @param reasonPhrase the reason phrase, possibly empty (informational only)
 * @param headers      the response headers, in order
 */
public record ResponseHead(int status, String reasonPhrase, HttpHeaders headers) {

    /** Checks that nothing is {@code null}; keeps a read-only copy of the headers. */
    public ResponseHead {
        Objects.requireNonNull(reasonPhrase, "reasonPhrase");
        headers = Objects.requireNonNull(headers, "headers").readOnly();
    }
}
