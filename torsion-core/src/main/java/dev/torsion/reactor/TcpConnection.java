package dev.torsion.reactor;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * A TCP connection on an {@link EventLoop}: the {@link Transport} its {@link Protocol} writes to.
 *
 * <p>Reads go into the loop's shared read buffer and are handed to the protocol at once. Writes are tried at
 * once; only what the socket did not take is queued (the buffers themselves, no copy), and the queue is
 * flushed with gathering writes when the socket becomes writable.
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
    /** Queued output: ByteBuffers and FileRegions, in write order. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>(2);
    /** Queued bytes plus bytes of writes still hopping onto the loop; updated through {@link #BUFFERED}. */
    private volatile long buffered;
    private static final java.lang.invoke.VarHandle BUFFERED;

    static {
        try {
            BUFFERED = java.lang.invoke.MethodHandles.lookup().findVarHandle(TcpConnection.class, "buffered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private volatile State state = State.OPEN;
    private volatile boolean writable = true;
    private int lowWatermark;
    private int highWatermark;
    private boolean readPaused;
    private boolean inputShut;
    private boolean closedByPeer;
    /**
     * True while the protocol handles a read: its writes are queued and sent together with one gathering
     * write when the read is done (one system call per read batch instead of one per message).
     */
    private boolean batching;

    TcpConnection(EventLoop loop, SocketChannel channel, SelectionKey key, Protocol protocol) throws IOException {
        this.loop = loop;
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

    // ---- I/O readiness -------------------------------------------------------------------------------

    @Override
    public void ready(SelectionKey key, int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && state != State.CLOSED) {
            flush();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && state != State.CLOSED) {
            read();
        }
    }

    @Override
    public void loopClosing() {
        close(new ConnectionLost("the reactor stopped"), true);
    }

    private void read() {
        batching = true;
        try {
            readBatch();
        } finally {
            endBatch();
        }
    }

    /** Sends what the protocol wrote while handling a read: one gathering write for the lot. */
    private void endBatch() {
        batching = false;
        if (state == State.CLOSED) {
            return;
        }
        if (queue.isEmpty()) {
            if (state == State.CLOSING) {
                close(closedByPeer ? new ConnectionDone("connection closed by peer")
                        : new ConnectionDone("connection closed locally"), false);
            }
            return;
        }
        if (!key.isValid() || (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
            flush();
            if (state == State.CLOSED) {
                return;
            }
            if (!queue.isEmpty()) {
                setInterest(SelectionKey.OP_WRITE, true);
            }
        }
        checkHighWatermark();
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

    private void flush() {
        ByteBuffer[] scratch = loop.gatherScratch();
        try {
            while (!queue.isEmpty()) {
                Object head = queue.peek();
                if (head instanceof FileRegion) {
                    FileRegion region = (FileRegion) head;
                    long sent = region.transferTo(channel);
                    addBuffered(-sent);
                    if (!region.isDone()) {
                        if (sent == 0) {
                            break; // the socket is full
                        }
                        continue;
                    }
                    queue.poll();
                    region.result.complete(null);
                    continue;
                }
                int count = 0;
                for (Object o : queue) {
                    if (!(o instanceof ByteBuffer)) {
                        break;
                    }
                    scratch[count++] = (ByteBuffer) o;
                    if (count == scratch.length) {
                        break;
                    }
                }
                long written = channel.write(scratch, 0, count);
                java.util.Arrays.fill(scratch, 0, count, null);
                addBuffered(-written);
                while (!queue.isEmpty() && queue.peek() instanceof ByteBuffer
                        && !((ByteBuffer) queue.peek()).hasRemaining()) {
                    queue.poll();
                }
                if (!queue.isEmpty() && queue.peek() instanceof ByteBuffer) {
                    break; // the socket is full
                }
            }
        } catch (IOException e) {
            close(new ConnectionLost("connection lost while writing: " + e.getMessage(), e), true);
            return;
        }
        if (queue.isEmpty()) {
            setInterest(SelectionKey.OP_WRITE, false);
            if (state == State.CLOSING) {
                close(closedByPeer ? new ConnectionDone("connection closed by peer")
                        : new ConnectionDone("connection closed locally"), false);
                return;
            }
        }
        checkLowWatermark();
    }

    // ---- Transport -----------------------------------------------------------------------------------

    @Override
    public void write(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        if (!loop.inEventLoop()) {
            hopCounted(n, () -> write(data));
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        if (batching) {
            enqueue(data);
            return;
        }
        if (queue.isEmpty()) {
            try {
                channel.write(data);
            } catch (IOException e) {
                close(new ConnectionLost("connection lost while writing: " + e.getMessage(), e), true);
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            setInterest(SelectionKey.OP_WRITE, true);
        }
        enqueue(data);
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
            hopCounted(total, () -> write(data));
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        int first = 0;
        if (batching) {
            for (ByteBuffer b : data) {
                if (b.hasRemaining()) {
                    enqueue(b);
                }
            }
            return;
        }
        if (queue.isEmpty()) {
            try {
                channel.write(data);
            } catch (IOException e) {
                close(new ConnectionLost("connection lost while writing: " + e.getMessage(), e), true);
                return;
            }
            while (first < data.length && !data[first].hasRemaining()) {
                first++;
            }
            if (first == data.length) {
                return;
            }
            setInterest(SelectionKey.OP_WRITE, true);
        }
        for (int i = first; i < data.length; i++) {
            if (data[i].hasRemaining()) {
                enqueue(data[i]);
            }
        }
        checkHighWatermark();
    }

    @Override
    public boolean switchProtocol(Protocol next) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("switchProtocol: call it on the connection's event loop");
        }
        protocol = java.util.Objects.requireNonNull(next, "next");
        return true;
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
            if (!hopCounted(count, () -> sendFileOnLoop(new FileRegion(file, position, count, result)))) {
                result.completeExceptionally(new ConnectionLost("sendFile: the reactor stopped"));
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
        boolean wasEmpty = queue.isEmpty();
        queue.add(region);
        addBuffered(region.remaining());
        if (wasEmpty && !batching) {
            flush();
            if (!queue.isEmpty()) {
                setInterest(SelectionKey.OP_WRITE, true);
            }
        }
        checkHighWatermark();
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
        if (queue.isEmpty() && !batching) {
            close(closedByPeer ? new ConnectionDone("connection closed by peer")
                    : new ConnectionDone("connection closed locally"), false);
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
        return buffered;
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

    private void addBuffered(long delta) {
        BUFFERED.getAndAdd(this, delta);
    }

    private void enqueue(ByteBuffer data) {
        queue.add(data);
        addBuffered(data.remaining());
    }

    private void checkHighWatermark() {
        if (writable && buffered > highWatermark && state != State.CLOSED) {
            writable = false;
            notifyWritability(false);
        }
    }

    private void checkLowWatermark() {
        if (!writable && buffered <= lowWatermark && state != State.CLOSED) {
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

    /**
     * Hops a write of {@code bytes} onto the loop, counting them in {@link #bufferedAmount()} until it lands;
     * false (and not counted) when the loop has stopped: the write is discarded, as writes after the end are.
     */
    private boolean hopCounted(long bytes, Runnable write) {
        addBuffered(bytes);
        if (hop(() -> {
            addBuffered(-bytes);
            write.run();
        })) {
            return true;
        }
        addBuffered(-bytes);
        return false;
    }

    /** Runs {@code task} on the loop; false when the loop has stopped (and the connection with it). */
    private boolean hop(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
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

    private void close(Throwable reason, boolean discardQueue) {
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
        if (discardQueue || !queue.isEmpty()) {
            for (Object o : queue) {
                if (o instanceof FileRegion) {
                    ((FileRegion) o).result.completeExceptionally(
                            new ConnectionLost("sendFile: the connection closed before the file was sent"));
                }
            }
            queue.clear();
            buffered = 0;
        }
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
