package dev.torsion.websocket.topic;

import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Scheduler;
import dev.torsion.reactor.Transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Benchmark helper: a transport whose socket takes everything at once and throws it away, counting bytes,
 * so a fan-out benchmark measures the library's cost per subscriber and not a copy into test buffers.
 * Not thread-safe: use it on its scheduler's thread.
 */
final class DiscardTransport implements Transport {

    private static final SocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 9);

    private final Scheduler scheduler;
    long bytes;

    DiscardTransport(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void write(ByteBuffer data) {
        bytes += data.remaining();
        data.position(data.limit());
    }

    @Override
    public void write(ByteBuffer... data) {
        for (ByteBuffer b : data) {
            write(b);
        }
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
        return scheduler;
    }

    @Override
    public void switchProtocol(Protocol next) {
        throw new UnsupportedOperationException("a discarding transport carries no protocol");
    }
}
