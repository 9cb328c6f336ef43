package dev.torsion.websocket;

import java.nio.ByteBuffer;

/**
 * Where a {@link WebSocketConnection} sends its bytes and its orders to the I/O layer. The connection owns
 * no socket and no timer: it says what should happen and the I/O layer (such as {@link TransportWebSocket}
 * over a torsion {@link dev.torsion.reactor.Transport}, or a test) makes it happen.
 *
 * <p><b>Bytes.</b> Frames are encoded straight into the output: {@link #claim} gives room for a whole frame,
 * the connection puts the frame there and {@link #commit}s it (a transport's
 * {@link dev.torsion.reactor.Transport#claimWrite}/{@link dev.torsion.reactor.Transport#commitWrite}, so
 * header and payload are written once, into the memory the transport sends from). The defaults build both on
 * {@link #write}, for outputs that just collect bytes.
 *
 * <p><b>Threading.</b> Called on the thread that drives the connection, from inside its methods.
 */
public interface ConnectionOutput {

    /** Writes encoded bytes; the output owns the buffer's remaining bytes from now on. */
    void write(ByteBuffer bytes);

    /**
     * Room for {@code size} bytes of output, from the returned buffer's position; the caller puts at most that
     * many there (relative or absolute puts, leaving the position after them) and then calls {@link #commit}
     * with it, before touching the output again. The default is a new heap buffer.
     */
    default ByteBuffer claim(int size) {
        return ByteBuffer.allocate(size);
    }

    /** Writes what was put into a buffer from {@link #claim} since it was claimed. The default writes it. */
    default void commit(ByteBuffer claimed) {
        claimed.flip();
        write(claimed);
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
