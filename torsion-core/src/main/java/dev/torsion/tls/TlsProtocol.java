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
 * that wait. Renegotiation is refused (the connection is aborted).
 *
 * <p><b>Buffers.</b> Records are wrapped straight into the TCP transport's output
 * ({@link Transport#claimWrite}: on an event loop, its direct staging buffer), so a write allocates nothing.
 * Plaintext written during a read (and a gathered header and payload) is wrapped together, into as few
 * records as possible, when the read is done; outside a read, at once. Plaintext claims and the buffer
 * records are decrypted into are shared by the TLS connections of a thread ({@link TlsStaging}); the
 * ciphertext input buffer exists only while a record is incomplete. An idle TLS connection holds no buffer
 * of its own beyond the engine's.
 *
 * <p><b>Threading.</b> Protocol callbacks run on the connection's event loop; the Transport methods may be
 * called from any thread and hop onto the loop ({@link #claimWrite}/{@link #commitWrite} excepted: loop
 * only); {@link #bufferedAmount()} counts the bytes of writes still hopping.
 *
 * <p><b>Lifecycle.</b> One per connection. {@link #loseConnection()} sends close_notify after the queued
 * data, then closes TCP. A peer's close_notify is treated as an orderly end; an EOF without it is reported to
 * the application as {@link ConnectionLost} ("truncated").
 */
public final class TlsProtocol implements Protocol, Transport {

    private static final System.Logger LOG = System.getLogger(TlsProtocol.class.getName());
    private static final ByteBuffer[] EMPTY_PARTS = new ByteBuffer[0];
    /** The largest plaintext one TLS record carries. */
    private static final int MAX_RECORD_PLAINTEXT = 16384;
    /** Records wrapped into one claim of the TCP output, at most. */
    private static final int MAX_RECORDS_PER_CLAIM = 4;

    private final SSLEngine engine;
    /** The protocol above TLS; replaced only by {@link #switchProtocol}, on the loop. */
    private Protocol application;
    private final CompletableFuture<SSLSession> handshake = new CompletableFuture<>();
    /** Writes made before the handshake finished, in order; null when there are none (an idle connection). */
    private ArrayDeque<ByteBuffer> pendingPlaintext;
    // Flush notices (loop only): plaintext written and wrapped so far, the mark the application waits for
    // (-1: none) until it is wrapped, and whether the TCP transport's notice for its records is awaited.
    private long plainWritten;
    private long plainWrapped;
    private long flushTarget = -1;
    private boolean awaitingTcpFlush;
    private final Duration handshakeTimeout;
    /** Set once, in connectionMade, on the loop; read by other threads through the Transport methods. */
    private volatile Transport tcp;
    private DelayedCall handshakeTimer;
    /** Ciphertext of an incomplete record (write mode), or null. */
    private ByteBuffer netIn;
    /** The ciphertext being unwrapped during a read (read mode): the caller's buffer or {@link #netIn}. */
    private ByteBuffer in;
    /** The decrypt buffer size to ask for (grows if the engine asks for more). */
    private int appInSize;
    private boolean handshakeDone;
    private boolean applicationMade;
    /** True while handling a read: writes gather and are wrapped together at its end. */
    private boolean inRead;
    private volatile boolean closing;
    private boolean closeNotifyReceived;
    /** Whether the application's eofReceived was called, and what it answered (it is called at most once). */
    private boolean applicationEofDelivered;
    private boolean applicationHalfOpen;
    private volatile boolean lost;
    private boolean truncated;
    /**
     * Plaintext written and not yet wrapped (before the handshake, gathered during a read) plus the bytes of
     * writes still hopping from other threads; updated through {@link #PENDING}.
     */
    private volatile long pendingBytes;
    private static final java.lang.invoke.VarHandle PENDING;

    static {
        try {
            PENDING = java.lang.invoke.MethodHandles.lookup().findVarHandle(TlsProtocol.class, "pendingBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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

    /** True while part of a record is kept for the next read. Loop thread; for tests. */
    boolean holdsInputBuffer() {
        return netIn != null;
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
        if (netIn != null && netIn.position() > 0) {
            ensureNetIn(data.remaining());
            netIn.put(data);
            in = netIn.flip();
        } else {
            in = data; // whole records are unwrapped from the caller's buffer, with no copy
        }
        inRead = true;
        try {
            pump();
        } catch (SSLException e) {
            failHandshakeOrAbort(e);
        } finally {
            inRead = false;
            keepIncompleteRecord(data);
            wrapPending();
        }
    }

    /** After a read: what is left of the input is the start of a record; keep it for the next read. */
    private void keepIncompleteRecord(ByteBuffer data) {
        ByteBuffer rest = in;
        in = null;
        if (lost) {
            netIn = null;
            return;
        }
        if (rest == netIn && netIn != null) {
            netIn.compact();
        } else if (data.hasRemaining()) {
            ensureNetIn(data.remaining());
            netIn.put(data);
        }
        releaseNetInIfEmpty();
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
        long dropped = 0;
        if (pendingPlaintext != null) {
            for (ByteBuffer b : pendingPlaintext) {
                dropped += b.remaining();
            }
            pendingPlaintext = null;
        }
        TlsStaging staging = TlsStaging.current();
        if (staging.ownedBy(this)) {
            dropped += staging.pendingBytes();
            staging.release();
        }
        addPending(-dropped);
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
            long n = data.remaining();
            addPending(n);
            hop(() -> {
                addPending(-n);
                write(data);
            }, n);
            return;
        }
        if (closing || lost || !data.hasRemaining()) {
            return;
        }
        plainWritten += data.remaining();
        gather(data);
        if (!inRead) {
            wrapPending();
        }
    }

    @Override
    public void write(ByteBuffer... data) {
        if (!scheduler().inEventLoop()) {
            long n = 0;
            for (ByteBuffer b : data) {
                n += b.remaining();
            }
            long total = n;
            addPending(total);
            hop(() -> {
                addPending(-total);
                write(data);
            }, total);
            return;
        }
        if (closing || lost) {
            return;
        }
        for (ByteBuffer b : data) {
            if (b.hasRemaining()) {
                plainWritten += b.remaining();
                gather(b);
            }
        }
        if (!inRead) {
            wrapPending(); // header and payload in one record where they fit
        }
    }

    /**
     * Room in the thread's shared plaintext buffer for the application to encode {@code size} bytes into;
     * see {@link Transport#claimWrite}. Before the handshake, after a close, or beyond the shared buffer's
     * size it is a heap buffer of its own.
     */
    @Override
    public ByteBuffer claimWrite(int size) {
        if (!scheduler().inEventLoop()) {
            throw new IllegalStateException("claimWrite: call it on the connection's event loop, not on "
                    + Thread.currentThread().getName());
        }
        TlsStaging staging = TlsStaging.current();
        if (staging.claimOpen()) {
            // A protocol on this thread claimed and never committed (it threw in between): drop that claim
            // rather than refuse every TLS connection of the thread from now on.
            LOG.log(System.Logger.Level.WARNING, "claimWrite: dropping a TLS claim that was never committed");
            staging.abandonClaim();
        }
        if (size <= TlsStaging.CAPACITY && handshakeDone && !closing && !lost && staging.own(this)) {
            if (!staging.hasRoom(size)) {
                wrapPending();
            }
            if (staging.own(this) && staging.hasRoom(size)) {
                return staging.claim(size);
            }
        }
        return ByteBuffer.allocate(size);
    }

    @Override
    public void commitWrite(ByteBuffer claimed) {
        TlsStaging staging = TlsStaging.current();
        if (staging.isClaim(claimed)) {
            long n = staging.commit();
            plainWritten += n;
            addPending(n);
            if (!inRead) {
                wrapPending();
            }
            return;
        }
        claimed.flip();
        write(claimed);
    }

    /** Adds plaintext to this connection's output: queued before the handshake, else gathered for wrapping. */
    private void gather(ByteBuffer data) {
        long n = data.remaining();
        addPending(n);
        if (!handshakeDone || pendingPlaintext != null) {
            if (pendingPlaintext == null) {
                pendingPlaintext = new ArrayDeque<>(4);
            }
            pendingPlaintext.add(data);
            return;
        }
        TlsStaging staging = TlsStaging.current();
        boolean copy = n <= TlsStaging.COPY_LIMIT;
        if (staging.own(this) && !staging.hasRoom(copy ? (int) n : 0)) {
            wrapPending();
        }
        if (staging.own(this)) {
            if (copy) {
                staging.copy(data); // small writes join one contiguous run: fewer parts, fewer records
            } else {
                staging.add(data);
            }
            return;
        }
        // The staging is busy wrapping (a write from a callback deep inside another wrap): wrap this alone.
        try {
            wrapToTcp(new ByteBuffer[] {data}, 1);
        } catch (SSLException e) {
            abortWith(e);
        } finally {
            addPending(-n);
        }
    }

    /** Wraps the plaintext this connection has gathered, into as few records as the engine allows. */
    void wrapPending() {
        TlsStaging staging = TlsStaging.current();
        if (!staging.ownedBy(this)) {
            return;
        }
        long gathered = staging.pendingBytes();
        if (gathered > 0 && !lost) {
            staging.busy(true);
            try {
                wrapToTcp(staging.parts(), staging.count());
            } catch (SSLException e) {
                abortWith(e);
            } finally {
                staging.busy(false);
            }
        }
        staging.release();
        addPending(-gathered);
    }

    private void addPending(long delta) {
        PENDING.getAndAdd(this, delta);
    }

    private void hop(Runnable task, long bytes) {
        try {
            scheduler().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            addPending(-bytes); // the loop has stopped, and the connection with it
        }
    }

    @Override
    public void loseConnection() {
        if (!scheduler().inEventLoop()) {
            hop(this::loseConnection, 0);
            return;
        }
        if (closing || lost) {
            return;
        }
        wrapPending(); // what was written goes before close_notify
        closing = true;
        if (!handshakeDone) {
            tcp.loseConnection();
            return;
        }
        engine.closeOutbound();
        try {
            wrapToTcp(EMPTY_PARTS, 0);
        } catch (SSLException e) {
            LOG.log(System.Logger.Level.DEBUG, "sending close_notify failed", e);
        }
        tcp.loseConnection();
    }

    @Override
    public void abortConnection() {
        tcp.abortConnection();
    }

    @Override
    public long writeMark() {
        return plainWritten;
    }

    /**
     * True once the plaintext up to {@code mark} was wrapped and its records handed to the operating system;
     * otherwise the application's {@link Protocol#outputFlushed()} comes when they have been.
     */
    @Override
    public boolean notifyFlushed(long mark) {
        if (lost) {
            return false;
        }
        if (plainWrapped < mark) {
            flushTarget = mark;   // still gathered (or waiting for the handshake): see wrapToTcp
            return false;
        }
        if (!awaitingTcpFlush && tcp.notifyFlushed(tcp.writeMark())) {
            return true;
        }
        awaitingTcpFlush = true;
        return false;
    }

    /** The TCP transport's notice: the records asked about have left. */
    @Override
    public void outputFlushed() {
        if (awaitingTcpFlush && !lost) {
            awaitingTcpFlush = false;
            if (applicationMade) {
                application.outputFlushed();
            }
        }
    }

    /** The application protocol above TLS is replaced; TLS itself stays in place. */
    /** The protocol ALPN agreed on in the handshake, or null (none offered, none in common, not yet done). */
    @Override
    public String applicationProtocol() {
        String agreed = engine.getApplicationProtocol();
        return agreed == null || agreed.isEmpty() ? null : agreed;
    }

    @Override
    public void switchProtocol(Protocol next) {
        this.application = java.util.Objects.requireNonNull(next, "next");
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

    /** The engine's session once the handshake is done (null before). */
    @Override
    public javax.net.ssl.SSLSession sslSession() {
        return handshakeDone ? engine.getSession() : null;
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
                    wrapPending();
                    wrapToTcp(EMPTY_PARTS, 0);
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
                    if (in == null || !in.hasRemaining() || !unwrapOnce()) {
                        return;
                    }
            }
        }
    }

    /** Unwraps one record from the input; false when more bytes are needed (or the engine closed). */
    private boolean unwrapOnce() throws SSLException {
        if (in == null || !in.hasRemaining()) {
            return false;
        }
        TlsStaging staging = TlsStaging.current();
        if (appInSize == 0) {
            appInSize = engine.getSession().getApplicationBufferSize();
        }
        ByteBuffer out = staging.takeAppIn(appInSize);
        try {
            SSLEngineResult result = engine.unwrap(in, out);
            switch (result.getStatus()) {
                case BUFFER_UNDERFLOW:
                    return false;
                case BUFFER_OVERFLOW:
                    appInSize += engine.getSession().getApplicationBufferSize();
                    return true;
                case CLOSED:
                    closeNotifyReceived = true;
                    deliver(out);
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
                    return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
            }
        } finally {
            staging.returnAppIn(out);
        }
    }

    private void deliver(ByteBuffer out) {
        out.flip();
        if (out.hasRemaining() && applicationMade && !lost) {
            application.dataReceived(out);
        }
        out.clear();
    }

    /**
     * Wraps {@code count} plaintext parts (none: a handshake message, an alert or close_notify) straight into
     * the TCP transport's output: each claim holds a few records, each record as much of the parts as fits.
     */
    private void wrapToTcp(ByteBuffer[] parts, int count) throws SSLException {
        try {
            wrapRecords(parts, count);
        } finally {
            if (flushTarget >= 0 && plainWrapped >= flushTarget) {
                flushTarget = -1;
                awaitTcpFlush();
            }
        }
    }

    /** The records that carry the plaintext asked about are in the TCP output: wait for them to leave. */
    private void awaitTcpFlush() {
        awaitingTcpFlush = true;
        if (tcp.notifyFlushed(tcp.writeMark())) {
            // already sent; tell the application from the loop, not from inside the write that got here
            scheduler().execute(this::outputFlushed);
        }
    }

    private void wrapRecords(ByteBuffer[] parts, int count) throws SSLException {
        Transport out = tcp;
        int packet = engine.getSession().getPacketBufferSize();
        long plain = 0;
        for (int i = 0; i < count; i++) {
            plain += parts[i].remaining();
        }
        int offset = 0;
        int records = 1;
        boolean first = true;
        while (first || plain > 0 || !handshakeDone && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            first = false;
            while (offset < count && !parts[offset].hasRemaining()) {
                offset++;
            }
            records = (int) Math.max(records, Math.min(MAX_RECORDS_PER_CLAIM, plain / MAX_RECORD_PLAINTEXT + 1));
            ByteBuffer dst = out.claimWrite(records * packet);
            int start = dst.position();
            boolean done = false;
            int wrote = 0;
            try {
                while (dst.remaining() >= packet) {
                    SSLEngineResult result = engine.wrap(parts, offset, count - offset, dst);
                    plain -= result.bytesConsumed();
                    plainWrapped += result.bytesConsumed();
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        break;
                    }
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED
                            || result.bytesProduced() == 0 && result.bytesConsumed() == 0) {
                        done = true;
                        break;
                    }
                    while (offset < count && !parts[offset].hasRemaining()) {
                        offset++;
                    }
                    if (plain == 0 && (handshakeDone
                            || engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP)) {
                        break;
                    }
                }
            } finally {
                // What was written is read off before the commit: after it the buffer is the transport's
                // (a pooled chunk's position moves back to its unsent bytes).
                wrote = dst.position() - start;
                out.commitWrite(dst);
            }
            if (done) {
                return;
            }
            if (wrote == 0) {
                // Not even one record fitted: ask for more room next time, within reason.
                if (records >= 4 * MAX_RECORDS_PER_CLAIM) {
                    throw new SSLException("TLS: the engine wrote no record into " + records * packet + " bytes");
                }
                records *= 2;
            }
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
        // What was written before the handshake finished goes out now, in order, wrapped together.
        if (pendingPlaintext != null && !closing && !lost) {
            ByteBuffer[] early = pendingPlaintext.toArray(new ByteBuffer[0]);
            pendingPlaintext = null;
            for (ByteBuffer b : early) {
                addPending(-b.remaining());
                gather(b);
            }
        }
        if (!inRead) {
            wrapPending();
        }
    }

    private boolean isTls12OrOlder() {
        String p = engine.getSession().getProtocol();
        return !"TLSv1.3".equals(p);
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
            wrapToTcp(EMPTY_PARTS, 0); // the alert, if the engine has one to say
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
