package dev.torsion.cli.bench;

import dev.torsion.websocket.frame.Opcode;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One fan-out connection, a subscriber or (with a {@link FanoutPublisher}) a publisher, in the lean client's
 * manner ({@link LeanClientConnection} does the handshake, the parsing in the read buffer and the control
 * frames), without copying or allocating per message. Of each message it keeps only the
 * {@link FanoutMessage} header and checks it: text, the run's size, a well-formed header naming one of the
 * run's publishers, and for each publisher sequence numbers that only grow (a smaller or repeated one is an
 * error, a jump counts the messages in between as missed). A subscriber counts each good message as a
 * delivery with its latency (send time in the header to the start of the read that completed it); a
 * publisher counts nothing and tells its {@link FanoutPublisher} instead. Pings are answered.
 *
 * <p><b>Threading.</b> Every method but {@link #stop()} runs on the connection's event loop; {@link #stop()}
 * hops onto it. <b>Lifecycle.</b> Completes {@link #opened()} once the handshake is verified (a publisher
 * then starts publishing); {@link #stop()} sends a close frame; {@link #connectionLost} counts the run's latch
 * down.
 */
final class FanoutConnection extends LeanClientConnection {

    private static final ByteBuffer CLOSE = ByteBuffer.wrap(
            new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8}).asReadOnlyBuffer();

    private final String name;
    private final int size;
    private final FanoutStats stats;
    private final CountDownLatch closed;
    private final long base;
    private final FanoutPublisher publisher;
    private final long[] nextSequence;
    private final FanoutMessage.Header header = new FanoutMessage.Header();

    private long readAt;

    // the message being received
    private boolean inMessage;
    private boolean isText;
    private long length;

    /**
     * A connection of a run whose times count from {@code base}; a subscriber when {@code publisher} is null.
     */
    FanoutConnection(String name, java.net.URI server, FanoutSettings settings, FanoutStats stats,
                     AtomicBoolean stopFlag, CountDownLatch closed, long base, FanoutPublisher publisher) {
        super(server, Math.max(1 << 20, settings.common().size() + 1024L), stopFlag);
        this.name = name;
        this.size = settings.common().size();
        this.stats = stats;
        this.closed = closed;
        this.base = base;
        this.publisher = publisher;
        this.nextSequence = new long[settings.publishers()];
        // -1: nothing seen from that publisher yet. A subscriber that connects after a publisher started
        // begins wherever it joins; only gaps after its first message from a publisher are missed ones.
        java.util.Arrays.fill(nextSequence, -1);
    }

    @Override
    String name() {
        return name;
    }

    @Override
    void error(String message) {
        stats.deliveries().error(message);
    }

    @Override
    ByteBuffer closeFrame() {
        return CLOSE.duplicate();
    }

    /** A publisher starts publishing. */
    @Override
    void handshakeCompleted() {
        if (publisher != null) {
            publisher.start(transport);
        }
    }

    /** Deliveries completed by this read count their latency up to its start. */
    @Override
    void readStarting() {
        readAt = System.nanoTime() - base;
    }

    @Override
    void stopping() {
        if (publisher != null) {
            publisher.stop();
        }
    }

    @Override
    void ended() {
        closed.countDown();
    }

    @Override
    void dataFrameHeader(int opcode, long length) {
        if (!inMessage) {
            inMessage = true;
            isText = opcode == Opcode.TEXT;
            this.length = 0;
            header.reset();
        }
    }

    @Override
    void dataFramePayload(ByteBuffer buffer, int index, int length) {
        header.take(buffer, index, length);
        this.length += length;
    }

    @Override
    void dataFrameEnd(boolean fin) {
        if (fin) {
            inMessage = false;
            messageEnded();
        }
    }

    private void messageEnded() {
        if (!isText || length != size || !header.parse() || header.publisher >= nextSequence.length) {
            stats.deliveries().error(name + ": a message is not one the run sent (" + (isText ? "text" : "binary")
                    + ", " + length + " bytes)");
            return;
        }
        int p = header.publisher;
        long sequence = header.sequence;
        long expected = nextSequence[p] < 0 ? sequence : nextSequence[p];
        if (sequence < expected) {
            stats.deliveries().error(name + ": message " + sequence + " of publisher " + p
                    + " came again or out of order (expected " + expected + ")");
            return;
        }
        if (sequence > expected) {
            stats.missed(sequence - expected);
        }
        nextSequence[p] = sequence + 1;
        if (publisher == null) {
            stats.deliveries().completed(length, readAt - header.nanos);
        } else {
            publisher.copyArrived(p, sequence);
        }
    }
}
