package dev.torsion.bench.jmh;

import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Scheduler;
import dev.torsion.reactor.Timer;
import dev.torsion.reactor.Transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A {@link Transport} for benchmarks that costs next to nothing itself, so that what is measured is the
 * protocol: writes are claimed from one reusable direct staging buffer (as an event loop's is) and stay there
 * until the benchmark hands them to the peer with {@link #deliverTo}; it is its own scheduler, whose thread is
 * the benchmark's.
 *
 * <p><b>Threading.</b> One benchmark thread. <b>Lifecycle.</b> One per simulated connection end.
 */
final class StagingTransport implements Transport, Scheduler {

    private static final SocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 9);
    private final ByteBuffer staging = ByteBuffer.allocateDirect(4 << 20);

    /** Hands what was written since the last call to {@code peer} as one read, then forgets it. */
    void deliverTo(Protocol peer) {
        staging.flip();
        peer.dataReceived(staging);
        staging.clear();
    }

    /** Forgets what was written. */
    void discard() {
        staging.clear();
    }

    @Override
    public ByteBuffer claimWrite(int size) {
        return staging;
    }

    @Override
    public void commitWrite(ByteBuffer claimed) {
        // the bytes stay in the staging buffer until deliverTo
    }

    @Override
    public void write(ByteBuffer data) {
        staging.put(data);
    }

    @Override
    public void write(ByteBuffer... data) {
        for (ByteBuffer b : data) {
            write(b);
        }
    }

    @Override
    public void switchProtocol(Protocol next) {
        // one protocol per end for the benchmark's whole life: nothing to hand over
    }

    @Override
    public void loseConnection() {
    }

    @Override
    public void abortConnection() {
    }

    @Override
    public void pauseReading() {
    }

    @Override
    public void resumeReading() {
    }

    @Override
    public long bufferedAmount() {
        return 0;
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public void setWatermarks(int low, int high) {
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public SocketAddress localAddress() {
        return ADDRESS;
    }

    @Override
    public SocketAddress remoteAddress() {
        return ADDRESS;
    }

    @Override
    public Scheduler scheduler() {
        return this;
    }

    // ---------------------------------------------------------------- Scheduler: the benchmark thread

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        throw new UnsupportedOperationException("no timers in the echo benchmark (pings are off)");
    }

    @Override
    public DelayedCall callEvery(Duration interval, Runnable task) {
        throw new UnsupportedOperationException("no timers in the echo benchmark (pings are off)");
    }

    @Override
    public Timer newTimer(Runnable task) {
        throw new UnsupportedOperationException("no timers in the echo benchmark (pings are off)");
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public boolean inEventLoop() {
        return true;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
