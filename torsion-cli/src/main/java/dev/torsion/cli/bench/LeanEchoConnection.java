package dev.torsion.cli.bench;

import dev.torsion.reactor.ConnectionDone;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;
import dev.torsion.websocket.Role;
import dev.torsion.websocket.WebSocketProtocolException;
import dev.torsion.websocket.client.MalformedResponseException;
import dev.torsion.websocket.client.ResponseHeadParser;
import dev.torsion.websocket.frame.FrameParser;
import dev.torsion.websocket.frame.FrameSink;
import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.handshake.ClientHandshake;
import dev.torsion.websocket.handshake.HandshakeFailedException;
import dev.torsion.websocket.handshake.HandshakeResponse;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One echo-mode connection of the lean client: a {@link Protocol} straight on the Torsion reactor that does
 * the opening handshake ({@link ClientHandshake}, checked strictly), sends pre-masked frames
 * ({@link LeanFrames}), parses the echoes with the Torsion {@link FrameParser} and checks their payload byte
 * for byte in the read buffer, without copying or allocating per message. Echoes may come fragmented;
 * pings are answered. Messages triggered by the echoes of one read are sent with one gathering write.
 *
 * <p><b>Threading.</b> Every method but {@link #stop()} runs on the connection's event loop; {@link #stop()}
 * hops onto it. <b>Lifecycle.</b> Sends its first {@code depth} messages once the handshake is verified
 * (then completes {@link #opened()}); stops sending once the run's stop flag is set; {@link #stop()} sends a
 * close frame; {@link #connectionLost} counts the run's latch down.
 */
final class LeanEchoConnection implements Protocol, FrameSink {

    private final int id;
    private final URI uri;
    private final Payloads payloads;
    private final LeanFrames frames;
    private final LoadStats stats;
    private final AtomicBoolean stopFlag;
    private final CountDownLatch closed;
    private final int messageOpcode;
    private final long[] sentAt;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final FrameParser parser;
    private final ByteBuffer[] batch;

    private Transport transport;
    private ClientHandshake handshake;
    private ResponseHeadParser head = new ResponseHeadParser();
    private long sent;
    private long received;
    private int owed;
    private boolean closing;

    // the echo being received
    private int opcode;
    private boolean fin;
    private boolean inMessage;
    private byte[] expected;
    private long messageOffset;
    private boolean matches;
    private byte[] control;
    private int controlLength;

    LeanEchoConnection(int id, BenchSettings settings, Payloads payloads, LeanFrames frames, LoadStats stats,
                       AtomicBoolean stopFlag, CountDownLatch closed) {
        this.id = id;
        this.uri = settings.uri();
        this.payloads = payloads;
        this.frames = frames;
        this.stats = stats;
        this.stopFlag = stopFlag;
        this.closed = closed;
        this.messageOpcode = settings.text() ? Opcode.TEXT : Opcode.BINARY;
        this.sentAt = new long[settings.depth()];
        this.batch = new ByteBuffer[settings.depth()];
        this.parser = new FrameParser(Role.CLIENT, Math.max(16L << 20, settings.size() + 1024L));
    }

    /** Completes once the handshake is verified and the first messages are sent. */
    CompletableFuture<Void> opened() {
        return opened;
    }

    /** Sends a close frame (from any thread). */
    void stop() {
        if (transport != null) {
            transport.scheduler().execute(() -> {
                if (!closing && transport.isOpen()) {
                    closing = true;
                    transport.write(frames.closeFrame());
                }
            });
        }
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        handshake = ClientHandshake.builder(uri).build();
        transport.write(ByteBuffer.wrap(handshake.request().toHttpText().getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (head != null && !handshakeDone(data)) {
            return;
        }
        try {
            parser.parse(data, this);
        } catch (WebSocketProtocolException e) {
            fail("the server broke the protocol: " + e.getMessage());
            return;
        }
        flushOwed();
    }

    private boolean handshakeDone(ByteBuffer data) {
        try {
            HandshakeResponse response = head.feed(data);
            if (response == null) {
                return false;
            }
            handshake.verify(response);
        } catch (MalformedResponseException | HandshakeFailedException e) {
            opened.completeExceptionally(e);
            fail("handshake: " + e.getMessage());
            return false;
        }
        head = null;
        handshake = null;
        owed = sentAt.length;
        flushOwed();
        opened.complete(null);
        return true;
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
    public void onFrameHeader(boolean fin, int rsv, int opcode, long length, boolean masked, int maskKey) {
        this.fin = fin;
        if (Opcode.isControl(opcode)) {
            this.opcode = opcode;
            control = new byte[(int) length];
            controlLength = 0;
            return;
        }
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
        this.opcode = opcode;
    }

    @Override
    public void onFramePayload(ByteBuffer buffer, int index, int length, long frameOffset) {
        if (Opcode.isControl(opcode)) {
            buffer.get(index, control, controlLength, length);
            controlLength += length;
            return;
        }
        if (matches) {
            matches = ByteCompare.equal(buffer, index, expected, (int) messageOffset, length);
        }
        messageOffset += length;
    }

    @Override
    public void onFrameEnd() {
        if (Opcode.isControl(opcode)) {
            controlEnded();
            return;
        }
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

    private void controlEnded() {
        if (opcode == Opcode.PING) {
            transport.write(new FrameWriter(Role.CLIENT, new MaskGenerator()).frame(Opcode.PONG, true, 0,
                    ByteBuffer.wrap(control)));
        } else if (opcode == Opcode.CLOSE) {
            parser.halt();
            if (!closing) {
                closing = true;
                stats.error("connection " + id + ": the server closed the connection during the run");
                transport.write(frames.closeFrame());
            }
            transport.loseConnection();
        }
    }

    private void fail(String why) {
        stats.error("connection " + id + ": " + why);
        closing = true;
        transport.abortConnection();
    }

    @Override
    public void connectionLost(Throwable reason) {
        if (!opened.isDone()) {
            stats.error("connection " + id + " lost during the handshake: " + reason);
            opened.completeExceptionally(new java.io.IOException("connection lost during the handshake: " + reason));
        } else if (!closing && !(reason instanceof ConnectionDone && stopFlag.get())) {
            stats.error("connection " + id + " lost during the run: " + reason);
        }
        closed.countDown();
    }
}
