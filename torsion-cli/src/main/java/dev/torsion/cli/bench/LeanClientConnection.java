package dev.torsion.cli.bench;

import dev.torsion.http.MalformedResponseException;
import dev.torsion.http.ResponseHead;
import dev.torsion.http.ResponseHeadParser;
import dev.torsion.reactor.ConnectionDone;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;
import dev.torsion.websocket.Role;
import dev.torsion.websocket.WebSocketProtocolException;
import dev.torsion.websocket.frame.FrameParser;
import dev.torsion.websocket.frame.FrameSink;
import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.handshake.ClientHandshake;
import dev.torsion.websocket.handshake.HandshakeFailedException;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the load generator's lean connections share: a {@link Protocol} straight on the Torsion reactor that
 * does the opening handshake ({@link ClientHandshake}, checked strictly), parses what the server sends with
 * the Torsion {@link FrameParser} in the read buffer, answers pings, answers a close and reports a server
 * that closes or breaks the protocol during the run. Subclasses handle the data frames
 * ({@link LeanEchoConnection} checks echoes, {@link FanoutConnection} fan-out deliveries).
 *
 * <p><b>Threading.</b> Every method but {@link #stop()} runs on the connection's event loop; {@link #stop()}
 * hops onto it. <b>Lifecycle.</b> Completes {@link #opened()} once the handshake is verified;
 * {@link #stop()} sends a close frame; {@link #connectionLost} reports how the connection ended.
 */
abstract class LeanClientConnection implements Protocol, FrameSink {

    private final URI uri;
    private final FrameParser parser;
    private final AtomicBoolean stopFlag;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();

    /** The connection; set by {@link #connectionMade}. */
    protected Transport transport;
    /** True once this end sent (or is sending) its close frame, or gave up on the connection. */
    protected boolean closing;
    private ClientHandshake handshake;
    private ResponseHeadParser head = new ResponseHeadParser();

    // the frame being received
    private int frameOpcode;
    private boolean frameFin;
    private byte[] control;
    private int controlLength;

    LeanClientConnection(URI uri, long maxFrameSize, AtomicBoolean stopFlag) {
        this.uri = uri;
        this.stopFlag = stopFlag;
        this.parser = new FrameParser(Role.CLIENT, maxFrameSize);
    }

    /** Completes once the handshake is verified (and {@link #handshakeCompleted()} has run). */
    final CompletableFuture<Void> opened() {
        return opened;
    }

    /** Sends a close frame (from any thread). */
    final void stop() {
        if (transport != null) {
            transport.scheduler().execute(() -> {
                stopping();
                if (!closing && transport.isOpen()) {
                    closing = true;
                    transport.write(closeFrame());
                }
            });
        }
    }

    /** The name errors are reported under, e.g. "connection 7". */
    abstract String name();

    /** Counts an error of the run with its description. */
    abstract void error(String message);

    /** The masked close frame this connection sends. */
    abstract ByteBuffer closeFrame();

    /** The handshake is verified: start the connection's work. */
    abstract void handshakeCompleted();

    /** A data frame starts (a continuation frame has {@link Opcode#CONTINUATION}). */
    abstract void dataFrameHeader(int opcode, long length);

    /** Payload bytes of the current data frame, unmasked (server frames), in the read buffer. */
    abstract void dataFramePayload(ByteBuffer buffer, int index, int length);

    /** The current data frame ended; {@code fin} says whether its message did too. */
    abstract void dataFrameEnd(boolean fin);

    /** A read is about to be parsed. */
    void readStarting() {
    }

    /** A read was parsed. */
    void readDone() {
    }

    /** {@link #stop()} runs, on the loop, before the close frame. */
    void stopping() {
    }

    /** The connection is gone (after the ending was reported). */
    abstract void ended();

    @Override
    public final void connectionMade(Transport transport) {
        this.transport = transport;
        handshake = ClientHandshake.builder(uri).build();
        transport.write(ByteBuffer.wrap(handshake.request().toHttpText().getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Override
    public final void dataReceived(ByteBuffer data) {
        if (head != null && !handshakeDone(data)) {
            return;
        }
        readStarting();
        try {
            parser.parse(data, this);
        } catch (WebSocketProtocolException e) {
            fail("the server broke the protocol: " + e.getMessage());
            return;
        }
        readDone();
    }

    private boolean handshakeDone(ByteBuffer data) {
        try {
            ResponseHead response = head.feed(data);
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
        handshakeCompleted();
        opened.complete(null);
        return true;
    }

    @Override
    public final void onFrameHeader(boolean fin, int rsv, int opcode, long length, boolean masked, int maskKey) {
        frameFin = fin;
        frameOpcode = opcode;
        if (Opcode.isControl(opcode)) {
            control = new byte[(int) length];
            controlLength = 0;
            return;
        }
        dataFrameHeader(opcode, length);
    }

    @Override
    public final void onFramePayload(ByteBuffer buffer, int index, int length, long frameOffset) {
        if (Opcode.isControl(frameOpcode)) {
            buffer.get(index, control, controlLength, length);
            controlLength += length;
            return;
        }
        dataFramePayload(buffer, index, length);
    }

    @Override
    public final void onFrameEnd() {
        if (Opcode.isControl(frameOpcode)) {
            controlEnded();
        } else {
            dataFrameEnd(frameFin);
        }
    }

    private void controlEnded() {
        if (frameOpcode == Opcode.PING) {
            transport.write(new FrameWriter(Role.CLIENT, new MaskGenerator()).frame(Opcode.PONG, true, 0,
                    ByteBuffer.wrap(control)));
        } else if (frameOpcode == Opcode.CLOSE) {
            parser.halt();
            if (!closing) {
                closing = true;
                error(name() + ": the server closed the connection during the run");
                transport.write(closeFrame());
            }
            transport.loseConnection();
        }
    }

    /** Counts {@code why} as an error and aborts the connection. */
    final void fail(String why) {
        error(name() + ": " + why);
        closing = true;
        transport.abortConnection();
    }

    @Override
    public final void connectionLost(Throwable reason) {
        stopping();
        if (!opened.isDone()) {
            error(name() + " lost during the handshake: " + reason);
            opened.completeExceptionally(new IOException("connection lost during the handshake: " + reason));
        } else if (!closing && !(reason instanceof ConnectionDone && stopFlag.get())) {
            error(name() + " lost during the run: " + reason);
        }
        ended();
    }
}
