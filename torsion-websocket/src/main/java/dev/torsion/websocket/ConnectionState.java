package dev.torsion.websocket;

/**
 * The states of a {@link WebSocketConnection} (RFC 6455 section 4 and 7).
 *
 * <pre>
 * CONNECTING --open()--&gt; OPEN --close()--------------&gt; LOCAL_CLOSING --peer's close--&gt; CLOSED
 *                          |  \--peer's close--&gt; REMOTE_CLOSING --our close sent--&gt; CLOSED
 *                          \--failure, EOF or connection lost (from any state)----------&gt; CLOSED
 * </pre>
 */
public enum ConnectionState {
    /** The opening handshake is not finished: nothing may be sent or received yet. */
    CONNECTING,
    /** Messages flow both ways. */
    OPEN,
    /** This end sent a close frame and waits for the peer's; no more data may be sent. */
    LOCAL_CLOSING,
    /**
     * The peer's close frame arrived and this end has not answered yet (it is finishing a fragmented
     * message it was sending); nothing more will be received.
     */
    REMOTE_CLOSING,
    /** Both close frames were exchanged, or the connection failed or was lost: nothing flows any more. */
    CLOSED
}
