package dev.torsion.websocket;

import java.nio.ByteBuffer;

/**
 * A command given to a {@link TransportWebSocket} on a thread other than its event loop, waiting in the
 * connection's hop queue: a message, a fragment, a ping, a close or a failure. The queue is a singly linked
 * list of these (no node objects besides them) that the loop takes whole and runs in one task, so sends from
 * other threads hop in batches, one task per batch instead of one per send.
 *
 * <p>A send made with a {@link SendCallback} carries it here; the loop runs the command and the session keeps the
 * callback until the transport has handed the command's bytes to the operating system.
 *
 * <p><b>Threading.</b> Made by the sending thread, linked into the queue under the connection's lock, run on
 * the loop. Immutable except for {@link #next}.
 */
final class Outbound {

    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int PREPARED = 3;
    static final int FRAGMENT = 4;
    static final int PING = 5;
    static final int TIMED_PING = 6;
    static final int CLOSE = 7;
    static final int FAIL = 8;

    final int kind;
    /** The String, ByteBuffer or PreparedMessage to send; the close reason or failure description. */
    final Object payload;
    /** Data bytes this command holds against the session's send budget (0 for control commands). */
    final long bytes;
    /** FRAGMENT: whether it ends the message and whether the message is text; CLOSE/FAIL: the code. */
    final boolean fin;
    final boolean text;
    final CloseCode code;
    /** The send's callback, or null. */
    final SendCallback callback;
    Outbound next;

    private Outbound(int kind, Object payload, long bytes, boolean fin, boolean text, CloseCode code,
                     SendCallback callback) {
        this.callback = callback;
        this.kind = kind;
        this.payload = payload;
        this.bytes = bytes;
        this.fin = fin;
        this.text = text;
        this.code = code;
    }

    static Outbound message(int kind, Object payload, long bytes, SendCallback callback) {
        return new Outbound(kind, payload, bytes, true, kind == TEXT, null, callback);
    }

    static Outbound fragment(boolean text, ByteBuffer data, boolean fin, SendCallback callback) {
        return new Outbound(FRAGMENT, data, data.remaining(), fin, text, null, callback);
    }

    static Outbound ping(ByteBuffer payload) {
        return new Outbound(payload == null ? TIMED_PING : PING, payload, 0, true, false, null, null);
    }

    static Outbound close(int kind, CloseCode code, String reason) {
        return new Outbound(kind, reason, 0, true, false, code, null);
    }
}
