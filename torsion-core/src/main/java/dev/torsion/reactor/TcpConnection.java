package dev.torsion.reactor;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * A TCP connection on an {@link EventLoop}: the {@link Transport} its {@link Protocol} writes to.
 *
 * <p>Reads go into the loop's shared read buffer and are handed to the protocol at once. Writes made on the
 * loop go through the loop's {@link WriteStaging}: claims ({@link #claimWrite}) and small heap buffers are
 * put straight into its direct staging buffer, direct and large buffers are kept as they are, and the lot is
 * sent with one gathering write at the end of the callback that wrote it (a read batch, a task batch, a
 * timer), or earlier when the staging fills or another connection of the loop starts writing. Only what the
 * socket did not take is queued on the connection: staged bytes copied into pooled direct buffers, the
 * caller's buffers as they are; the queue is flushed with gathering writes when the socket becomes writable
 * and dropped once drained, so an idle connection holds no output buffer and no queue.
 *
 * <p><b>Threading.</b> Every {@link Transport} method may be called from any thread; calls from other threads
 * hop onto the loop. All protocol callbacks run on the loop.
 *
 * <p><b>Lifecycle.</b> OPEN, then CLOSING after {@link #loseConnection()} while queued bytes drain, then
 * CLOSED; {@link Protocol#connectionLost} is delivered once, after the callback that closed the connection
 * has returned.
 */
final class TcpConnection implements Transport, IoHandler {

    private static final System.Logger LOG = System.getLogger(TcpConnection.class.getName());
    private static final int MAX_READS_PER_WAKEUP = 16;

    private enum State { OPEN, CLOSING, CLOSED }

    private final EventLoop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    /** The protocol; replaced only by {@link #switchProtocol}, on the loop. */
    private Protocol protocol;
    private final SocketAddress localAddress;
    private final SocketAddress remoteAddress;
    private final WriteStaging staging;
    /**
     * Output the socket did not take, in write order (ByteBuffers, pooled Chunks, FileRegions); null while
     * nothing waits for the socket. While it is not null new writes join it rather than the staging.
     */
    private EntryQueue queue;
    /**
     * Staged and queued bytes: written by the loop only (a release store, no atomic instruction per write),
     * read by any thread; see {@link #BUFFERED}.
     */
    private volatile long buffered;
    /** Bytes of writes from other threads still hopping onto the loop (atomic: several threads add). */
    private volatile long hopping;
    private static final java.lang.invoke.VarHandle BUFFERED;
    private static final java.lang.invoke.VarHandle HOPPING;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
            BUFFERED = lookup.findVarHandle(TcpConnection.class, "buffered", long.class);
            HOPPING = lookup.findVarHandle(TcpConnection.class, "hopping", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** Bytes written on the loop since the connection was made (its {@link #writeMark()}); loop only. */
    private long written;
    /** The mark a {@link #notifyFlushed} waits for, or -1; loop only. */
    private long flushTarget = -1;
    private volatile State state = State.OPEN;
    private volatile boolean writable = true;
    private int lowWatermark;
    private int highWatermark;
    private boolean readPaused;
    private boolean inputShut;
    private boolean closedByPeer;

    TcpConnection(EventLoop loop, SocketChannel channel, SelectionKey key, Protocol protocol) throws IOException {
        this.loop = loop;
        this.staging = loop.staging();
        this.channel = channel;
        this.key = key;
        this.protocol = protocol;
        this.localAddress = channel.getLocalAddress();
        this.remoteAddress = channel.getRemoteAddress();
        this.lowWatermark = loop.config().lowWatermark();
        this.highWatermark = loop.config().highWatermark();
    }

    /** Tells the protocol it is connected. Loop thread. */
    void start() {
        try {
            protocol.connectionMade(this);
        } catch (Throwable t) {
            callbackFailed("connectionMade", t);
        }
    }

    Protocol protocol() {
        return protocol;
    }

    /** True while output waits for the socket (a queue exists). Loop thread; for tests. */
    boolean hasQueue() {
        return queue != null;
    }

    // ---- I/O readiness -------------------------------------------------------------------------------

    @Override
    public void ready(SelectionKey key, int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && state != State.CLOSED) {
            flushQueue();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && state != State.CLOSED) {
            read();
        }
    }

    @Override
    public void loopClosing() {
        close(new ConnectionLost("the reactor stopped"), true);
    }

    /** Hands what the socket has to the protocol; its writes are sent when the loop flushes the staging. */
    private void read() {
        readBatch();
    }

    private void readBatch() {
        ByteBuffer buffer = loop.readBuffer();
        for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                close(new ConnectionLost("connection lost while reading: " + e.getMessage(), e), true);
                return;
            }
            if (n < 0) {
                eof();
                return;
            }
            if (n == 0) {
                return;
            }
            buffer.flip();
            try {
                protocol.dataReceived(buffer);
            } catch (Throwable t) {
                callbackFailed("dataReceived", t);
                return;
            }
            if (state == State.CLOSED || readPaused || n < buffer.capacity()) {
                return;
            }
        }
    }

    private void eof() {
        inputShut = true;
        setInterest(SelectionKey.OP_READ, false);
        boolean stayOpen;
        try {
            stayOpen = protocol.eofReceived();
        } catch (Throwable t) {
            callbackFailed("eofReceived", t);
            return;
        }
        if (!stayOpen) {
            closedByPeer = true;
            loseConnection();
        }
    }

    /** Sends queued output now that the socket is writable again. */
    private void flushQueue() {
        EntryQueue q = queue;
        if (q == null) {
            setInterest(SelectionKey.OP_WRITE, false);
            return;
        }
        addBuffered(-staging.write(q, channel));
        if (writeFailed()) {
            return;
        }
        if (q.isEmpty()) {
            queue = null;
            setInterest(SelectionKey.OP_WRITE, false);
            if (state == State.CLOSING) {
                closeDone();
                return;
            }
        }
        checkLowWatermark();
        checkFlushed();
    }

    /**
     * Sends this connection's staged output (it is the staging's owner) and moves what the socket did not
     * take to its queue. No protocol callback runs here; see {@link #unstage()}.
     */
    private void sendStaged() {
        EntryQueue pending = staging.pending();
        addBuffered(-staging.write(pending, channel));
        if (writeFailed()) {
            return;
        }
        if (!pending.isEmpty()) {
            if (queue == null) {
                queue = new EntryQueue(4);
            }
            staging.movePendingTo(queue);
            setInterest(SelectionKey.OP_WRITE, true);
        }
        staging.release();
    }

    /** After a write: if it failed, aborts the connection (dropping and uncounting the rest) and says so. */
    private boolean writeFailed() {
        IOException e = staging.takeFailure();
        if (e == null) {
            return false;
        }
        close(new ConnectionLost("connection lost while writing: " + e.getMessage(), e), true);
        return true;
    }

    /**
     * Called by the staging when this connection's staged output must go: at the end of the callback that
     * wrote it, or because another connection starts writing. Sends it, then waits for the socket if it is
     * full, closes if a close was waiting for the output, and tells the protocol of watermark crossings.
     */
    void unstage() {
        sendStaged();
        if (state == State.CLOSED) {
            return;
        }
        if (queue != null) {
            setInterest(SelectionKey.OP_WRITE, true);
            checkHighWatermark();
        } else if (state == State.CLOSING) {
            closeDone();
            return;
        } else {
            checkLowWatermark();
        }
        checkFlushed();
    }

    // ---- Transport -----------------------------------------------------------------------------------

    @Override
    public void write(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        if (!loop.inEventLoop()) {
            addHopping(n);
            hop(() -> {
                addHopping(-n);
                write(data);
            }, n);
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        writeOnLoop(data);
        checkHighWatermark();
    }

    @Override
    public void write(ByteBuffer... data) {
        if (!loop.inEventLoop()) {
            long n = 0;
            for (ByteBuffer b : data) {
                n += b.remaining();
            }
            long total = n;
            addHopping(total);
            hop(() -> {
                addHopping(-total);
                write(data);
            }, total);
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        for (ByteBuffer b : data) {
            if (b.hasRemaining()) {
                writeOnLoop(b);
            }
        }
        checkHighWatermark();
    }

    /**
     * Adds a buffer (with bytes) to the output, on the loop, with no protocol callback: to the queue when the
     * socket is full, else to the staging (copied into it when small and on the heap).
     */
    private void writeOnLoop(ByteBuffer data) {
        int n = data.remaining();
        if (queue == null) {
            staging.own(this);
            if (data.isDirect() || n > WriteStaging.COPY_LIMIT) {
                staging.add(data);
                addBuffered(n);
                return;
            }
            if (staging.free() < n || !staging.hasRangeRoom()) {
                sendStaged();
                if (state != State.OPEN) {
                    return; // the connection broke while sending: this write is dropped, as after a close
                }
            }
            if (queue == null) {
                staging.own(this);
                staging.stageCopy(data);
                addBuffered(n);
                return;
            }
        }
        if (!data.isDirect() && n <= BufferPool.MIN_SIZE) {
            staging.appendCopy(queue, data, data.position(), n);
            data.position(data.limit());
        } else {
            queue.addLast(data);
        }
        addBuffered(n);
    }

    /**
     * Room in the loop's direct staging buffer, or at the tail of the queue when the socket is full, for a
     * protocol to encode {@code size} bytes into: see {@link Transport#claimWrite}. A claim larger than the
     * staging buffer gets a pooled direct buffer of its own (a heap buffer beyond {@link BufferPool#MAX_SIZE}).
     */
    @Override
    public ByteBuffer claimWrite(int size) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("claimWrite: call it on the connection's event loop, not on "
                    + Thread.currentThread().getName());
        }
        if (size < 0) {
            throw new IllegalArgumentException("claimWrite: negative size " + size);
        }
        if (staging.claimOpen()) {
            throw new IllegalStateException("claimWrite: the previous claim on this event loop was not committed");
        }
        if (state != State.OPEN) {
            return staging.claimHeap(this, size); // discarded at commit, as writes after a close are
        }
        if (queue == null && size <= WriteStaging.CAPACITY) {
            staging.own(this);
            if (staging.free() < size || !staging.hasRangeRoom()) {
                sendStaged();
                if (state != State.OPEN) {
                    return staging.claimHeap(this, size);
                }
                if (queue == null) {
                    staging.own(this);
                }
            }
            if (queue == null) {
                return staging.claimStaging(this, size);
            }
        }
        if (size > BufferPool.MAX_SIZE) {
            return staging.claimHeap(this, size);
        }
        Object last = queue == null ? null : queue.peekLast();
        if (last instanceof Chunk && ((Chunk) last).pool != null && ((Chunk) last).room() >= size) {
            return staging.claimChunk(this, (Chunk) last, size);
        }
        return staging.claimChunk(this, staging.pool().take(size), size);
    }

    @Override
    public void commitWrite(ByteBuffer claimed) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("commitWrite: call it on the connection's event loop, not on "
                    + Thread.currentThread().getName());
        }
        Object what = staging.commit(this, claimed);
        int n = staging.committedBytes();
        if (what == null) {
            addBuffered(n); // staged by the commit itself
            return;
        }
        boolean queuedTail = queue != null && queue.peekLast() == what;
        if (state != State.OPEN || n == 0) {
            if (what instanceof Chunk && !queuedTail) {
                ((Chunk) what).release();
            }
            return;
        }
        addBuffered(n);
        if (queuedTail) {
            checkHighWatermark();
        } else if (queue != null) {
            queue.addLast(what);
            checkHighWatermark();
        } else {
            staging.own(this);
            staging.add(what);
        }
    }

    @Override
    public void switchProtocol(Protocol next) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("switchProtocol: call it on the connection's event loop");
        }
        protocol = java.util.Objects.requireNonNull(next, "next");
    }

    @Override
    public boolean supportsSendFile() {
        return true;
    }

    @Override
    public CompletableFuture<Void> sendFile(FileChannel file, long position, long count) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (count < 0 || position < 0) {
            result.completeExceptionally(new IllegalArgumentException("sendFile: negative position or count"));
            return result;
        }
        if (!loop.inEventLoop()) {
            addHopping(count);
            try {
                loop.execute(() -> {
                    addHopping(-count);
                    sendFileOnLoop(new FileRegion(file, position, count, result));
                });
            } catch (RejectedExecutionException e) {
                addHopping(-count);
                result.completeExceptionally(new ConnectionLost("sendFile: the event loop has stopped"));
            }
            return result;
        }
        sendFileOnLoop(new FileRegion(file, position, count, result));
        return result;
    }

    private void sendFileOnLoop(FileRegion region) {
        if (state != State.OPEN) {
            region.result.completeExceptionally(new ConnectionLost("sendFile: the connection is closing or closed"));
            return;
        }
        if (region.isDone()) {
            region.result.complete(null);
            return;
        }
        addBuffered(region.remaining());
        if (queue != null) {
            queue.addLast(region);
            checkHighWatermark();
        } else {
            staging.own(this);
            staging.add(region);
        }
    }

    @Override
    public void loseConnection() {
        if (!loop.inEventLoop()) {
            hop(this::loseConnection);
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSING;
        if (queue == null && staging.owner() != this) {
            closeDone();
        }
    }

    @Override
    public void abortConnection() {
        if (!loop.inEventLoop()) {
            hop(this::abortConnection);
            return;
        }
        resetOnClose();
        close(new ConnectionLost("connection aborted locally"), true);
    }

    /** An abort drops what the kernel still holds too: SO_LINGER 0 makes close send RST at once. */
    private void resetOnClose() {
        try {
            channel.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException ignored) {
            // already closed; nothing to discard
        }
    }

    /** Aborts with a given reason (graceful shutdown's deadline). Loop thread. */
    void abort(Throwable reason) {
        resetOnClose();
        close(reason, true);
    }

    @Override
    public void pauseReading() {
        if (!loop.inEventLoop()) {
            hop(this::pauseReading);
            return;
        }
        readPaused = true;
        setInterest(SelectionKey.OP_READ, false);
    }

    @Override
    public void resumeReading() {
        if (!loop.inEventLoop()) {
            hop(this::resumeReading);
            return;
        }
        readPaused = false;
        if (!inputShut) {
            setInterest(SelectionKey.OP_READ, true);
        }
    }

    @Override
    public long bufferedAmount() {
        return buffered + hopping;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void setWatermarks(int low, int high) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("setWatermarks: need 0 <= low <= high, got low=" + low + " high=" + high);
        }
        if (!loop.inEventLoop()) {
            hop(() -> setWatermarks(low, high));
            return;
        }
        lowWatermark = low;
        highWatermark = high;
        checkHighWatermark();
        checkLowWatermark();
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Scheduler scheduler() {
        return loop;
    }

    @Override
    public String toString() {
        return "TcpConnection[" + localAddress + " <- " + remoteAddress + ", " + state + "]";
    }

    // ---- internals -----------------------------------------------------------------------------------

    /** Drops output entries: pooled chunks go back, file regions fail; returns the bytes they held. */
    private static long dropAll(EntryQueue entries) {
        long dropped = 0;
        Object o;
        while ((o = entries.pollFirst()) != null) {
            if (o instanceof FileRegion) {
                dropped += ((FileRegion) o).remaining();
                ((FileRegion) o).result.completeExceptionally(
                        new ConnectionLost("sendFile: the connection closed before the file was sent"));
            } else if (o instanceof Chunk) {
                dropped += ((Chunk) o).buffer.remaining();
                ((Chunk) o).release();
            } else {
                dropped += ((ByteBuffer) o).remaining();
            }
        }
        return dropped;
    }

    /** Loop thread only. */
    private void addBuffered(long delta) {
        if (delta > 0) {
            written += delta;
        }
        BUFFERED.setRelease(this, (long) BUFFERED.get(this) + delta);
    }

    @Override
    public long writeMark() {
        return written;
    }

    @Override
    public boolean notifyFlushed(long mark) {
        if (state == State.CLOSED) {
            return false;   // what was not sent never will be; connectionLost comes instead of a notice
        }
        if (written - buffered >= mark) {
            return true;
        }
        flushTarget = mark;
        return false;
    }

    /** After output went to the socket: the notice asked for, if its bytes have left. */
    private void checkFlushed() {
        if (flushTarget >= 0 && written - buffered >= flushTarget && state != State.CLOSED) {
            flushTarget = -1;
            try {
                protocol.outputFlushed();
            } catch (Throwable t) {
                callbackFailed("outputFlushed", t);
            }
        }
    }

    private void addHopping(long delta) {
        HOPPING.getAndAdd(this, delta);
    }

    private void checkHighWatermark() {
        if (writable && bufferedAmount() > highWatermark && state != State.CLOSED) {
            writable = false;
            notifyWritability(false);
        }
    }

    private void checkLowWatermark() {
        if (!writable && bufferedAmount() <= lowWatermark && state != State.CLOSED) {
            writable = true;
            notifyWritability(true);
        }
    }

    private void notifyWritability(boolean now) {
        try {
            protocol.writabilityChanged(now);
        } catch (Throwable t) {
            callbackFailed("writabilityChanged", t);
        }
    }

    private void setInterest(int op, boolean on) {
        try {
            if (!key.isValid()) {
                return;
            }
            int ops = key.interestOps();
            int next = on ? ops | op : ops & ~op;
            if (next != ops) {
                key.interestOps(next);
            }
        } catch (CancelledKeyException ignored) {
            // closed concurrently; nothing to change
        }
    }

    private void hop(Runnable task) {
        hop(task, 0);
    }

    /** Hops {@code task} onto the loop; {@code bytes} already counted as hopping are taken off if it cannot. */
    private void hop(Runnable task, long bytes) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // the loop has stopped and the connection with it; the call has nothing left to act on
            addHopping(-bytes);
        }
    }

    private void callbackFailed(String callback, Throwable t) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
        LOG.log(System.Logger.Level.WARNING, "protocol " + protocol.getClass().getName() + "." + callback
                + " threw; aborting " + this, t);
        close(t, true);
    }

    /** Closes once the output is sent: the orderly end. */
    private void closeDone() {
        close(closedByPeer ? new ConnectionDone("connection closed by peer")
                : new ConnectionDone("connection closed locally"), false);
    }

    private void close(Throwable reason, boolean discardOutput) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + this + " failed", e);
        }
        // Only the bytes staged or queued here leave the count: writes still hopping from other threads
        // added theirs and take them off when their hop runs (and finds the connection closed).
        staging.abandonClaim(this);
        long dropped = 0;
        if (staging.owner() == this) {
            dropped += dropAll(staging.pending());
            staging.release();
        }
        if (queue != null) {
            dropped += dropAll(queue);
            queue = null;
        }
        addBuffered(-dropped);
        loop.removed(this);
        Runnable notify = () -> {
            try {
                protocol.connectionLost(reason);
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError) {
                    throw (VirtualMachineError) t;
                }
                LOG.log(System.Logger.Level.WARNING, "protocol " + protocol.getClass().getName()
                        + ".connectionLost threw", t);
            }
        };
        try {
            loop.execute(notify);
        } catch (RejectedExecutionException e) {
            notify.run();
        }
    }
}
