package dev.torsion.websocket;

/**
 * Thrown by a send of a {@link WebSocketSession} under {@link OverflowPolicy#FAIL_SEND} when the message would
 * take the send queue over its bound. The message was not sent; the connection is unaffected. Wait for
 * {@link WebSocketHandler#onDrain} (or poll {@link WebSocketSession#bufferedAmount()}) and try again.
 */
public final class SendQueueFullException extends IllegalStateException {

    /** An exception with a message naming the call, the bytes queued, the bound and the refused size. */
    public SendQueueFullException(String message) {
        super(message);
    }
}
