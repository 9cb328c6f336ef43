package dev.torsion.websocket;

/**
 * What a {@link WebSocketSession} does with a message sent while its send queue holds
 * {@link WebSocketConfig#maxSendQueueBytes()} or more. Below the bound a message is accepted whatever its
 * size (so the queue holds at most the bound plus one message, and a message larger than the bound can be
 * sent); control frames are never refused.
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
