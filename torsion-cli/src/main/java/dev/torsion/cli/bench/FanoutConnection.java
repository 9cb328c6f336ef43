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
 * One fan-out connection, a subscriber or (with a {@link FanoutPublisher}) a publisher, straight on the
 * Torsion reactor in the lean client's manner: the opening handshake ({@link ClientHandshake}, checked
 * strictly), then every message the server sends is parsed with the Torsion {@link FrameParser} in the read
 * buffer, without copying or allocating per message. Of each message it keeps only the
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
final class FanoutConnection implements Protocol, FrameSink {

    private static final ByteBuffer CLOSE = ByteBuffer.wrap(
            new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8}).asReadOnlyBuffer();

    private final String name;
    private final URI uri;
    private final int size;
    private final FanoutStats stats;
    private final AtomicBoolean stopFlag;
    private final CountDownLatch closed;
    private final long base;
    private final FanoutPublisher publisher;
    private final long[] nextSequence;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final FrameParser parser;
    private final FanoutMessage.Header header = new FanoutMessage.Header();

    private Transport transport;
    private ClientHandshake handshake;
    private ResponseHeadParser head = new ResponseHeadParser();
    private boolean closing;
    private long readAt;

    // the message being received
    private int opcode;
    private boolean fin;
    private boolean inMessage;
    private boolean isText;
    private long length;
    private byte[] control;
    private int controlLength;

    /**
     * A connection of a run whose times count from {@code base}; a subscriber when {@code publisher} is null.
     */
    FanoutConnection(String name, FanoutSettings settings, FanoutStats stats, AtomicBoolean stopFlag,
                     CountDownLatch closed, long base, FanoutPublisher publisher) {
        this.name = name;
        this.uri = settings.common().uri();
        this.size = settings.common().size();
        this.stats = stats;
        this.stopFlag = stopFlag;
        this.closed = closed;
        this.base = base;
        this.publisher = publisher;
        this.nextSequence = new long[settings.publishers()];
        // -1: nothing seen from that publisher yet. A subscriber that connects after a publisher started
        // begins wherever it joins; only gaps after its first message from a publisher are missed ones.
        java.util.Arrays.fill(nextSequence, -1);
        this.parser = new FrameParser(Role.CLIENT, Math.max(1 << 20, size + 1024L));
    }

    /** Completes once the handshake is verified. */
    CompletableFuture<Void> opened() {
        return opened;
    }

    /** Sends a close frame (from any thread). */
    void stop() {
        if (transport != null) {
            transport.scheduler().execute(() -> {
                if (publisher != null) {
                    publisher.stop();
                }
                if (!closing && transport.isOpen()) {
                    closing = true;
                    transport.write(CLOSE.duplicate());
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
        readAt = System.nanoTime() - base;
        try {
            parser.parse(data, this);
        } catch (WebSocketProtocolException e) {
            fail("the server broke the protocol: " + e.getMessage());
        }
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
        opened.complete(null);
        if (publisher != null) {
            publisher.start(transport);
        }
        return true;
    }

    @Override
    public void onFrameHeader(boolean fin, int rsv, int opcode, long length, boolean masked, int maskKey) {
        this.fin = fin;
        this.opcode = opcode;
        if (Opcode.isControl(opcode)) {
            control = new byte[(int) length];
            controlLength = 0;
            return;
        }
        if (!inMessage) {
            inMessage = true;
            isText = opcode == Opcode.TEXT;
            this.length = 0;
            header.reset();
        }
    }

    @Override
    public void onFramePayload(ByteBuffer buffer, int index, int length, long frameOffset) {
        if (Opcode.isControl(opcode)) {
            buffer.get(index, control, controlLength, length);
            controlLength += length;
            return;
        }
        header.take(buffer, index, length);
        this.length += length;
    }

    @Override
    public void onFrameEnd() {
        if (Opcode.isControl(opcode)) {
            controlEnded();
        } else if (fin) {
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

    private void controlEnded() {
        if (opcode == Opcode.PING) {
            transport.write(new FrameWriter(Role.CLIENT, new MaskGenerator()).frame(Opcode.PONG, true, 0,
                    ByteBuffer.wrap(control)));
        } else if (opcode == Opcode.CLOSE) {
            parser.halt();
            if (!closing) {
                closing = true;
                stats.deliveries().error(name + ": the server closed the connection during the run");
                transport.write(CLOSE.duplicate());
            }
            transport.loseConnection();
        }
    }

    private void fail(String why) {
        stats.deliveries().error(name + ": " + why);
        closing = true;
        transport.abortConnection();
    }

    @Override
    public void connectionLost(Throwable reason) {
        if (publisher != null) {
            publisher.stop();
        }
        if (!opened.isDone()) {
            stats.deliveries().error(name + " lost during the handshake: " + reason);
            opened.completeExceptionally(new java.io.IOException("connection lost during the handshake: " + reason));
        } else if (!closing && !(reason instanceof ConnectionDone && stopFlag.get())) {
            stats.deliveries().error(name + " lost during the run: " + reason);
        }
        closed.countDown();
    }
}
