package dev.torsion.websocket;

import java.nio.ByteBuffer;

/**
 * The events a {@link WebSocketConnection} gives out as it parses what the peer sent.
 *
 * <p><b>Threading.</b> Called on the thread that feeds the connection, from inside
 * {@link WebSocketConnection#receiveData}. A listener may call the connection back (send, close, fail)
 * from inside a callback. An exception thrown by a callback propagates to the caller of {@code receiveData}
 * and the rest of that buffer is not parsed.
 */
public interface ConnectionListener {

    /**
     * The connection moved to {@code state} (see {@link ConnectionState}); called once per change, after it
     * happened, from inside the call that made it (a command or {@code receiveData}).
     */
    default void stateChanged(ConnectionState state) {
    }

    /**
     * A frame header arrived: {@code opcode} with {@code payloadLength} bytes to follow (as on the wire:
     * compressed, for a compressed message). Called for every frame, before its payload and before the
     * frame's rules are checked; for counting (metrics), not for acting on.
     */
    default void frameReceived(int opcode, long payloadLength) {
    }

    /** A whole text message arrived (validated UTF-8). */
    void onText(String text);

    /** A whole binary message arrived: a read-only view, valid during the call only. */
    void onBinary(ByteBuffer data);

    /**
     * A piece of a text message, when the connection receives in pieces ({@link WebSocketConfig#receiveInPieces()}):
     * validated text up to a whole character; {@code last} on the message's final piece (which may be empty).
     */
    default void onTextPiece(String piece, boolean last) {
    }

    /**
     * A piece of a binary message, when the connection receives in pieces: a read-only view valid during the
     * call; {@code last} on the message's final piece (which may be empty).
     */
    default void onBinaryPiece(ByteBuffer piece, boolean last) {
    }

    /** A ping arrived (the connection has already answered it with a pong): a read-only view, valid during the call. */
    default void onPing(ByteBuffer payload) {
    }

    /** A pong arrived: a read-only view, valid during the call. */
    default void onPong(ByteBuffer payload) {
    }

    /**
     * The peer's close frame arrived: {@code code} is its status code, or 1005 when it carried none. If this
     * end had not sent a close frame yet, it answers with the same code when this call returns (after a
     * fragmented message it is sending is finished), unless the listener calls
     * {@link WebSocketConnection#close} itself. If this end had sent one, the frame is the answer, and the
     * connection closes (a server orders TCP closed) when this call returns.
     */
    default void onCloseReceived(int code, String reason) {
    }
}
