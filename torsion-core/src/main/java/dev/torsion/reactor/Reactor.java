package dev.torsion.reactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event-driven core (Twisted's reactor): a set of {@link EventLoop}s, one per core by default, that
 * listen for and make TCP connections and run timers and tasks.
 *
 * <pre>{@code
 * try (Reactor reactor = Reactor.create()) {
 *     ListeningPort port = reactor.listenTcp("127.0.0.1", 8000, remote -> new Echo());
 *     reactor.run();               // blocks until stop() or shutdownGracefully(...)
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> Every method may be called from any thread. Each connection lives on one loop for its
 * whole life and all its protocol's callbacks run there.
 *
 * <p><b>Lifecycle.</b> The loops start when the reactor is created. {@link #run()} blocks the caller until the
 * reactor is stopped. {@link #stop()} aborts every connection and ends the loops; {@link #shutdownGracefully}
 * first stops accepting, asks each connection to finish ({@link Protocol#shutdownRequested}) and waits for
 * them up to a deadline. {@link #close()} stops and waits for the loops to end.
 */
public final class Reactor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Reactor.class.getName());

    private final ReactorConfig config;
    private final EventLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<ListeningPort> ports = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Reactor(ReactorConfig config) {
        this.config = config;
        this.loops = new EventLoop[config.eventLoops()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new EventLoop(this, config, i);
        }
        for (EventLoop loop : loops) {
            loop.start();
        }
    }

    /** A running reactor with the default configuration (one loop per available processor). */
    public static Reactor create() {
        return new Reactor(ReactorConfig.defaults());
    }

    /** A running reactor with the given configuration. */
    public static Reactor create(ReactorConfig config) {
        return new Reactor(config);
    }

    /** This reactor's configuration. */
    public ReactorConfig config() {
        return config;
    }

    /**
     * Listens on {@code host:port} ({@code port} 0 picks a free port; read it back from the result) and
     * builds a protocol with {@code factory} for every connection accepted.
     *
     * @throws IOException if the address cannot be bound (in use, not local, ...), with a message naming it
     */
    public ListeningPort listenTcp(String host, int port, Factory factory) throws IOException {
        requireRunning("listenTcp");
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve host " + host);
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.configureBlocking(false);
            server.bind(address, config.backlog());
        } catch (IOException e) {
            ListeningPort.closeQuietly(server);
            throw new IOException("cannot listen on " + Authority.of(host, port) + ": " + e.getMessage(), e);
        }
        EventLoop loop = loops[0];
        ListeningPort listening = new ListeningPort(this, loop, server, factory);
        ports.add(listening);
        if (loop.inEventLoop()) {
            listening.register();
            return listening;
        }
        CompletableFuture<Void> registered = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                listening.register();
                registered.complete(null);
            } catch (IOException | RuntimeException e) {
                registered.completeExceptionally(e);
            }
        });
        await(registered, "listenTcp");
        return listening;
    }

    /**
     * Connects to {@code host:port} and builds the connection's protocol with {@code factory}; the future
     * completes with that protocol once {@link Protocol#connectionMade} has run, or fails with a
     * {@link java.net.ConnectException} that names the address (refused, unreachable, 30 s timeout).
     * Host names are resolved on the calling thread.
     */
    public CompletableFuture<Protocol> connectTcp(String host, int port, Factory factory) {
        return connectTcp(host, port, factory, Duration.ofSeconds(30));
    }

    /** As {@link #connectTcp(String, int, Factory)} with a given connect timeout. */
    public CompletableFuture<Protocol> connectTcp(String host, int port, Factory factory, Duration timeout) {
        return connectTcp(host, port, factory, timeout, null);
    }

    /**
     * As {@link #connectTcp(String, int, Factory, Duration)}, binding the local end to {@code localAddress}
     * first (null: the system chooses). Binding to several local addresses (127.0.0.2, 127.0.0.3, ...) lets a
     * load generator open more connections to one server than one ephemeral port range holds.
     */
    public CompletableFuture<Protocol> connectTcp(String host, int port, Factory factory, Duration timeout,
                                                  java.net.SocketAddress localAddress) {
        CompletableFuture<Protocol> result = new CompletableFuture<>();
        if (stopping.get()) {
            result.completeExceptionally(new IllegalStateException("connectTcp: the reactor is stopping"));
            return result;
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            result.completeExceptionally(new UnknownHostException("cannot resolve host " + host));
            return result;
        }
        EventLoop loop = nextLoop();
        loop.execute(() -> new Connector(loop, address, factory, result).start(timeout, localAddress));
        return result;
    }

    /** Runs {@code task} once after {@code delay} on one of the loops. */
    public DelayedCall callLater(Duration delay, Runnable task) {
        return loops[0].callLater(delay, task);
    }

    /** Runs {@code task} every {@code interval} on one of the loops until cancelled. */
    public DelayedCall callEvery(Duration interval, Runnable task) {
        return loops[0].callEvery(interval, task);
    }

    /** Runs {@code task} as soon as possible on one of the loops (Twisted's callFromThread). */
    public void callFromThread(Runnable task) {
        loops[0].execute(task);
    }

    /** The event loops, for code that wants to place work on a particular one. */
    public List<EventLoop> eventLoops() {
        return List.of(loops);
    }

    /** Each loop's metrics, in loop order (see {@link LoopMetrics}; add them up for the reactor's). */
    public List<LoopMetrics> loopMetrics() {
        List<LoopMetrics> all = new ArrayList<>(loops.length);
        for (EventLoop loop : loops) {
            all.add(loop.metrics());
        }
        return all;
    }

    /** The number of open connections on all loops. */
    public int connectionCount() {
        return connections.get();
    }

    /** Blocks the calling thread until the reactor is stopped. */
    public void run() throws InterruptedException {
        stopped.await();
    }

    /** True once {@link #stop()}, {@link #shutdownGracefully} or {@link #close()} was called. */
    public boolean isStopping() {
        return stopping.get();
    }

    /**
     * Stops now: closes every listening port, aborts every connection (their protocols see
     * {@link ConnectionLost} "the reactor stopped") and ends the loops. Returns without waiting; see
     * {@link #close()}.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        for (ListeningPort port : new ArrayList<>(ports)) {
            port.stopListening();
        }
        for (EventLoop loop : loops) {
            loop.shutdown();
        }
        Thread waiter = new Thread(() -> {
            for (EventLoop loop : loops) {
                try {
                    loop.awaitTermination();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            stopped.countDown();
        }, "torsion-reactor-stop");
        waiter.setDaemon(true);
        waiter.start();
    }

    /**
     * Shuts down gracefully: stops accepting, calls {@link Protocol#shutdownRequested} on every connection,
     * waits until all connections have closed or {@code deadline} has passed, aborts the rest (reason:
     * {@link ConnectionLost} "graceful shutdown deadline passed") and stops. The future completes when the
     * loops have ended.
     */
    public CompletableFuture<Void> shutdownGracefully(Duration deadline) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (stopping.get()) {
            done.complete(null);
            return done;
        }
        for (ListeningPort port : new ArrayList<>(ports)) {
            port.stopListening();
        }
        for (EventLoop loop : loops) {
            loop.execute(() -> {
                for (TcpConnection connection : loop.connectionsSnapshot()) {
                    try {
                        connection.protocol().shutdownRequested();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "shutdownRequested threw on " + connection, e);
                        connection.abort(e);
                    }
                }
            });
        }
        Thread waiter = new Thread(() -> {
            long end = System.nanoTime() + deadline.toNanos();
            try {
                while (connections.get() > 0 && System.nanoTime() < end) {
                    Thread.sleep(10);
                }
                if (connections.get() > 0) {
                    CountDownLatch aborted = new CountDownLatch(loops.length);
                    for (EventLoop loop : loops) {
                        loop.execute(() -> {
                            for (TcpConnection connection : loop.connectionsSnapshot()) {
                                connection.abort(new ConnectionLost("graceful shutdown deadline passed"));
                            }
                            aborted.countDown();
                        });
                    }
                    aborted.await(5, TimeUnit.SECONDS);
                }
                stop();
                stopped.await();
                done.complete(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.completeExceptionally(e);
            }
        }, "torsion-reactor-shutdown");
        waiter.setDaemon(true);
        waiter.start();
        return done;
    }

    /** Stops (as {@link #stop()}) and waits for the loops to end. */
    @Override
    public void close() {
        stop();
        for (EventLoop loop : loops) {
            if (loop.inEventLoop()) {
                return; // called from a loop: it ends once this callback returns
            }
        }
        try {
            for (EventLoop loop : loops) {
                loop.awaitTermination();
            }
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    EventLoop nextLoop() {
        return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    }

    void connectionOpened() {
        connections.incrementAndGet();
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    void portClosed(ListeningPort port) {
        ports.remove(port);
    }

    private void requireRunning(String call) {
        if (stopping.get()) {
            throw new IllegalStateException(call + ": the reactor is stopping");
        }
    }

    private static void await(CompletableFuture<?> future, String call) throws IOException {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(call + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new UncheckedIOException(new IOException(call + " failed: " + cause, cause));
        } catch (TimeoutException e) {
            throw new IOException(call + ": the event loop did not answer within 10 s", e);
        }
    }
}
