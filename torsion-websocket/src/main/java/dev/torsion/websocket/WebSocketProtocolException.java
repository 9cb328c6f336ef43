package dev.torsion.websocket;

/**
 * A failure of the WebSocket protocol caused by what the peer sent (or by a local limit), carrying the
 * close code that the connection is failed with: {@link CloseCode#PROTOCOL_ERROR} for a framing error,
 * {@link CloseCode#INVALID_PAYLOAD} for bad UTF-8, {@link CloseCode#MESSAGE_TOO_BIG} for a broken limit.
 *
 * <p>{@link WebSocketConnection} turns it into a close frame in exactly one place. The message is for logs
 * and for the local application only: it never goes into the close frame's reason.
 *
 * <p>It records no stack trace: it describes bad input, not a bug, and a hostile peer may cause many.
 */
public final class WebSocketProtocolException extends RuntimeException {

    private final transient CloseCode closeCode;

    /** A failure that closes the connection with {@code closeCode}, described by {@code message}. */
    public WebSocketProtocolException(CloseCode closeCode, String message) {
        super(message, null, false, false);
        if (!closeCode.isSendable()) {
            throw new IllegalArgumentException("a protocol failure must carry a sendable close code, got " + closeCode);
        }
        this.closeCode = closeCode;
    }

    /** A framing or sequencing error (1002). */
    public static WebSocketProtocolException protocolError(String message) {
        return new WebSocketProtocolException(CloseCode.PROTOCOL_ERROR, message);
    }

    /** Invalid UTF-8 in a text message or close reason (1007). */
    public static WebSocketProtocolException invalidPayload(String message) {
        return new WebSocketProtocolException(CloseCode.INVALID_PAYLOAD, message);
    }

    /** A frame or message over the configured limit (1009). */
    public static WebSocketProtocolException tooBig(String message) {
        return new WebSocketProtocolException(CloseCode.MESSAGE_TOO_BIG, message);
    }

    /** The close code the connection is failed with. */
    public CloseCode closeCode() {
        return closeCode;
    }
}
