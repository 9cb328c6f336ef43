package dev.torsion.cli.bench;

import dev.torsion.websocket.frame.FrameParser;
import dev.torsion.websocket.frame.Opcode;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One echo-mode connection of the lean client ({@link LeanClientConnection} does the handshake, the
 * parsing and the control frames): it sends pre-masked frames
 * ({@link LeanFrames}), parses the echoes with the Torsion {@link FrameParser} and checks their payload byte
 * for byte in the read buffer, without copying or allocating per message. Echoes may come fragmented;
 * pings are answered. Messages triggered by the echoes of one read are sent with one gathering write.
 *
 * <p><b>Threading.</b> Every method but {@link #stop()} runs on the connection's event loop; {@link #stop()}
 * hops onto it. <b>Lifecycle.</b> Sends its first {@code depth} messages once the handshake is verified
 * (then completes {@link #opened()}); stops sending once the run's stop flag is set; {@link #stop()} sends a
 * close frame; {@link #connectionLost} counts the run's latch down.
 */
final class LeanEchoConnection extends LeanClientConnection {

    private final int id;
    private final Payloads payloads;
    private final LeanFrames frames;
    private final LoadStats stats;
    private final AtomicBoolean stopFlag;
    private final CountDownLatch closed;
    private final int messageOpcode;
    private final long[] sentAt;
    private final ByteBuffer[] batch;

    private long sent;
    private long received;
    private int owed;

    // the echo being received
    private boolean inMessage;
    private byte[] expected;
    private long messageOffset;
    private boolean matches;

    LeanEchoConnection(int id, BenchSettings settings, Payloads payloads, LeanFrames frames, LoadStats stats,
                       AtomicBoolean stopFlag, CountDownLatch closed) {
        super(settings.uri(), Math.max(16L << 20, settings.size() + 1024L), stopFlag);
        this.id = id;
        this.payloads = payloads;
        this.frames = frames;
        this.stats = stats;
        this.stopFlag = stopFlag;
        this.closed = closed;
        this.messageOpcode = settings.text() ? Opcode.TEXT : Opcode.BINARY;
        this.sentAt = new long[settings.depth()];
        this.batch = new ByteBuffer[settings.depth()];
    }

    @Override
    String name() {
        return "connection " + id;
    }

    @Override
    void error(String message) {
        stats.error(message);
    }

    @Override
    ByteBuffer closeFrame() {
        return frames.closeFrame();
    }

    /** The first {@code depth} messages go out at once. */
    @Override
    void handshakeCompleted() {
        owed = sentAt.length;
        flushOwed();
    }

    /** Messages owed for the echoes of this read go out together. */
    @Override
    void readDone() {
        flushOwed();
    }

    @Override
    void ended() {
        closed.countDown();
    }

    private void flushOwed() {
        if (owed == 0 || closing || stopFlag.get()) {
            owed = 0;
            return;
        }
        long now = System.nanoTime();
        int n = owed;
        owed = 0;
        for (int i = 0; i < n; i++) {
            long sequence = sent++;
            sentAt[(int) (sequence % sentAt.length)] = now;
            batch[i] = frames.frame(payloads.slotOf(id, sequence));
        }
        if (n == 1) {
            transport.write(batch[0]);
        } else {
            ByteBuffer[] some = new ByteBuffer[n];
            System.arraycopy(batch, 0, some, 0, n);
            transport.write(some);
        }
    }

    @Override
    void dataFrameHeader(int opcode, long length) {
        if (!inMessage) {
            if (opcode != messageOpcode) {
                stats.error("connection " + id + ": echo came as " + Opcode.name(opcode) + ", sent "
                        + Opcode.name(messageOpcode));
            }
            inMessage = true;
            expected = received < sent ? payloads.bytes(payloads.slotOf(id, received)) : null;
            messageOffset = 0;
            matches = expected != null && opcode == messageOpcode;
        }
    }

    @Override
    void dataFramePayload(ByteBuffer buffer, int index, int length) {
        if (matches) {
            matches = ByteCompare.equal(buffer, index, expected, (int) messageOffset, length);
        }
        messageOffset += length;
    }

    @Override
    void dataFrameEnd(boolean fin) {
        if (!fin) {
            return;
        }
        inMessage = false;
        if (received >= sent) {
            stats.error("connection " + id + ": a message arrived that was not sent");
            return;
        }
        long sequence = received++;
        if (matches && messageOffset == expected.length) {
            stats.completed(messageOffset, System.nanoTime() - sentAt[(int) (sequence % sentAt.length)]);
        } else {
            stats.error("connection " + id + ": echo of message " + sequence + " differs from what was sent");
        }
        owed++;
    }
}
