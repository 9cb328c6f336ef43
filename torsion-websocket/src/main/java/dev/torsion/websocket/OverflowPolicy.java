package dev.torsion.websocket;

/**
 * What a {@link WebSocketSession} does with a message that would take its send queue over
 * {@link WebSocketConfig#maxSendQueueBytes()}. A message is always accepted when nothing is queued, so one
 * message larger than the bound can still be sent.
 */
public enum OverflowPolicy {
    /** Fail the connection with 1008 (policy violation): the slow consumer is cut off. The send returns false. */
    CLOSE_POLICY_VIOLATION,
    /** Fail the connection with 1013 (try again later). The send returns false. */
    CLOSE_TRY_AGAIN_LATER,
    /** Drop the message, count it ({@link WebSocketSession#droppedMessages()}); the send returns false. */
    DROP,
    /** Refuse the message: the send throws {@link SendQueueFullException}; nothing else happens. */
    FAIL_SEND
}
