package dev.torsion.reactor;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;

/**
 * How a {@link Protocol} writes to and closes its connection.
 *
 * <p><b>Threading.</b> Every method may be called from any thread. Calls made on the connection's event
 * loop take effect at once; calls from other threads hop onto the loop and take effect in the order they
 * were made by that thread.
 *
 * <p><b>Buffers.</b> {@code write} takes ownership of the buffer's remaining bytes: the caller must not
 * change them afterwards (pass {@code buffer.duplicate()} to write the same bytes to several transports).
 * A write is sent without waiting for the socket: on an event loop, the writes a callback makes leave
 * together when it returns (one gathering write for a whole read batch); only what the socket did not take
 * is queued.
 *
 * <p><b>Flow control.</b> {@link #bufferedAmount()} tells how many bytes are queued. When it rises above the
 * high watermark the protocol's {@link Protocol#writabilityChanged} is called with {@code false}; when it
 * drains below the low watermark, with {@code true}. Writes are never refused: stopping is the producer's job.
 *
 * <p><b>Lifecycle.</b> Open from {@link Protocol#connectionMade} until {@link Protocol#connectionLost}.
 * Writes after {@link #loseConnection()} or after the connection is gone are discarded.
 */
public interface Transport {

    /** Writes the buffer's remaining bytes (the transport owns them from now on). */
    void write(ByteBuffer data);

    /** Writes several buffers in order with one gathering write where the transport can. */
    void write(ByteBuffer... data);

    /**
     * Claims room to encode bytes straight into this transport's output, so that a protocol framing a
     * message writes its header and payload once, into memory the transport sends from (an event loop's
     * direct staging buffer), instead of into a buffer of its own that is copied again. Returns a buffer with
     * at least {@code size} bytes remaining from its position; put at most {@code size} bytes there (relative
     * puts, from its position), then call {@link #commitWrite} with it. The bytes go out in order with the
     * other writes.
     *
     * <p>Between claim and commit the caller must not touch this or any other transport, and must commit
     * before returning to the loop. The returned buffer belongs to the transport: do not keep it, or read
     * or change it after the commit. Call on the connection's event loop only.
     *
     * <p>The default allocates a heap buffer of {@code size} bytes, and {@link #commitWrite} writes it.
     */
    default ByteBuffer claimWrite(int size) {
        return ByteBuffer.allocate(size);
    }

    /**
     * Writes the bytes put into {@code claimed} since {@link #claimWrite} returned it: from the position it
     * had then to its position now. Call on the connection's event loop only, once per claim.
     */
    default void commitWrite(ByteBuffer claimed) {
        claimed.flip();
        write(claimed);
    }

    /** Writes a copy of {@code data}. */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data.clone()));
    }

    /**
     * True if {@link #sendFile} sends file bytes without copying them through the Java heap (plain TCP, with
     * {@link FileChannel#transferTo}); false for transports that must transform the bytes (TLS) or have no
     * socket (tests). Callers without zero-copy send the file in chunks with {@link #write}.
     */
    default boolean supportsSendFile() {
        return false;
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position}, in order with the other writes, without
     * copying them through the heap. The bytes count in {@link #bufferedAmount()} until sent. The transport
     * does not close the file; the future completes when every byte was handed to the operating system, or
     * fails (the file ended early, the connection was lost).
     *
     * @throws UnsupportedOperationException if {@link #supportsSendFile()} is false
     */
    default CompletableFuture<Void> sendFile(FileChannel file, long position, long count) {
        throw new UnsupportedOperationException("sendFile: this transport has no zero-copy path; "
                + "check supportsSendFile() and write the file in chunks instead");
    }

    /**
     * Hands the connection to {@code next} from now on: every later callback (data, EOF, writability,
     * shutdown, loss) goes to it instead of the current protocol, which the transport forgets. This is the one
     * way a protocol hands its connection over when its own part is done: an HTTP connection after
     * {@code 101 Switching Protocols}, the client's handshake once the server's 101 is checked, a proxy tunnel
     * once {@code CONNECT} is answered. No protocol stays in the middle as a forwarder. The caller then calls
     * {@code next.connectionMade(this)} itself and gives {@code next} the bytes it has already read past its
     * own end. Call on the connection's loop, from a callback of the current protocol. Every transport
     * supports it.
     */
    void switchProtocol(Protocol next);

    /**
     * The application protocol agreed for this connection by ALPN in its TLS handshake (RFC 7301), e.g.
     * {@code "h2"} or {@code "http/1.1"}; null when none was (plain TCP, no ALPN, or a peer that offered
     * none of this end's). The default is null.
     */
    default String applicationProtocol() {
        return null;
    }

    /**
     * A running total of the bytes written to this transport on its loop (those still buffered included): the
     * mark of the end of the last write, to pass to {@link #notifyFlushed} to learn when it has left. Call on the
     * connection's loop. The default is 0, for a transport that hands every write over at once.
     */
    default long writeMark() {
        return 0;
    }

    /**
     * True if every byte written up to {@code mark} (a {@link #writeMark()}) has been handed to the operating
     * system; otherwise false, and the transport calls its protocol's {@link Protocol#outputFlushed()} once they
     * have been, on the loop, never from inside this call. One notice is kept: a later call replaces the
     * request. None comes if the connection is lost first ({@link Protocol#connectionLost} says so). Call on the
     * connection's loop. The default returns true (see {@link #writeMark()}); TCP and TLS keep the count (TLS
     * when the records that carry the bytes were handed over).
     */
    default boolean notifyFlushed(long mark) {
        return true;
    }

    /** Flushes what is queued, then closes the connection (Twisted's {@code loseConnection}). */
    void loseConnection();

    /** Closes the connection now, discarding whatever is queued. */
    void abortConnection();

    /** Stops delivering {@link Protocol#dataReceived} until {@link #resumeReading()}; TCP pushes back on the peer. */
    void pauseReading();

    /** Resumes delivering data after {@link #pauseReading()}. */
    void resumeReading();

    /** The number of bytes written but not yet handed to the operating system. */
    long bufferedAmount();

    /** False while {@link #bufferedAmount()} is above the high watermark (until it drains below the low one). */
    boolean isWritable();

    /**
     * Sets the flow-control watermarks, in bytes ({@code 0 <= low <= high}). Defaults come from the reactor's
     * configuration (64 KiB high, 32 KiB low).
     */
    void setWatermarks(int low, int high);

    /** True until the connection is closed or closing. */
    boolean isOpen();

    /** This end's address. */
    SocketAddress localAddress();

    /** The peer's address. */
    SocketAddress remoteAddress();

    /** The event loop (or fake clock) that owns this connection: timers and thread hops for the protocol. */
    Scheduler scheduler();

    /**
     * The TLS session of this connection once its handshake is done (protocol, cipher suite, the peer's
     * certificates when it sent any), so that a protocol above TLS can decide by them; null for a connection
     * without TLS, or before the handshake is done. The default is null.
     */
    default javax.net.ssl.SSLSession sslSession() {
        return null;
    }
}
