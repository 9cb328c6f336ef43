package dev.torsion.tls;

import dev.torsion.reactor.ConnectionLost;
import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.LoopMetrics;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Scheduler;
import dev.torsion.reactor.Transport;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * TLS as a protocol wrapper (Twisted's {@code TLSMemoryBIOProtocol}): it is the {@link Protocol} of a TCP
 * connection, turning the ciphertext it receives into plaintext for the application protocol it wraps, and
 * it is the {@link Transport} of that application protocol, turning plaintext writes into TLS records. Any
 * protocol (HTTP, WebSocket, ...) runs over TLS unchanged.
 *
 * <p>The application's {@link Protocol#connectionMade} is called once the handshake has completed;
 * {@link #handshake()} completes then too, or fails with the handshake's error. A connection whose handshake
 * fails never reaches the application. While the handshake waits for the peer's bytes nothing spins: the
 * wrapper simply returns and waits for the next {@link #dataReceived}; an optional handshake timeout bounds
 * that wait. Renegotiation is refused (the connection is aborted). The buffers come from the session's packet
 * and application buffer sizes; the input buffer is released while a connection is idle.
 *
 * <p><b>Threading.</b> Protocol callbacks run on the connection's event loop; the Transport methods may be
 * called from any thread and hop onto the loop.
 *
 * <p><b>Lifecycle.</b> One per connection. {@link #loseConnection()} sends close_notify after the queued
 * data, then closes TCP. A peer's close_notify is treated as an orderly end; an EOF without it is reported to
 * the application as {@link ConnectionLost} ("truncated").
 */
public final class TlsProtocol implements Protocol, Transport {

    private static final System.Logger LOG = System.getLogger(TlsProtocol.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    /** The protocol above TLS; replaced only by {@link #switchProtocol}, on the loop. */
    private Protocol application;
    private final CompletableFuture<SSLSession> handshake = new CompletableFuture<>();
    private final ArrayDeque<ByteBuffer> pendingPlaintext = new ArrayDeque<>();
    private final Duration handshakeTimeout;
    private Transport tcp;
    private DelayedCall handshakeTimer;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private boolean handshakeDone;
    private boolean applicationMade;
    private boolean closing;
    private boolean closeNotifyReceived;
    /** Whether the application's eofReceived was called, and what it answered (it is called at most once). */
    private boolean applicationEofDelivered;
    private boolean applicationHalfOpen;
    private boolean lost;
    private boolean truncated;
    private long pendingBytes;

    /**
     * Wraps {@code application} in TLS with {@code engine} (client or server mode already set), with no
     * bound on how long the handshake may take.
     */
    public TlsProtocol(SSLEngine engine, Protocol application) {
        this(engine, application, Duration.ZERO);
    }

    /**
     * Wraps {@code application} in TLS with {@code engine}; a handshake not finished within
     * {@code handshakeTimeout} of the connection ({@link Duration#ZERO}: no bound) aborts the connection, so
     * a peer that sends half a ClientHello and waits holds nothing for long.
     */
    public TlsProtocol(SSLEngine engine, Protocol application, Duration handshakeTimeout) {
        if (handshakeTimeout.isNegative()) {
            throw new IllegalArgumentException("the TLS handshake timeout cannot be negative, got " + handshakeTimeout);
        }
        this.engine = engine;
        this.application = application;
        this.handshakeTimeout = handshakeTimeout;
    }

    /** Completes with the session when the handshake finishes; fails with its error. */
    public CompletableFuture<SSLSession> handshake() {
        return handshake;
    }

    /** The wrapped application protocol. */
    public Protocol application() {
        return application;
    }

    /** The engine, for its session (protocol, cipher suite, ALPN, peer certificates). */
    public SSLEngine engine() {
        return engine;
    }

    // ---- Protocol: ciphertext side --------------------------------------------------------------------

    @Override
    public void connectionMade(Transport transport) {
        this.tcp = transport;
        LoopMetrics metrics = LoopMetrics.of(transport.scheduler());
        if (metrics != null) {
            handshake.whenComplete(metrics::tlsHandshakeEnded);   // counted on the loop, where it completes
        }
        if (!handshakeTimeout.isZero()) {
            handshakeTimer = transport.scheduler().callLater(handshakeTimeout, this::handshakeTimedOut);
        }
        try {
            engine.beginHandshake();
            pump();
        } catch (SSLException e) {
            failHandshake(e);
        }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (lost) {
            return;
        }
        ensureNetIn(data.remaining());
        netIn.put(data);
        try {
            pump();
        } catch (SSLException e) {
            failHandshakeOrAbort(e);
        }
    }

    @Override
    public boolean eofReceived() {
        if (!closeNotifyReceived) {
            try {
                engine.closeInbound();
            } catch (SSLException noCloseNotify) {
                if (!handshakeDone) {
                    failHandshake(new SSLException("the peer closed the connection during the TLS handshake"));
                    return false;
                }
                LOG.log(System.Logger.Level.DEBUG, "TLS stream truncated (EOF without close_notify)");
                this.truncated = true;
                tcp.abortConnection();
                return true;
            }
        }
        return applicationEof();
    }

    /**
     * Tells the application, once, that the peer will send no more, and returns its answer: keep the writing
     * side open (true) or not. Once the engine can no longer write (TLS 1.2 answers a close_notify with its
     * own at once), there is nothing left to keep open.
     */
    private boolean applicationEof() {
        if (!applicationEofDelivered && applicationMade) {
            applicationEofDelivered = true;
            applicationHalfOpen = application.eofReceived();
        }
        return applicationHalfOpen && !engine.isOutboundDone();
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (applicationMade) {
            application.writabilityChanged(writable);
        }
    }

    @Override
    public void shutdownRequested() {
        if (applicationMade) {
            application.shutdownRequested();
        } else {
            tcp.abortConnection();
        }
    }

    @Override
    public void connectionLost(Throwable reason) {
        lost = true;
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
        }
        engine.closeOutbound();
        if (!handshake.isDone()) {
            handshake.completeExceptionally(new SSLException("connection closed before the TLS handshake completed: "
                    + reason.getMessage(), reason));
        }
        netIn = null;
        appIn = null;
        pendingPlaintext.clear();
        if (applicationMade) {
            application.connectionLost(truncated
                    ? new ConnectionLost("TLS stream truncated: the peer closed TCP without close_notify")
                    : reason);
        }
    }

    // ---- Transport: plaintext side --------------------------------------------------------------------

    @Override
    public void write(ByteBuffer data) {
        if (!scheduler().inEventLoop()) {
            scheduler().execute(() -> write(data));
            return;
        }
        if (closing || lost || !data.hasRemaining()) {
            return;
        }
        if (!handshakeDone || !pendingPlaintext.isEmpty()) {
            pendingPlaintext.add(data);
            pendingBytes += data.remaining();
            return;
        }
        try {
            wrapAndSend(data);
        } catch (SSLException e) {
            abortWith(e);
        }
    }

    @Override
    public void write(ByteBuffer... data) {
        if (!scheduler().inEventLoop()) {
            scheduler().execute(() -> write(data));
            return;
        }
        for (ByteBuffer b : data) {
            write(b);
        }
    }

    @Override
    public void loseConnection() {
        if (!scheduler().inEventLoop()) {
            scheduler().execute(this::loseConnection);
            return;
        }
        if (closing || lost) {
            return;
        }
        closing = true;
        if (!handshakeDone) {
            tcp.loseConnection();
            return;
        }
        engine.closeOutbound();
        try {
            wrapAndSend(EMPTY);
        } catch (SSLException e) {
            LOG.log(System.Logger.Level.DEBUG, "sending close_notify failed", e);
        }
        tcp.loseConnection();
    }

    @Override
    public void abortConnection() {
        tcp.abortConnection();
    }

    /** The application protocol above TLS is replaced; TLS itself stays in place. */
    @Override
    public boolean switchProtocol(Protocol next) {
        this.application = java.util.Objects.requireNonNull(next, "next");
        return true;
    }

    @Override
    public void pauseReading() {
        tcp.pauseReading();
    }

    @Override
    public void resumeReading() {
        tcp.resumeReading();
    }

    @Override
    public long bufferedAmount() {
        return tcp.bufferedAmount() + pendingBytes;
    }

    @Override
    public boolean isWritable() {
        return tcp.isWritable();
    }

    @Override
    public void setWatermarks(int low, int high) {
        tcp.setWatermarks(low, high);
    }

    @Override
    public boolean isOpen() {
        return !closing && !lost && tcp.isOpen();
    }

    @Override
    public SocketAddress localAddress() {
        return tcp.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return tcp.remoteAddress();
    }

    @Override
    public Scheduler scheduler() {
        return tcp.scheduler();
    }

    // ---- the engine ----------------------------------------------------------------------------------

    /** Runs the engine until it needs more input from the peer. */
    private void pump() throws SSLException {
        while (!lost) {
            SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK:
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                    continue;
                case NEED_WRAP:
                    wrapAndSend(EMPTY);
                    checkHandshakeFinished();
                    continue;
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                    if (!unwrapOnce()) {
                        return;
                    }
                    continue;
                default: // NOT_HANDSHAKING, FINISHED
                    checkHandshakeFinished();
                    if (netIn == null || netIn.position() == 0 || !unwrapOnce()) {
                        return;
                    }
            }
        }
    }

    /** Unwraps one record from netIn; false when more bytes are needed (or the engine closed). */
    private boolean unwrapOnce() throws SSLException {
        if (netIn == null) {
            return false;
        }
        netIn.flip();
        ByteBuffer out = appBuffer();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, out);
        } finally {
            netIn.compact();
        }
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW:
                ensureNetIn(engine.getSession().getPacketBufferSize());
                return false;
            case BUFFER_OVERFLOW:
                appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() + appIn.capacity());
                return true;
            case CLOSED:
                closeNotifyReceived = true;
                deliver(out);
                releaseNetInIfEmpty();
                if (!closing) {
                    // The peer has finished sending. The application may keep writing (half-close, TLS 1.3)
                    // and close later; otherwise answer with our close_notify and close.
                    if (applicationEof()) {
                        return false;
                    }
                    loseConnection();
                }
                return false;
            default:
                if (handshakeDone && result.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                        && result.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.FINISHED
                        && isTls12OrOlder()) {
                    throw new SSLException("TLS renegotiation refused");
                }
                checkHandshakeFinished();
                deliver(out);
                releaseNetInIfEmpty();
                return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
        }
    }

    private void deliver(ByteBuffer out) {
        out.flip();
        if (out.hasRemaining() && applicationMade && !lost) {
            application.dataReceived(out);
        }
        out.clear();
    }

    private void wrapAndSend(ByteBuffer plaintext) throws SSLException {
        SSLSession session = engine.getSession();
        int records = plaintext.remaining() / 16384 + 1;
        ByteBuffer out = ByteBuffer.allocate(Math.max(session.getPacketBufferSize(), records * (16384 + 512)));
        do {
            SSLEngineResult result = engine.wrap(plaintext, out);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                out.flip();
                ByteBuffer bigger = ByteBuffer.allocate(out.capacity() * 2 + session.getPacketBufferSize());
                bigger.put(out);
                out = bigger;
                continue;
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED || result.bytesProduced() == 0
                    && result.bytesConsumed() == 0) {
                break;
            }
        } while (plaintext.hasRemaining() || engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP
                && !handshakeDone);
        out.flip();
        if (out.hasRemaining()) {
            tcp.write(out);
        }
    }

    private void checkHandshakeFinished() throws SSLException {
        if (handshakeDone) {
            return;
        }
        SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && hs != SSLEngineResult.HandshakeStatus.FINISHED) {
            return;
        }
        handshakeDone = true;
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        applicationMade = true;
        application.connectionMade(this);
        handshake.complete(engine.getSession());
        ByteBuffer b;
        while (!closing && !lost && (b = pendingPlaintext.poll()) != null) {
            pendingBytes -= b.remaining();
            wrapAndSend(b);
        }
    }

    private boolean isTls12OrOlder() {
        String p = engine.getSession().getProtocol();
        return !"TLSv1.3".equals(p);
    }

    private ByteBuffer appBuffer() {
        if (appIn == null) {
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }
        return appIn;
    }

    private void ensureNetIn(int more) {
        if (netIn == null) {
            netIn = ByteBuffer.allocate(Math.max(engine.getSession().getPacketBufferSize(), more));
        } else if (netIn.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(netIn.position() + Math.max(more, engine.getSession().getPacketBufferSize()));
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
    }

    private void releaseNetInIfEmpty() {
        if (netIn != null && netIn.position() == 0 && handshakeDone) {
            netIn = null; // an idle TLS connection keeps no input buffer
        }
    }

    private void handshakeTimedOut() {
        if (handshakeDone || lost) {
            return;
        }
        SSLException e = new SSLException("TLS handshake timed out after " + handshakeTimeout.toMillis() + " ms");
        LOG.log(System.Logger.Level.DEBUG, "TLS handshake with " + tcp.remoteAddress() + ": " + e.getMessage());
        handshake.completeExceptionally(e);
        tcp.abortConnection();
    }

    private void failHandshakeOrAbort(SSLException e) {
        if (!handshakeDone) {
            failHandshake(e);
        } else {
            abortWith(e);
        }
    }

    private void failHandshake(SSLException e) {
        LOG.log(System.Logger.Level.DEBUG, "TLS handshake with " + (tcp == null ? "?" : tcp.remoteAddress())
                + " failed: " + e.getMessage());
        handshake.completeExceptionally(e);
        try {
            engine.closeOutbound();
            wrapAndSend(EMPTY); // the alert, if the engine has one to say
        } catch (SSLException ignored) {
            // the peer is gone or speaking something else
        }
        tcp.loseConnection();
    }

    private void abortWith(SSLException e) {
        LOG.log(System.Logger.Level.DEBUG, "TLS error on " + tcp.remoteAddress() + ": " + e.getMessage());
        tcp.abortConnection();
    }

    @Override
    public String toString() {
        return "TlsProtocol[" + (tcp == null ? "unconnected" : tcp.remoteAddress()) + ", "
                + (handshakeDone ? engine.getSession().getProtocol() : "handshaking") + "]";
    }
}
