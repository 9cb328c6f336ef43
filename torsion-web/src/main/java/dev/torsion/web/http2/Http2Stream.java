package dev.torsion.web.http2;

import dev.torsion.reactor.ConnectionDone;
import dev.torsion.reactor.ConnectionLost;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Scheduler;
import dev.torsion.reactor.Transport;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP/2 stream (RFC 9113 section 5), and the {@link Transport} of the protocol that runs on it: what the
 * protocol writes goes out as DATA frames within the stream's and the connection's flow-control windows;
 * what the peer sends in DATA frames is given to the protocol's {@code dataReceived}. A request, a response
 * and (RFC 8441) a WebSocket connection all run on this one shape.
 *
 * <ul>
 *   <li><b>Sending.</b> {@link #write} queues the bytes; the connection frames them when the windows and the
 *       TCP connection allow. {@link #bufferedAmount()} counts what is queued; above the high watermark
 *       (64 KiB by default) the protocol's {@code writabilityChanged(false)} is called, below the low one
 *       (32 KiB) {@code writabilityChanged(true)}: a peer that stops reading (a zero window) pushes back on
 *       the producer, as a full socket does. {@link #endStream()} sends END_STREAM after the queue;
 *       {@link #loseConnection()} does too and then closes the whole stream (RST_STREAM NO_ERROR if the peer
 *       is still sending, RFC 9113 section 8.1); {@link #abortConnection()} resets it with CANCEL.</li>
 *   <li><b>Receiving.</b> {@link #pauseReading()} stops crediting the peer's window, so the peer stops
 *       sending once it has used what it had; data that still arrives is held and delivered on
 *       {@link #resumeReading()}. Consumed data is credited back with WINDOW_UPDATE.</li>
 * </ul>
 *
 * <p><b>Threading.</b> The Transport methods may be called from any thread: off the connection's loop they
 * hop onto it, in order per calling thread. Everything else runs on the loop.
 *
 * <p><b>Lifecycle.</b> Made by the connection when a stream opens; the handler's {@code connectionLost} is
 * called once when it closes (both sides ended, or reset, or the connection gone), after which writes are
 * discarded.
 */
public final class Http2Stream implements Transport {

    private static final int DEFAULT_HIGH_WATERMARK = 64 * 1024;
    private static final int DEFAULT_LOW_WATERMARK = 32 * 1024;

    final Http2Connection connection;
    private final int id;
    StreamState state = StreamState.IDLE;
    private Protocol handler;
    private boolean lostDelivered;

    // ---- receiving
    /** What the peer may still send on this stream. */
    int recvWindow;
    /** Consumed bytes not yet credited back to the peer. */
    private int unackedConsumed;
    private boolean readingPaused;
    private ArrayDeque<ByteBuffer> held;
    private boolean eofHeld;
    /** The request's or response's content-length, -1 if none; and the data bytes counted against it. */
    long expectedLength = -1;
    long receivedLength;

    // ---- sending
    /** What this end may still send (may go negative after a SETTINGS change, section 6.9.2). */
    long sendWindow;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>(4);
    private long queued;
    private final AtomicLong buffered = new AtomicLong();
    private boolean endQueued;
    private boolean closeQueued;
    /** A CONNECT tunnel (RFC 9113 section 8.5, RFC 8441): closing is a half-close, as a TCP FIN. */
    private boolean tunnel;
    private Http2Headers trailersQueued;
    private boolean endSent;
    boolean inReadyQueue;
    /** When queued data last went out (or was first queued): for the stall timeout. */
    long lastProgressNanos;
    /** Bytes accepted by {@link #write} (the write mark) and bytes handed to the connection in DATA frames. */
    private long written;
    private long framed;
    /** The mark a {@link #notifyFlushed} waits for to be framed, or -1; and whether it waits for the connection. */
    private long flushTarget = -1;
    private boolean awaitingConnectionFlush;
    private int lowWatermark = DEFAULT_LOW_WATERMARK;
    private int highWatermark = DEFAULT_HIGH_WATERMARK;
    private boolean writable = true;

    Http2Stream(Http2Connection connection, int id, int recvWindow, long sendWindow) {
        this.connection = connection;
        this.id = id;
        this.recvWindow = recvWindow;
        this.sendWindow = sendWindow;
    }

    /** The stream identifier. */
    public int id() {
        return id;
    }

    /** The state (section 5.1). Read on the loop. */
    public StreamState state() {
        return state;
    }

    /** The protocol running on this stream, or null before one is attached. */
    public Protocol handler() {
        return handler;
    }

    /** The connection this stream belongs to. */
    public Http2Connection connection() {
        return connection;
    }

    // ---------------------------------------------------------------- the handler

    /** Attaches {@code next} and calls its {@code connectionMade}. On the loop. */
    void attach(Protocol next) {
        handler = next;
        next.connectionMade(this);
    }

    /** Data arrived (already counted against the windows): deliver it now or hold it while paused. */
    void dataArrived(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        if (readingPaused || held != null || handler == null || lostDelivered) {
            if (lostDelivered || handler == null && state == StreamState.CLOSED) {
                consumed(n);
                return;
            }
            if (held == null) {
                held = new ArrayDeque<>(2);
            }
            held.add(ByteBuffer.allocate(n).put(data).flip());
            return;
        }
        handler.dataReceived(data);
        data.position(data.limit());
        consumed(n);
    }

    /** END_STREAM arrived (the state has moved already). */
    void eofArrived() {
        if (readingPaused || held != null) {
            eofHeld = true;
            return;
        }
        deliverEof();
    }

    /** A header section after the first (trailers, or a response on a client). */
    void headersArrived(Http2Headers headers, boolean endStream) {
        if (handler instanceof Http2StreamHandler h2) {
            h2.headersReceived(headers, endStream);
        }
    }

    /** True while data or END_STREAM received during a pause waits to be delivered. */
    boolean holdsInput() {
        return held != null || eofHeld;
    }

    private void deliverEof() {
        if (handler == null || lostDelivered) {
            return;
        }
        boolean keepWriting = handler.eofReceived();
        if (!keepWriting && !lostDelivered) {
            loseConnectionOnLoop();
        }
    }

    void shutdownRequested() {
        if (handler != null && !lostDelivered) {
            handler.shutdownRequested();
        }
    }

    /** The stream is closed: tell the handler once. */
    void closed(Throwable reason) {
        state = StreamState.CLOSED;
        queue.clear();
        buffered.addAndGet(-queued);
        queued = 0;
        held = null;
        if (lostDelivered) {
            return;
        }
        lostDelivered = true;
        if (handler != null) {
            handler.connectionLost(reason);
        }
    }

    /** Credits consumed bytes back to the peer once half a window has been used. */
    private void consumed(int n) {
        unackedConsumed += n;
        if (readingPaused || !state.canReceive()) {
            return;
        }
        int threshold = Math.max(1, connection.localInitialWindow() / 2);
        if (unackedConsumed >= threshold) {
            int credit = unackedConsumed;
            unackedConsumed = 0;
            recvWindow += credit;
            connection.sendWindowUpdate(id, credit);
        }
    }

    // ---------------------------------------------------------------- sending, for the connection

    /** True when something can go out now: data with window left, or an END_STREAM or trailers after it. */
    boolean hasSendable() {
        if (queued > 0) {
            return sendWindow > 0;
        }
        return (endQueued || trailersQueued != null) && !endSent;
    }

    /** True when what can go out is data, which needs the connection's window too. */
    boolean needsWindow() {
        return queued > 0;
    }

    /** True while data or an end is waiting (for the stall timeout). */
    boolean hasPending() {
        return !endSent && (queued > 0 || endQueued || trailersQueued != null);
    }

    /**
     * Sends at most one frame of up to {@code max} data bytes (already bounded by the connection's window and
     * frame size); returns the data bytes sent.
     */
    int sendSome(int max) {
        if (queued == 0) {
            sendEnd();
            return 0;
        }
        int n = (int) Math.min(Math.min(max, sendWindow), queued);
        if (n <= 0) {
            return 0;
        }
        boolean last = n == queued && endQueued && trailersQueued == null;
        ByteBuffer[] parts = take(n);
        connection.writeData(id, parts, n, last);
        sendWindow -= n;
        queued -= n;
        framed += n;
        if (flushTarget >= 0 && framed >= flushTarget) {
            flushTarget = -1;
            awaitingConnectionFlush = true;
            if (connection.awaitFlush(this)) {
                connection.scheduler().execute(this::connectionFlushed);   // never from inside the framing
            }
        }
        lastProgressNanos = connection.now();
        long left = buffered.addAndGet(-n);
        if (last) {
            endSent();
        } else if (queued == 0 && (endQueued || trailersQueued != null)) {
            sendEnd();
        }
        if (!writable && left <= lowWatermark && handler != null && !lostDelivered) {
            writable = true;
            handler.writabilityChanged(true);
        }
        return n;
    }

    private ByteBuffer[] take(int n) {
        ByteBuffer first = queue.peek();
        if (first.remaining() >= n) {
            ByteBuffer part = first.slice(first.position(), n);
            first.position(first.position() + n);
            if (!first.hasRemaining()) {
                queue.poll();
            }
            return new ByteBuffer[] {part};
        }
        ArrayDeque<ByteBuffer> parts = new ArrayDeque<>(4);
        int left = n;
        while (left > 0) {
            ByteBuffer b = queue.peek();
            int k = Math.min(left, b.remaining());
            parts.add(b.slice(b.position(), k));
            b.position(b.position() + k);
            if (!b.hasRemaining()) {
                queue.poll();
            }
            left -= k;
        }
        return parts.toArray(new ByteBuffer[0]);
    }

    private void sendEnd() {
        if (endSent) {
            return;
        }
        if (trailersQueued != null) {
            Http2Headers t = trailersQueued;
            trailersQueued = null;
            connection.writeHeaders(this, t, true);
        } else if (endQueued) {
            connection.writeData(id, new ByteBuffer[0], 0, true);
        } else {
            return;
        }
        endSent();
    }

    private void endSent() {
        endSent = true;
        endQueued = false;
        connection.localEnded(this);
        if (closeQueued && !tunnel && state != StreamState.CLOSED) {
            connection.resetStream(this, ErrorCode.NO_ERROR, null);
        }
    }

    // ---------------------------------------------------------------- header sections

    /**
     * Sends a header section: the response (or request) head, or with {@code endStream} and data already
     * queued, trailers after the data. On the loop.
     *
     * @throws IllegalStateException if this side of the stream has ended
     */
    public void sendHeaders(Http2Headers headers, boolean endStream) {
        if (state == StreamState.CLOSED || endSent || endQueued) {
            if (state == StreamState.CLOSED) {
                return;
            }
            throw new IllegalStateException("sendHeaders: stream " + id + " has already ended its side");
        }
        if (queued > 0) {
            if (!endStream) {
                throw new IllegalStateException("sendHeaders: header sections after data must end the stream (trailers)");
            }
            trailersQueued = headers;
            connection.dataQueued(this);
            return;
        }
        connection.writeHeaders(this, headers, endStream);
        if (endStream) {
            endSent();
        }
    }

    /**
     * Makes this stream a tunnel from now on, as a CONNECT stream is once its 2xx answer is out (RFC 9113
     * section 8.5; RFC 8441 section 5 runs WebSocket on one): its DATA frames are the tunnel's bytes, and
     * {@link #loseConnection()} is the TCP close it stands for, END_STREAM after the queued data, the stream
     * closing when the peer ends its side too (never a reset: the peer's last bytes are still delivered).
     * {@link #abortConnection()} stays the tunnel's error, RST_STREAM CANCEL. On the loop.
     */
    public void useAsTunnel() {
        tunnel = true;
    }

    /** True once {@link #useAsTunnel()} was called. */
    public boolean isTunnel() {
        return tunnel;
    }

    /** Ends this side: END_STREAM goes out after the queued data (a half-close; reading goes on). */
    public void endStream() {
        onLoop(() -> {
            if (state == StreamState.CLOSED || endSent || endQueued) {
                return;
            }
            endQueued = true;
            connection.dataQueued(this);
        });
    }

    // ---------------------------------------------------------------- Transport

    @Override
    public void write(ByteBuffer data) {
        int n = data.remaining();
        buffered.addAndGet(n);
        if (!connection.scheduler().inEventLoop()) {
            connection.scheduler().execute(() -> writeOnLoop(data, n));
            return;
        }
        writeOnLoop(data, n);
    }

    private void writeOnLoop(ByteBuffer data, int n) {
        if (state == StreamState.CLOSED || endSent || endQueued || !state.canSend() && state != StreamState.IDLE) {
            buffered.addAndGet(-n);
            data.position(data.limit());
            return;
        }
        if (n == 0) {
            return;
        }
        if (queued == 0) {
            lastProgressNanos = connection.now();
        }
        queue.add(data);
        queued += n;
        written += n;
        if (writable && buffered.get() > highWatermark && handler != null) {
            writable = false;
            handler.writabilityChanged(false);
        }
        connection.dataQueued(this);
    }

    @Override
    public void write(ByteBuffer... data) {
        for (ByteBuffer b : data) {
            write(b);
        }
    }

    /** No zero-copy path: file bytes go out as DATA frames. */
    @Override
    public boolean supportsSendFile() {
        return false;
    }

    /** Every later callback of this stream goes to {@code next} (its connectionMade is the caller's to call). */
    @Override
    public void switchProtocol(Protocol next) {
        handler = java.util.Objects.requireNonNull(next, "next");
    }

    /**
     * Ends this side after the queued data, then closes the stream (RST_STREAM NO_ERROR if the peer still sends);
     * on a {@linkplain #useAsTunnel tunnel}, ends this side only and the stream closes when the peer's side ends.
     */
    @Override
    public void loseConnection() {
        onLoop(this::loseConnectionOnLoop);
    }

    private void loseConnectionOnLoop() {
        if (state == StreamState.CLOSED) {
            return;
        }
        closeQueued = true;
        if (tunnel) {
            if (!endSent && !endQueued) {
                endQueued = true;
                connection.dataQueued(this);
            }
            return;
        }
        if (endSent) {
            connection.resetStream(this, ErrorCode.NO_ERROR, null);
            return;
        }
        endQueued = true;
        connection.dataQueued(this);
    }

    /** Resets the stream with CANCEL now, discarding what is queued. */
    @Override
    public void abortConnection() {
        onLoop(() -> {
            if (state != StreamState.CLOSED) {
                connection.resetStream(this, ErrorCode.CANCEL,
                        new ConnectionLost("stream " + id + " reset locally (CANCEL)", null));
            }
        });
    }

    /** Resets the stream with {@code code} (on the loop). */
    public void reset(ErrorCode code) {
        onLoop(() -> {
            if (state != StreamState.CLOSED) {
                connection.resetStream(this, code, new StreamResetException(code, false,
                        "stream " + id + " reset locally with " + code));
            }
        });
    }

    @Override
    public void pauseReading() {
        onLoop(() -> readingPaused = true);
    }

    @Override
    public void resumeReading() {
        onLoop(() -> {
            if (!readingPaused) {
                return;
            }
            readingPaused = false;
            while (held != null && !readingPaused && !lostDelivered) {
                ByteBuffer b = held.poll();
                if (b == null) {
                    held = null;
                    break;
                }
                int n = b.remaining();
                handler.dataReceived(b);
                consumed(n);
            }
            if (!readingPaused) {
                held = null;
                consumed(0);
                if (eofHeld) {
                    eofHeld = false;
                    deliverEof();
                    connection.inputDrained(this);
                }
            }
        });
    }

    @Override
    public long bufferedAmount() {
        return buffered.get();
    }

    /** The bytes accepted by {@link #write} so far, on the loop. */
    @Override
    public long writeMark() {
        return written;
    }

    /**
     * True once the bytes up to {@code mark} went out in DATA frames and the connection's transport handed those
     * to the operating system; otherwise the protocol's {@code outputFlushed()} comes when they have (a window
     * the peer keeps closed delays it). None comes if the stream closes first. On the loop.
     */
    @Override
    public boolean notifyFlushed(long mark) {
        if (state == StreamState.CLOSED || lostDelivered) {
            return false;
        }
        if (framed < mark) {
            flushTarget = mark;
            return false;
        }
        flushTarget = -1;
        if (connection.awaitFlush(this)) {
            return true;
        }
        awaitingConnectionFlush = true;
        return false;
    }

    /** The connection's transport handed over what this stream gave it (asked for by {@link #notifyFlushed}). */
    void connectionFlushed() {
        if (!awaitingConnectionFlush || lostDelivered || handler == null) {
            return;
        }
        awaitingConnectionFlush = false;
        handler.outputFlushed();
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void setWatermarks(int low, int high) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("watermarks need 0 <= low <= high, got " + low + ", " + high);
        }
        onLoop(() -> {
            lowWatermark = low;
            highWatermark = high;
        });
    }

    @Override
    public boolean isOpen() {
        return state != StreamState.CLOSED && !closeQueued && connection.isOpen();
    }

    /** The TLS session of the connection the stream is part of (null on plain TCP). */
    @Override
    public javax.net.ssl.SSLSession sslSession() {
        return connection.transport().sslSession();
    }

    @Override
    public SocketAddress localAddress() {
        return connection.transport().localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.transport().remoteAddress();
    }

    @Override
    public Scheduler scheduler() {
        return connection.scheduler();
    }

    private void onLoop(Runnable action) {
        Scheduler loop = connection.scheduler();
        if (loop.inEventLoop()) {
            action.run();
        } else {
            loop.execute(action);
        }
    }

    /** The reason for a stream that ended normally. */
    static ConnectionDone done(int id) {
        return new ConnectionDone("stream " + id + " closed");
    }

    @Override
    public String toString() {
        return "Http2Stream[" + id + ", " + state + "]";
    }
}
