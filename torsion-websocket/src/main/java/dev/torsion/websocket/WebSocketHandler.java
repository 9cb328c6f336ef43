package dev.torsion.websocket;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.BiConsumer;

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
 * order they happen; {@link #onCloseReceived} when the peer's close frame arrives (at most once, while TCP is
 * still up); then {@link #onClose} exactly once, last, when the TCP connection is gone. An exception
 * thrown by a callback is logged, given to {@link #onError}, and fails the connection with 1011
 * ({@link CloseCode#INTERNAL_ERROR}).
 *
 * <p><b>Defaults.</b> Every callback has a default, so a handler overrides only what it needs, and the
 * factories make one-liners lambdas: {@code WebSocketHandler.onText((session, text) -> session.sendText(text))}.
 * A text or binary message that the handler does not take (its {@code onText} or {@code onBinary} is the
 * default) closes the connection with 1003 ({@link CloseCode#UNSUPPORTED_DATA}, RFC 6455 section 7.4.1: "a type
 * of data it cannot accept"), so a mismatch is seen at once instead of messages vanishing; override it with an
 * empty body to ignore such messages. Every other default does nothing.
 */
public interface WebSocketHandler {

    /** A handler that answers text messages with {@code action} and refuses binary ones with 1003. */
    static WebSocketHandler onText(BiConsumer<WebSocketSession, String> action) {
        Objects.requireNonNull(action, "action");
        return new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession session, String text) {
                action.accept(session, text);
            }
        };
    }

    /**
     * A handler that answers binary messages with {@code action} (the buffer is a view valid during the call,
     * see the class documentation) and refuses text ones with 1003.
     */
    static WebSocketHandler onBinary(BiConsumer<WebSocketSession, ByteBuffer> action) {
        Objects.requireNonNull(action, "action");
        return new WebSocketHandler() {
            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
                action.accept(session, data);
            }
        };
    }

    /** A handler that answers text messages with {@code text} and binary messages with {@code binary}. */
    static WebSocketHandler onMessage(BiConsumer<WebSocketSession, String> text,
                                      BiConsumer<WebSocketSession, ByteBuffer> binary) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(binary, "binary");
        return new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession session, String message) {
                text.accept(session, message);
            }

            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
                binary.accept(session, data);
            }
        };
    }

    /** The connection is open: the session can send. */
    default void onOpen(WebSocketSession session) {
    }

    /** A whole text message arrived. The default closes the connection with 1003 (text is not accepted). */
    default void onText(WebSocketSession session, String text) {
        session.close(CloseCode.UNSUPPORTED_DATA, "text messages are not accepted");
    }

    /**
     * A whole binary message arrived: the buffer's remaining bytes, a read-only view valid until this method
     * returns (see the class documentation: copy what must outlive the call). The default closes the
     * connection with 1003 (binary data is not accepted).
     */
    default void onBinary(WebSocketSession session, ByteBuffer data) {
        session.close(CloseCode.UNSUPPORTED_DATA, "binary messages are not accepted");
    }

    /**
     * A piece of a text message, when the session receives in pieces ({@link WebSocketConfig#receiveInPieces()}):
     * the text that arrived, up to its last whole character (a character is never split between pieces), and
     * {@code last} on the message's final piece (which may be empty). Pieces come only while there is demand:
     * one piece to start with, then as many as {@link WebSocketSession#request} asks for; call
     * {@code session.request(1)} when ready for the next. The default closes the connection with 1003.
     */
    default void onTextPiece(WebSocketSession session, String piece, boolean last) {
        session.close(CloseCode.UNSUPPORTED_DATA, "text messages are not accepted");
    }

    /**
     * A piece of a binary message, when the session receives in pieces: the bytes that arrived, as a read-only
     * view valid until this method returns (see the class documentation), and {@code last} on the message's final
     * piece (which may be empty). Pieces come only while there is demand (see {@link #onTextPiece}). The default
     * closes the connection with 1003.
     */
    default void onBinaryPiece(WebSocketSession session, ByteBuffer piece, boolean last) {
        session.close(CloseCode.UNSUPPORTED_DATA, "binary messages are not accepted");
    }

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

    /**
     * The peer's close frame arrived; the TCP connection is still up. {@code code} is the peer's code (1005 when
     * its frame had none) and {@code reason} its reason.
     *
     * <p>When the peer started the closing handshake (this end had not called {@code close}), the session can
     * still send during this call: messages sent here go out before the answer, and
     * {@link WebSocketSession#close(CloseCode, String) session.close(code, reason)} here chooses the answer's
     * code and reason. When this method returns without that, the session answers by echoing the peer's code.
     * Either way the answer goes out when this method returns: a {@link MessageStream} still open then is cut
     * there (RFC 6455 section 5.4 lets a control frame come between fragments) and its later writes fail, so
     * a producer pumping a long message stops at once instead of sending it to a peer that is leaving. Sends
     * from other threads after the peer's close frame arrived are refused (the session is no longer open).
     *
     * <p>When this end had started closing, the peer's frame is its answer: the closing handshake is done,
     * nothing more can be sent, and this call only informs. The default does nothing.
     */
    default void onCloseReceived(WebSocketSession session, CloseCode code, String reason) {
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
    default void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
    }
}
