package dev.torsion.websocket;

import java.nio.ByteBuffer;

/**
 * Where a {@link WebSocketConnection} sends its bytes and its orders to the I/O layer. The connection owns
 * no socket and no timer: it says what should happen and the I/O layer (such as {@link TransportWebSocket}
 * over a torsion {@link dev.torsion.reactor.Transport}, or a test) makes it happen.
 *
 * <p><b>Threading.</b> Called on the thread that drives the connection, from inside its methods.
 */
public interface ConnectionOutput {

    /** Writes encoded bytes; the output owns the buffer's remaining bytes from now on. */
    void write(ByteBuffer bytes);

    /** Writes a frame header and then its payload (a gathering write); the output owns both buffers. */
    default void write(ByteBuffer header, ByteBuffer payload) {
        write(header);
        write(payload);
    }

    /**
     * The connection now waits for the peer: for its close frame (after this end sent one) or, for a client
     * after the closing handshake, for the server to close TCP. The I/O layer should start the close
     * timer and abort the connection if it fires. Called at most once per connection.
     */
    void startCloseTimer();

    /**
     * The TCP connection should be closed now, after what was written is flushed: the closing handshake is
     * done (server), the peer closed TCP, or the connection failed. Called at most once per connection.
     */
    void closeTransport();
}
