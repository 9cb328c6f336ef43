package dev.torsion.websocket;

import java.nio.ByteBuffer;

/**
 * The application's side of WebSocket connections: what to do when one opens, when messages arrive and
 * when it closes. One handler may serve many connections (each callback says which {@link WebSocketSession}).
 *
 * <p><b>Threading.</b> All callbacks of one session run on that connection's event loop, one at a time, so
 * per-session state needs no locks; a handler shared by sessions on several loops must make shared state
 * thread-safe. Callbacks must not block: hand slow work to another thread and send the answer from there
 * (sends are safe from any thread).
 *
 * <p><b>Received buffers.</b> The {@code ByteBuffer} given to {@link #onBinary}, {@link #onPing} and
 * {@link #onPong} is a read-only view of the bytes where they arrived (the event loop's read buffer, or a
 * pooled array for a message that spanned reads), valid only until the callback returns: then those bytes
 * are reused for the next message. Read it during the callback, or hand it to a send on the same session's
 * loop ({@link WebSocketSession#sendBinary(ByteBuffer)} called from the callback copies the bytes into the
 * output before it returns, which is how an echo costs no copy of its own). To keep the bytes, or to use
 * them on another thread, copy them: that is the explicit choice, e.g.
 * {@code ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();}. The buffer's position
 * and limit may be moved freely during the callback.
 *
 * <p><b>Lifecycle.</b> {@link #onOpen} first, exactly once; then messages, pings, pongs and drains in the
 * order they happen; then {@link #onClose} exactly once, last, when the TCP connection is gone. An exception
 * thrown by a callback is logged, given to {@link #onError}, and fails the connection with 1011
 * ({@link CloseCode#INTERNAL_ERROR}).
 */
public interface WebSocketHandler {

    /** The connection is open: the session can send. */
    default void onOpen(WebSocketSession session) {
    }

    /** A whole text message arrived. */
    void onText(WebSocketSession session, String text);

    /**
     * A whole binary message arrived: the buffer's remaining bytes, a read-only view valid until this method
     * returns (see the class documentation: copy what must outlive the call).
     */
    void onBinary(WebSocketSession session, ByteBuffer data);

    /** A ping arrived (a view valid during the call); it has been answered with a pong already. */
    default void onPing(WebSocketSession session, ByteBuffer payload) {
    }

    /** A pong arrived (the answer to a ping, or an unsolicited heartbeat); a view valid during the call. */
    default void onPong(WebSocketSession session, ByteBuffer payload) {
    }

    /**
     * The send queue drained below the transport's low watermark after rising above its high watermark:
     * a producer that stopped sending may start again.
     */
    default void onDrain(WebSocketSession session) {
    }

    /** A callback threw {@code error}; the connection is being failed with 1011. */
    default void onError(WebSocketSession session, Throwable error) {
    }

    /**
     * The connection is closed and gone.
     *
     * @param code   the peer's close code after a closing handshake (1005 if it gave none), the code this end
     *               failed the connection with (1002, 1007, 1009, 1008, ...), or 1006 when the connection
     *               ended without a closing handshake (peer vanished, pong timeout, close timeout)
     * @param reason the peer's reason, or a local description of what went wrong (never sent to the peer)
     * @param clean  true when both close frames were exchanged
     */
    void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean);
}
