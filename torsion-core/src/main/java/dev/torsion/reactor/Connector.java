package dev.torsion.reactor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One outgoing TCP connection attempt: waits for the connect to complete on its event loop, then builds the
 * protocol and completes the future; a refusal, an error or the timeout completes the future exceptionally
 * with a message naming the address.
 *
 * <p><b>Threading.</b> Loop thread only. <b>Lifecycle.</b> One attempt, then discarded.
 */
final class Connector implements IoHandler {

    private final EventLoop loop;
    private final InetSocketAddress address;
    private final Factory factory;
    private final CompletableFuture<Protocol> result;
    private SocketChannel channel;
    private DelayedCall timer;

    Connector(EventLoop loop, InetSocketAddress address, Factory factory, CompletableFuture<Protocol> result) {
        this.loop = loop;
        this.address = address;
        this.factory = factory;
        this.result = result;
    }

    void start(Duration timeout, java.net.SocketAddress localAddress) {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            if (localAddress != null) {
                channel.bind(localAddress);
            }
            if (channel.connect(address)) {
                connected();
                return;
            }
            channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
        } catch (IOException | RuntimeException e) {
            fail(e);
            return;
        }
        timer = loop.callLater(timeout, () -> fail(new ConnectException("connect to " + describe()
                + " timed out after " + timeout.toMillis() + " ms")));
    }

    @Override
    public void ready(SelectionKey key, int readyOps) {
        try {
            if (channel.finishConnect()) {
                connected();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void loopClosing() {
        fail(new ConnectException("connect to " + describe() + " abandoned: the reactor stopped"));
    }

    private void connected() {
        if (timer != null) {
            timer.cancel();
        }
        if (result.isDone()) {
            ListeningPort.closeQuietly(channel);
            return;
        }
        Protocol protocol;
        try {
            protocol = factory.buildProtocol(address);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        if (protocol == null) {
            fail(new ConnectException("connect to " + describe() + " refused by the factory (buildProtocol returned null)"));
            return;
        }
        try {
            loop.adopt(channel, protocol);
        } catch (IOException e) {
            fail(e);
            return;
        }
        result.complete(protocol);
    }

    private void fail(Exception cause) {
        if (timer != null) {
            timer.cancel();
        }
        if (channel != null) {
            ListeningPort.closeQuietly(channel);
        }
        if (result.isDone()) {
            return;
        }
        if (cause instanceof ConnectException && cause.getMessage() != null
                && cause.getMessage().contains(describe())) {
            result.completeExceptionally(cause);
        } else {
            ConnectException e = new ConnectException("connect to " + describe() + " failed: " + cause.getMessage());
            e.initCause(cause);
            result.completeExceptionally(e);
        }
    }

    private String describe() {
        return Authority.of(address);
    }
}
