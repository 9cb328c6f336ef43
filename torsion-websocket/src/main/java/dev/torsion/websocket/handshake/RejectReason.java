package dev.torsion.websocket.handshake;

/**
 * Which check a refused handshake request failed, for logs, metrics and tests; the status is in
 * {@link HandshakeRejected#status()}.
 *
 * <p>Constants; safe from any thread.
 */
public enum RejectReason {
    /** The method is not {@code GET}: 405 with {@code Allow: GET}. */
    METHOD_NOT_ALLOWED,
    /** The request is not HTTP/1.1 or later: 400. */
    BAD_HTTP_VERSION,
    /** {@code Host} is missing, empty or repeated: 400. */
    BAD_HOST,
    /** {@code Upgrade} is missing or lacks the token {@code websocket}: 400. */
    BAD_UPGRADE,
    /** {@code Connection} is missing or lacks the token {@code Upgrade}: 400. */
    BAD_CONNECTION,
    /** {@code Sec-WebSocket-Version} is missing, repeated or not a number: 400 with {@code Sec-WebSocket-Version: 13}. */
    BAD_VERSION,
    /** {@code Sec-WebSocket-Version} names a version other than 13: 426 with {@code Sec-WebSocket-Version: 13}. */
    UNSUPPORTED_VERSION,
    /** {@code Sec-WebSocket-Key} is missing, repeated, or not base64 of 16 bytes: 400. */
    BAD_KEY,
    /** {@code Sec-WebSocket-Protocol} is not a list of tokens: 400. */
    BAD_SUBPROTOCOL,
    /** {@code Origin} is repeated: 400. */
    BAD_ORIGIN,
    /** The {@link OriginPolicy} refused the origin (or its absence): 403. */
    ORIGIN_REFUSED,
    /** The {@link HandshakeInterceptor} rejected the request, with the status it chose. */
    APPLICATION_REJECTED,
    /** An application hook failed or broke its contract: 500; see {@link HandshakeRejected#cause()}. */
    SERVER_ERROR
}
