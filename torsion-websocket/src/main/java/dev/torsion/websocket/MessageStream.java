package dev.torsion.websocket;

import java.nio.ByteBuffer;

/**
 * A message sent in pieces, each piece one frame (RFC 6455 section 5.4 fragmentation), for messages too big
 * to hold in memory at once or produced over time. Obtained from {@link WebSocketSession#startText()} or
 * {@link WebSocketSession#startBinary()}.
 *
 * <p>The bytes of a text stream must be UTF-8: they are validated as they are written and
 * {@link #write(ByteBuffer)} throws {@link IllegalArgumentException} for an invalid sequence (a sequence may be
 * split between writes). A {@code String} piece is encoded on its own, so do not split a surrogate pair
 * between two {@code write(String)} calls.
 *
 * <p><b>Threading.</b> Safe to use from any thread, but one stream at a time per session, and not from two
 * threads at once. While a stream is open other messages on the session fail with
 * {@link IllegalStateException}; pings and {@link WebSocketSession#close} are allowed.
 *
 * <p><b>Lifecycle.</b> Open from creation until {@link #finish()}. Each write counts against the session's
 * send queue like a message, with the same {@link OverflowPolicy} and the same return values: true when the
 * piece was accepted, false when the session is closed (pieces are never dropped: under {@code DROP} a piece
 * over the bound fails as under {@code FAIL_SEND}). When the peer's close frame arrives the stream is cut
 * (see {@link WebSocketHandler#onCloseReceived}): later writes return false, or fail their callback.
 */
public interface MessageStream {

    /** Sends the buffer's remaining bytes as the next fragment (buffers as for {@link WebSocketSession#sendBinary(ByteBuffer)}). */
    boolean write(ByteBuffer data);

    /** Sends a copy of {@code data} as the next fragment. */
    boolean write(byte[] data);

    /** Sends {@code text}, encoded as UTF-8, as the next fragment. */
    boolean write(String text);

    /** Ends the message with an empty final fragment. */
    boolean finish();

    /** Ends the message with {@code data} as its final fragment (buffers as for {@code sendBinary}). */
    boolean finish(ByteBuffer data);

    /**
     * As {@link #write(ByteBuffer)}, with the piece's fate given to {@code callback} (see {@link SendCallback}:
     * null once its frame was handed to the operating system, the reason otherwise); never throws for a full
     * send queue. A producer that writes the next piece from the callback has at most one piece in flight.
     */
    void write(ByteBuffer data, SendCallback callback);

    /** As {@link #finish(ByteBuffer)}, with the final fragment's fate given to {@code callback}. */
    void finish(ByteBuffer data, SendCallback callback);
}
