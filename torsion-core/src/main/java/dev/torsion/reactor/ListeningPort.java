package dev.torsion.reactor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A port a {@link Reactor} listens on (Twisted's {@code IListeningPort}): reports the address it is bound to
 * (so port 0 can be used and the chosen port read back) and can stop listening. Accepted connections are
 * spread over the reactor's event loops, one protocol built per connection by the {@link Factory}.
 *
 * <p><b>Threading.</b> Every public method may be called from any thread.
 *
 * <p><b>Lifecycle.</b> Listening from {@link Reactor#listenTcp} until {@link #stopListening()} or the
 * reactor stops. Stopping does not touch connections already accepted.
 */
public final class ListeningPort implements IoHandler {

    private static final System.Logger LOG = System.getLogger(ListeningPort.class.getName());
    private static final int MAX_ACCEPTS_PER_WAKEUP = 64;

    private final Reactor reactor;
    private final EventLoop acceptLoop;
    private final ServerSocketChannel server;
    private final Factory factory;
    private final InetSocketAddress address;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private SelectionKey key;
    private boolean closing;

    ListeningPort(Reactor reactor, EventLoop acceptLoop, ServerSocketChannel server, Factory factory)
            throws IOException {
        this.reactor = reactor;
        this.acceptLoop = acceptLoop;
        this.server = server;
        this.factory = factory;
        this.address = (InetSocketAddress) server.getLocalAddress();
    }

    /** Registers for accepts. Loop thread. */
    void register() throws IOException {
        key = server.register(acceptLoop.selector(), SelectionKey.OP_ACCEPT, this);
    }

    /** The port actually bound (the one the system chose when 0 was asked for). */
    public int port() {
        return address.getPort();
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return address;
    }

    /** True until {@link #stopListening()} was called or the reactor stopped. */
    public boolean isListening() {
        return !closing && !stopped.isDone();
    }

    /** Stops accepting connections and releases the port; the future completes when it is released. */
    public CompletableFuture<Void> stopListening() {
        if (acceptLoop.inEventLoop()) {
            closeServer();
        } else {
            try {
                acceptLoop.execute(this::closeServer);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeServer();
            }
        }
        return stopped;
    }

    @Override
    public void ready(SelectionKey key, int readyOps) {
        for (int i = 0; i < MAX_ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                // Most often "too many open files": back off instead of spinning on a ready key.
                LOG.log(System.Logger.Level.WARNING, "accept on port " + port() + " failed: " + e.getMessage()
                        + "; pausing accepts for 100 ms");
                key.interestOps(0);
                acceptLoop.callLater(Duration.ofMillis(100), () -> {
                    if (key.isValid()) {
                        key.interestOps(SelectionKey.OP_ACCEPT);
                    }
                });
                return;
            }
            if (channel == null) {
                return;
            }
            EventLoop target = reactor.nextLoop();
            if (target.inEventLoop()) {
                start(target, channel);
            } else {
                try {
                    target.execute(() -> start(target, channel));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    closeQuietly(channel);
                }
            }
        }
    }

    @Override
    public void loopClosing() {
        closeServer();
        stopped.complete(null); // the selector closes with the loop, releasing the socket
    }

    private void start(EventLoop loop, SocketChannel channel) {
        Protocol protocol;
        try {
            protocol = factory.buildProtocol(channel.getRemoteAddress());
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError) {
                throw (VirtualMachineError) t;
            }
            LOG.log(System.Logger.Level.WARNING, "factory " + factory.getClass().getName()
                    + ".buildProtocol threw; connection refused", t);
            closeQuietly(channel);
            return;
        }
        if (protocol == null) {
            closeQuietly(channel);
            return;
        }
        try {
            loop.adopt(channel, protocol);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not start an accepted connection", e);
            closeQuietly(channel);
        }
    }

    private void closeServer() {
        if (closing) {
            return;
        }
        closing = true;
        if (key != null) {
            key.cancel();
        }
        closeQuietly(server);
        reactor.portClosed(this);
        // A channel registered with a selector keeps its socket until the selector's next selection
        // deregisters it: report the port as released only after that (a timer runs after the next select).
        try {
            if (acceptLoop.inEventLoop() && !acceptLoop.isTerminated()) {
                acceptLoop.callLater(Duration.ZERO, () -> stopped.complete(null));
                return;
            }
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the loop is ending; its selector closes with it
        }
        stopped.complete(null);
    }


    static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }

    @Override
    public String toString() {
        return "ListeningPort[" + address + "]";
    }
}
