package dev.torsion.reactor;

import java.nio.ByteBuffer;

/**
 * The application side of one connection: it is told when the connection is made, when bytes arrive,
 * when the peer stops sending, when the transport's writability changes and when the connection is gone.
 *
 * <p><b>Threading.</b> Every callback of one protocol instance runs on the same event-loop thread, one at a
 * time, for the whole life of the connection, so a protocol needs no locks for its own state.
 *
 * <p><b>Lifecycle.</b> A {@link Factory} builds one protocol per connection. {@link #connectionMade} is
 * called exactly once, first; then any number of {@link #dataReceived}, {@link #writabilityChanged} and at
 * most one {@link #eofReceived}; then {@link #connectionLost} exactly once, last.
 *
 * <p><b>Bytes.</b> {@link #dataReceived} gets whatever TCP delivered: part of a message, several messages,
 * a single byte. The buffer is only valid during the call (the event loop reuses it for the next read), so
 * a protocol that needs bytes of an incomplete message later must copy them. During the call the bytes
 * between its position and limit are the protocol's: it may change them in place (a WebSocket unmasks frames
 * where they lie), and whoever called it does not read them again.
 */
public interface Protocol {

    /** The connection is established; {@code transport} is how this protocol writes and closes. */
    void connectionMade(Transport transport);

    /**
     * Bytes arrived. The buffer's remaining bytes are the new data; the protocol may change them in place (not
     * the bytes outside position and limit), and the buffer is valid only until this method returns.
     */
    void dataReceived(ByteBuffer data);

    /**
     * The peer closed its sending side (TCP FIN, "half-close"). Return {@code true} to keep the connection's
     * writing side open (the protocol will close it later, as WebSocket closing does); return {@code false}
     * (the default) to have the transport flush what is queued and close, as Twisted does for protocols that
     * are not half-close aware.
     */
    default boolean eofReceived() {
        return false;
    }

    /**
     * The transport's queue of unwritten bytes crossed a watermark: {@code false} when it rose above the high
     * watermark (stop producing), {@code true} when it drained below the low watermark (produce again).
     */
    default void writabilityChanged(boolean writable) {
    }

    /**
     * The reactor is shutting down gracefully ({@link Reactor#shutdownGracefully}): finish what is under way
     * and close soon (a WebSocket says 1001 Going Away here). Connections still open at the shutdown's
     * deadline are aborted. The default does nothing and lets the connection run until it ends or the
     * deadline passes.
     */
    default void shutdownRequested() {
    }

    /**
     * The bytes up to the mark given to {@link Transport#notifyFlushed} have been handed to the operating system
     * (after a write callback's output went out, or as a full socket drained): the one notice asked for. The
     * default does nothing.
     */
    default void outputFlushed() {
    }

    /**
     * The connection is closed and gone. {@code reason} says why: a {@link ConnectionDone} for an orderly
     * close, a {@link ConnectionLost} for an abort, a reset or an I/O error (its cause attached), or the
     * exception a callback of this protocol threw.
     */
    void connectionLost(Throwable reason);
}
