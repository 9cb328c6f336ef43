package dev.torsion.testing;

import dev.torsion.reactor.ConnectionDone;
import dev.torsion.reactor.ConnectionLost;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Scheduler;
import dev.torsion.reactor.Transport;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * An in-memory {@link Transport} that records what its protocol writes (Twisted's {@code StringTransport}),
 * for sans-I/O tests of protocols.
 *
 * <p>A test {@link #connect connects} a protocol, feeds it bytes with {@link #receive}, reads what it wrote
 * with {@link #written()} or {@link #takeWritten()}, and simulates the peer's EOF ({@link #receiveEof()}),
 * a full socket ({@link #setSocketBlocked}: writes queue up and the watermarks fire) and the connection's
 * end ({@link #simulateConnectionLost}). Pausing is honoured: bytes received while paused are held back
 * until {@link #resumeReading()}.
 *
 * <p>{@link #loseConnection()} and {@link #abortConnection()} only record the request (see
 * {@link #isDisconnecting()}, {@link #isAborted()}); the protocol's {@link Protocol#connectionLost} is called
 * when the queued bytes are flushed after a loseConnection, at an abort, or by {@link #simulateConnectionLost}.
 * It is called at most once.
 *
 * <p><b>Threading.</b> As {@link Transport} promises, the transport's methods may be called from any thread:
 * on the scheduler's thread (the event loop; for a {@link FakeClock}, the thread that made it) they take
 * effect at once, from other threads they hop onto the loop with {@link Scheduler#execute} and take effect,
 * in each thread's order, when the loop runs its tasks ({@link FakeClock#runPending()}). So a protocol that
 * writes from another thread is caught: its bytes are not there until the loop has run. The queries
 * ({@link #bufferedAmount()}, {@link #isWritable()}, {@link #isOpen()}) answer from any thread.
 * {@link #switchProtocol}, {@link #claimWrite}/{@link #commitWrite} (loop-only in {@link Transport} too) and the test's controls ({@link #connect}, {@link #receive},
 * {@link #written()}, {@link #setSocketBlocked}, ...) belong to the loop's thread and throw
 * {@link IllegalStateException} naming the thread elsewhere.
 */
public final class MemoryTransport implements Transport {

    private final Scheduler scheduler;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final ArrayDeque<ByteBuffer> socketQueue = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> heldInput = new ArrayDeque<>();
    private volatile Protocol protocol;
    private volatile long buffered;
    /** Bytes written so far (the write mark) and the mark a notifyFlushed waits for (-1: none). */
    private long writtenTotal;
    private long flushTarget = -1;
    private int lowWatermark = 32 * 1024;
    private int highWatermark = 64 * 1024;
    private volatile boolean writable = true;
    private boolean socketBlocked;
    private volatile boolean paused;
    private volatile boolean disconnecting;
    private volatile boolean aborted;
    private volatile boolean eofReceived;
    private volatile boolean lost;
    private volatile Throwable lostReason;

    /** A transport on a new {@link FakeClock}, between 127.0.0.1:8080 (local) and 127.0.0.1:50000 (peer). */
    public MemoryTransport() {
        this(new FakeClock());
    }

    /** A transport whose timers and hops go to {@code scheduler}. */
    public MemoryTransport(Scheduler scheduler) {
        this(scheduler, new InetSocketAddress("127.0.0.1", 8080), new InetSocketAddress("127.0.0.1", 50000));
    }

    /** A transport with the given scheduler and addresses. */
    public MemoryTransport(Scheduler scheduler, SocketAddress local, SocketAddress remote) {
        this.scheduler = scheduler;
        this.local = local;
        this.remote = remote;
    }

    /** Attaches {@code protocol} and calls its {@link Protocol#connectionMade}; returns this transport. */
    public MemoryTransport connect(Protocol protocol) {
        requireLoop("connect");
        if (this.protocol != null) {
            throw new IllegalStateException("connect: a protocol is already connected to this transport");
        }
        this.protocol = protocol;
        protocol.connectionMade(this);
        return this;
    }

    @Override
    public void switchProtocol(Protocol next) {
        requireLoop("switchProtocol"); // the one Transport call that is for the loop only
        requireConnected("switchProtocol");
        this.protocol = java.util.Objects.requireNonNull(next, "next");
    }

    /** The protocol connected to this transport, or null. */
    public Protocol protocol() {
        return protocol;
    }

    /**
     * Delivers a copy of {@code data} to the protocol as one {@link Protocol#dataReceived} call (held while
     * paused); the caller's array is not changed, even by a protocol that works on its input in place.
     */
    public void receive(byte[] data) {
        receive(ByteBuffer.wrap(data.clone()));
    }

    /**
     * Delivers the buffer's remaining bytes as one {@link Protocol#dataReceived} call (held while paused). Like
     * the reactor's read buffer, the buffer is the protocol's during the call: it may change the bytes in place.
     */
    public void receive(ByteBuffer data) {
        requireLoop("receive");
        requireConnected("receive");
        if (lost) {
            return;
        }
        if (paused || !heldInput.isEmpty()) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            heldInput.add(copy);
            return;
        }
        protocol.dataReceived(data);
    }

    /** Delivers copies of {@code data} in pieces of {@code chunkSize} bytes, one {@link Protocol#dataReceived} each. */
    public void receiveInChunks(byte[] data, int chunkSize) {
        for (int i = 0; i < data.length; i += chunkSize) {
            int n = Math.min(chunkSize, data.length - i);
            receive(ByteBuffer.wrap(java.util.Arrays.copyOfRange(data, i, i + n)));
        }
    }

    /** Delivers UTF-8 bytes of {@code text}. */
    public void receive(String text) {
        receive(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Simulates the peer's EOF: calls {@link Protocol#eofReceived()} and, if the protocol does not keep the
     * connection half-open, loses the connection as the real reactor does.
     */
    public void receiveEof() {
        requireLoop("receiveEof");
        requireConnected("receiveEof");
        if (lost || eofReceived) {
            return;
        }
        eofReceived = true;
        if (!protocol.eofReceived()) {
            loseConnection();
        }
    }

    /** True once {@link #receiveEof()} was called. */
    public boolean eofWasReceived() {
        return eofReceived;
    }

    @Override
    public void write(ByteBuffer data) {
        if (!scheduler.inEventLoop()) {
            scheduler.execute(() -> write(data));
            return;
        }
        if (disconnecting || lost) {
            return;
        }
        int n = data.remaining();
        writtenTotal += n;
        if (socketBlocked) {
            ByteBuffer copy = ByteBuffer.allocate(n);
            copy.put(data).flip();
            socketQueue.add(copy);
            buffered += n;
            if (writable && buffered > highWatermark) {
                writable = false;
                protocol.writabilityChanged(false);
            }
        } else {
            copyOut(data);
        }
    }

    @Override
    public void write(ByteBuffer... data) {
        if (!scheduler.inEventLoop()) {
            scheduler.execute(() -> write(data));
            return;
        }
        for (ByteBuffer b : data) {
            write(b);
        }
    }

    /**
     * Makes the simulated socket full ({@code true}: writes are queued, counted in {@link #bufferedAmount()}
     * and drive the watermarks) or drains it ({@code false}: queued bytes are "sent" and writability returns).
     */
    public void setSocketBlocked(boolean blocked) {
        requireLoop("setSocketBlocked");
        socketBlocked = blocked;
        if (!blocked) {
            ByteBuffer b;
            while ((b = socketQueue.poll()) != null) {
                buffered -= b.remaining();
                copyOut(b);
            }
            buffered = 0;
            if (!writable && buffered <= lowWatermark) {
                writable = true;
                if (!lost) {
                    protocol.writabilityChanged(true);
                }
            }
            if (flushTarget >= 0 && writtenTotal - buffered >= flushTarget && !lost) {
                flushTarget = -1;
                protocol.outputFlushed();
            }
            if (disconnecting && !lost) {
                finish(new ConnectionDone("closed locally"));
            }
        }
    }

    /** Every byte written so far and not yet taken (queued bytes of a blocked socket not included). */
    public byte[] written() {
        requireLoop("written");
        return written.toByteArray();
    }

    /** What was written so far, decoded as UTF-8. */
    public String writtenText() {
        requireLoop("writtenText");
        return written.toString(StandardCharsets.UTF_8);
    }

    /** Returns the bytes written so far and forgets them. */
    public byte[] takeWritten() {
        requireLoop("takeWritten");
        byte[] out = written.toByteArray();
        written.reset();
        return out;
    }

    /** Forgets the bytes written so far. */
    public void clear() {
        requireLoop("clear");
        written.reset();
    }

    @Override
    public void loseConnection() {
        if (!scheduler.inEventLoop()) {
            scheduler.execute(() -> loseConnection());
            return;
        }
        if (disconnecting || lost) {
            return;
        }
        disconnecting = true;
        if (socketQueue.isEmpty()) {
            finish(new ConnectionDone("closed locally"));
        }
    }

    @Override
    public void abortConnection() {
        if (!scheduler.inEventLoop()) {
            scheduler.execute(() -> abortConnection());
            return;
        }
        if (lost) {
            return;
        }
        aborted = true;
        disconnecting = true;
        socketQueue.clear();
        buffered = 0;
        finish(new ConnectionLost("connection aborted locally"));
    }

    /** Ends the connection as if the network did (reset, peer close): calls connectionLost once. */
    public void simulateConnectionLost(Throwable reason) {
        requireLoop("simulateConnectionLost");
        disconnecting = true;
        finish(reason);
    }

    /** True once the protocol asked to close (loseConnection or abort), or the connection was lost. */
    public boolean isDisconnecting() {
        return disconnecting;
    }

    /** True once the protocol called {@link #abortConnection()}. */
    public boolean isAborted() {
        return aborted;
    }

    /** True once the protocol's connectionLost was called. */
    public boolean isLost() {
        return lost;
    }

    /** The reason given to connectionLost, or null while the connection lives. */
    public Throwable lostReason() {
        return lostReason;
    }

    @Override
    public void pauseReading() {
        if (!scheduler.inEventLoop()) {
            scheduler.execute(() -> pauseReading());
            return;
        }
        paused = true;
    }

    @Override
    public void resumeReading() {
        if (!scheduler.inEventLoop()) {
            scheduler.execute(() -> resumeReading());
            return;
        }
        paused = false;
        ByteBuffer b;
        while (!paused && !lost && (b = heldInput.poll()) != null) {
            protocol.dataReceived(b);
        }
    }

    /** True while reading is paused. */
    public boolean isReadingPaused() {
        return paused;
    }

    @Override
    public long bufferedAmount() {
        return buffered;
    }

    /** Bytes written so far; bytes count as handed over once they are in {@link #written()} (not queued). */
    @Override
    public long writeMark() {
        requireLoop("writeMark");
        return writtenTotal;
    }

    @Override
    public boolean notifyFlushed(long mark) {
        requireLoop("notifyFlushed");
        if (lost) {
            return false;
        }
        if (writtenTotal - buffered >= mark) {
            return true;
        }
        flushTarget = mark;
        return false;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void setWatermarks(int low, int high) {
        if (!scheduler.inEventLoop()) {
            scheduler.execute(() -> setWatermarks(low, high));
            return;
        }
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("setWatermarks: need 0 <= low <= high, got low=" + low + " high=" + high);
        }
        lowWatermark = low;
        highWatermark = high;
    }

    @Override
    public boolean isOpen() {
        return !disconnecting && !lost;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public ByteBuffer claimWrite(int size) {
        requireLoop("claimWrite");
        return Transport.super.claimWrite(size);
    }

    @Override
    public void commitWrite(ByteBuffer claimed) {
        requireLoop("commitWrite");
        Transport.super.commitWrite(claimed);
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    private void copyOut(ByteBuffer data) {
        if (data.hasArray()) {
            written.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
        } else {
            byte[] tmp = new byte[data.remaining()];
            data.get(tmp);
            written.write(tmp, 0, tmp.length);
        }
    }

    private void finish(Throwable reason) {
        if (lost) {
            return;
        }
        lost = true;
        lostReason = reason;
        if (protocol != null) {
            protocol.connectionLost(reason);
        }
    }

    private void requireLoop(String call) {
        if (!scheduler.inEventLoop()) {
            throw new IllegalStateException("MemoryTransport." + call + ": called from thread '"
                    + Thread.currentThread().getName() + "', off the transport's event loop (for a FakeClock, the "
                    + "thread that made it); only the Transport methods may be called from other threads");
        }
    }

    private void requireConnected(String call) {
        if (protocol == null) {
            throw new IllegalStateException(call + ": no protocol connected; call connect(protocol) first");
        }
    }
}
