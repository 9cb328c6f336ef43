package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;

/**
 * The handshake's view of an HTTP request: just what RFC 6455 section 4.2.1 needs to look at.
 *
 * <p>The HTTP server adapts its own request type to this interface (a thin wrapper, no copying needed);
 * tests and the WebSocket client use {@link SimpleHandshakeRequest}. Header names are matched ignoring ASCII
 * case. Values are given as received, without the surrounding whitespace that HTTP does not count as part of
 * a field value; a repeated header is one value per field line.
 *
 * <p><b>Threading and lifecycle.</b> The handshake reads the request only during
 * {@link ServerHandshake#respond(HandshakeRequest)}, on the caller's thread, and keeps no reference to it
 * afterwards; an implementation need not be thread-safe, but must not change while that call runs.
 */
public interface HandshakeRequest {

    /** The request method, as sent (for example {@code "GET"}); methods are case-sensitive in HTTP. */
    String method();

    /** The protocol version from the request line, for example {@code "HTTP/1.1"}. */
    String httpVersion();

    /** The request target from the request line, for example {@code "/chat?room=1"}. */
    String target();

    /** The header fields, in the order received (read them, do not change them). */
    HttpHeaders headers();

    /**
     * The {@code :protocol} of an extended CONNECT (RFC 8441), the handshake of WebSocket over HTTP/2 (then
     * {@link #httpVersion()} is {@code "HTTP/2"} and {@link #method()} {@code "CONNECT"}; {@code :authority} is
     * the {@code Host} of {@link #headers()}); null for an HTTP/1.1 request. The default is null.
     */
    default String connectProtocol() {
        return null;
    }
}
