package dev.torsion.reactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One event loop: a thread, a {@link Selector}, a queue of tasks from other threads, timers (a heap for
 * {@link #callLater}/{@link #callEvery}, a {@link TimerWheel} for {@link #newTimer}), the {@link WriteStaging}
 * its connections' writes go through (flushed at the end of every callback: each ready key, the timers, each
 * task batch), and the connections that live on it. A connection stays on one loop for its whole life, and every callback of its
 * protocol runs on this loop's thread.
 *
 * <p><b>Threading.</b> {@link #execute}, {@link #callLater}, {@link #callEvery} and {@link #nanoTime} may be
 * called from any thread; everything else is the loop's own business.
 *
 * <p><b>Lifecycle.</b> Created and started by a {@link Reactor}; ends when the reactor stops, aborting the
 * connections still open on it.
 */
public final class EventLoop implements Scheduler {

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    private final Reactor reactor;
    private final ReactorConfig config;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean awake = new AtomicBoolean(true);
    private final TimerQueue timers = new TimerQueue();
    private final TimerWheel wheel = new TimerWheel(System::nanoTime, this::inEventLoop);
    private final java.util.function.Consumer<Runnable> runTimer = task -> runSafely(task, "timer");
    /**
     * The connections living on this loop. The loop keeps no set of its own: each one's selection key (in the
     * selector's key set) is attached to it, so a set here would cost every connection a second map node.
     */
    private int connectionCount;
    private final ByteBuffer readBuffer;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean acceptingTasks = true;
    private final WriteStaging staging = new WriteStaging();
    private final LoopMetrics metrics;
    private final java.util.function.Consumer<SelectionKey> onReady = this::ready;
    /** When the loop woke from its last select (0 while it has not yet); loop thread only. */
    private long woke;

    EventLoop(Reactor reactor, ReactorConfig config, int index) {
        this.reactor = reactor;
        this.config = config;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for event loop " + index, e);
        }
        this.readBuffer = ByteBuffer.allocateDirect(config.readBufferSize());
        this.thread = new Thread(this::loop, config.threadNamePrefix() + index);
        this.metrics = new LoopMetrics(thread.getName());
        this.thread.setDaemon(config.daemonThreads());
    }

    void start() {
        thread.start();
    }

    @Override
    public void execute(Runnable task) {
        if (!acceptingTasks) {
            throw rejected();
        }
        tasks.add(task);
        // The loop may have stopped accepting between the check and the add, and drained the queue for the
        // last time: then take the task back and refuse it. Either the loop's last drain polled it (it ran)
        // or this remove does (it is refused): the queue hands each element out once.
        if (!acceptingTasks && tasks.remove(task)) {
            throw rejected();
        }
        if (!inEventLoop() && awake.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("event loop " + thread.getName() + " has stopped");
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        TimerQueue.Timer timer = new TimerQueue.Timer(task, nanoTime() + Math.max(0, delay.toNanos()), 0);
        schedule(timer);
        return timer;
    }

    @Override
    public DelayedCall callEvery(Duration interval, Runnable task) {
        long period = interval.toNanos();
        if (period <= 0) {
            throw new IllegalArgumentException("callEvery needs a positive interval, got " + interval);
        }
        TimerQueue.Timer timer = new TimerQueue.Timer(task, nanoTime() + period, period);
        schedule(timer);
        return timer;
    }

    /**
     * A reusable timer on this loop's timer wheel: arming, re-arming and cancelling it allocate nothing.
     * Its granularity is {@link TimerWheel#TICK_NANOS} (1 ms): it runs no earlier than asked and, on an idle
     * loop, at most one millisecond later. Use it on this loop's thread only (other threads get an
     * {@link IllegalStateException}).
     */
    @Override
    public Timer newTimer(Runnable task) {
        return wheel.newTimer(task);
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** The reactor this loop belongs to. */
    public Reactor reactor() {
        return reactor;
    }

    /** The number of connections living on this loop (read on the loop for an exact figure). */
    public int connectionCount() {
        return connectionCount;
    }

    /** What this loop has done: connections, tasks, busy time, lag (see {@link LoopMetrics}). */
    public LoopMetrics metrics() {
        return metrics;
    }

    ReactorConfig config() {
        return config;
    }

    Selector selector() {
        return selector;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    WriteStaging staging() {
        return staging;
    }

    void removed(TcpConnection connection) {
        connectionCount--;
        metrics.connectionClosed();
        reactor.connectionClosed();
    }

    /** The connections open on this loop now (their keys are valid until they close). Loop thread only. */
    List<TcpConnection> connectionsSnapshot() {
        List<TcpConnection> open = new ArrayList<>(connectionCount);
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof TcpConnection) {
                open.add((TcpConnection) key.attachment());
            }
        }
        return open;
    }

    /** Takes an accepted or connected channel onto this loop and starts its protocol. Loop thread only. */
    TcpConnection adopt(SocketChannel channel, Protocol protocol) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, config.tcpNoDelay());
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        TcpConnection connection = new TcpConnection(this, channel, key, protocol);
        key.attach(connection);
        connectionCount++;
        metrics.connectionOpened();
        reactor.connectionOpened();
        connection.start();
        return connection;
    }

    boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    void awaitTermination() throws InterruptedException {
        if (!inEventLoop()) {
            terminated.await();
        }
    }

    /** Asks the loop to abort its connections and end. */
    void shutdown() {
        if (!running) {
            return;
        }
        try {
            execute(() -> running = false);
        } catch (RejectedExecutionException ignored) {
            // already stopping
        }
    }

    private void schedule(TimerQueue.Timer timer) {
        if (inEventLoop()) {
            timers.add(timer);
        } else {
            execute(() -> timers.add(timer));
        }
    }

    private void loop() {
        new LagProbe(this, metrics).arm();
        long busySince = 0;
        try {
            while (running) {
                awake.set(false);
                long now = System.nanoTime();
                if (busySince != 0) {
                    metrics.iteration(busySince, now);
                }
                woke = 0;
                long wait = earliest(timers.nanosUntilNext(now), wheel.nanosUntilNext(now));
                if (!tasks.isEmpty() || wait == 0) {
                    selector.selectNow(onReady);
                } else if (wait < 0) {
                    selector.select(onReady, 0);
                } else {
                    selector.select(onReady, (wait + 999_999) / 1_000_000); // rounded up: no early wake-up
                }
                wake();
                busySince = woke;
                long after = System.nanoTime();
                timers.runDue(after, timer -> runSafely(timer.task, "timer"));
                wheel.advance(after, runTimer);
                staging.flushOwner();
                runTasks();
            }
        } catch (ClosedSelectorException | IOException e) {
            LOG.log(System.Logger.Level.ERROR, "event loop " + thread.getName() + " failed", e);
        } finally {
            running = false;
            closeEverything();
            terminated.countDown();
        }
    }

    /** The sooner of two waits, where -1 means none. */
    private static long earliest(long a, long b) {
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    /** The loop is awake (a key is ready, or the select returned): other threads need not wake it. */
    private void wake() {
        if (woke == 0) {
            awake.set(true);
            woke = System.nanoTime();
        }
    }

    /**
     * A ready key, handed over by the selector itself ({@link Selector#select(java.util.function.Consumer, long)}):
     * no selected-key set to fill, iterate and empty, so no allocation per ready key. Its handler's writes
     * are sent before the next key is handled.
     */
    private void ready(SelectionKey key) {
        wake();
        if (!key.isValid()) {
            return;
        }
        IoHandler handler = (IoHandler) key.attachment();
        int ops;
        try {
            ops = key.readyOps();
        } catch (java.nio.channels.CancelledKeyException e) {
            return;
        }
        handler.ready(key, ops);
        staging.flushOwner();
    }

    /** Runs every queued task, and those they queue; true if there was any. */
    private boolean runAllTasks() {
        boolean any = false;
        Runnable task;
        while ((task = tasks.poll()) != null) {
            runSafely(task, "task");
            any = true;
        }
        staging.flushOwner();
        return any;
    }

    /** Tells each channel not yet told that the loop is closing; true if there was any. */
    private boolean closeHandlers(Set<Object> closed) {
        boolean any = false;
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            Object attachment = key.attachment();
            if (attachment instanceof IoHandler && closed.add(attachment)) {
                any = true;
                try {
                    ((IoHandler) attachment).loopClosing();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing a channel at loop end failed", e);
                }
            }
        }
        return any;
    }

    /** Runs a bounded batch of queued tasks; true if there was any. */
    private boolean runTasks() {
        // Bound the batch so timers and I/O are not starved by a flood of tasks.
        int budget = 4096;
        boolean any = false;
        Runnable task;
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            runSafely(task, "task");
            any = true;
        }
        staging.flushOwner();
        return any;
    }

    private void runSafely(Runnable task, String what) {
        metrics.taskRun();
        try {
            task.run();
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError) {
                throw (VirtualMachineError) t;
            }
            LOG.log(System.Logger.Level.WARNING, "a " + what + " on " + thread.getName() + " threw", t);
        }
    }

    /**
     * The loop's end: runs the tasks still queued (writes, closes, connects asked for before the stop), closes
     * every channel (a connection's protocol sees connectionLost, a pending connect's future fails), and
     * repeats until neither is left, since a task may open a channel (a connect, an accepted connection handed
     * over) and closing may queue tasks. After a few rounds new tasks are refused (so a task that keeps
     * queueing itself cannot hold the loop open); what remains then runs at once.
     */
    private void closeEverything() {
        Set<Object> closed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        boolean refusing = false;
        for (int round = 0; ; round++) {
            // bounded batches while other threads may still submit, or they could keep the loop from ending;
            // once refusing, what is left runs to the end (execute refuses anything added after)
            boolean worked = refusing ? runAllTasks() : runTasks();
            worked |= closeHandlers(closed);
            if (refusing && !worked) {
                break;
            }
            if (!worked || round >= 3) {
                acceptingTasks = false;
                refusing = true;
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the selector failed", e);
        }
    }
}
