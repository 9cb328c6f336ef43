package dev.torsion.websocket;

import dev.torsion.websocket.frame.FrameParser;
import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.text.Utf8;
import dev.torsion.websocket.text.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The WebSocket protocol (RFC 6455) for one connection, without I/O: bytes in ({@link #receiveData},
 * {@link #receiveEof}), commands ({@link #sendText}, {@link #sendBinary}, {@link #sendFragment},
 * {@link #sendPing}, {@link #sendPong}, {@link #close}, {@link #fail}), events out to a
 * {@link ConnectionListener}, bytes and I/O orders out to a {@link ConnectionOutput}. The same class serves a
 * server and a client; the {@link Role} decides masking and who closes TCP first.
 *
 * <p><b>Failures.</b> Whatever the peer sends wrong surfaces as a {@link WebSocketProtocolException}; this class
 * catches it in {@link #receiveData} and fails the connection in one place ({@code failConnection}): a close
 * frame with the exception's code and an empty reason, then the order to close TCP. Exception text never
 * goes on the wire.
 *
 * <p><b>Closing.</b> {@link #close} sends a close frame and asks for the close timer; the peer's close frame
 * is answered by echoing its code. A server asks to close TCP once both close frames are exchanged; a client
 * waits for the server to close TCP (the timer bounds the wait). Everything sent before {@code close} is
 * written before the close frame, since both go to the same output in call order.
 *
 * <p><b>States.</b> See {@link ConnectionState}. A command the current state does not allow throws
 * {@link IllegalStateException} with a message naming the command and the state, e.g.
 * {@code "sendText: not allowed in state LOCAL_CLOSING"}.
 *
 * <p><b>Threading.</b> Not thread-safe: drive it from one thread (the connection's event loop).
 *
 * <p><b>Lifecycle.</b> Created in {@link ConnectionState#CONNECTING}; {@link #open()} once the opening
 * handshake is done; {@link #transportLost} when TCP is gone. It ends in {@link ConnectionState#CLOSED}, where
 * {@link #closeCode()}, {@link #closeReason()} and {@link #wasClean()} tell how it ended.
 */
public final class WebSocketConnection {

    /** The most bytes a close reason can take: 125 bytes of control payload minus the 2-byte code. */
    public static final int MAX_CLOSE_REASON_BYTES = 123;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private static final ExtensionCodec[] NO_CODECS = {};

    private final Role role;
    private final ConnectionListener listener;
    private final ConnectionOutput output;
    private FrameParser parser;
    private final long maxFrameSize;
    private final FrameWriter writer;
    private final MessageReader reader;

    private ConnectionState state = ConnectionState.CONNECTING;
    private int sendingOpcode;            // opcode of the fragmented message being sent, 0 when none
    private boolean closeSent;
    private boolean closeReceived;
    private boolean failed;
    private boolean closeTimerStarted;
    private boolean transportCloseRequested;
    private int peerCloseCode;
    /** The codecs of the agreed extensions that transform messages, in the order agreed. */
    private ExtensionCodec[] codecs = NO_CODECS;
    private boolean codecsReleased;
    private int statusCode = CloseCode.ABNORMAL_CLOSURE.code();
    private String statusReason = "connection closed without a closing handshake";
    /** Pieces the listener may still be given (receiving in pieces); Long.MAX_VALUE: no bound. */
    private long demand;

    /** A connection with the frame and message limits of {@code config} and a fresh mask generator. */
    public WebSocketConnection(Role role, WebSocketConfig config, ConnectionListener listener, ConnectionOutput output) {
        this(role, config, listener, output, new MaskGenerator());
    }

    /** A connection whose client frames are masked with keys from {@code masks}. */
    public WebSocketConnection(Role role, WebSocketConfig config, ConnectionListener listener, ConnectionOutput output,
                               MaskGenerator masks) {
        this.role = role;
        this.listener = listener;
        this.output = output;
        this.parser = new FrameParser(role, config.maxFrameSize());
        this.maxFrameSize = config.maxFrameSize();
        this.writer = role == Role.SERVER ? FrameWriter.SERVER : new FrameWriter(role, masks);
        this.reader = new MessageReader(this, listener, config.maxMessageSize());
        if (config.receiveInPieces()) {
            reader.receiveInPieces();
            parser.pause();   // no demand yet: see request
        }
    }

    /**
     * Receiving in pieces ({@link WebSocketConfig#receiveInPieces()}): lets the listener be given {@code n} more
     * pieces ({@code Long.MAX_VALUE}: every piece as it comes). Demand starts at zero; each piece delivered uses
     * one. While it is zero, {@link #receiveData} stops after the piece that used the last of it and leaves the
     * rest of its buffer unparsed (its position at the first byte not parsed): give those bytes again once there
     * is demand. Control frames are parsed only as far as the data before them.
     */
    public void request(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("request: n must be positive, got " + n);
        }
        demand = demand > Long.MAX_VALUE - n ? Long.MAX_VALUE : demand + n;
        parser.resume();
    }

    /** True when {@link #receiveData} stopped for want of demand and has bytes to be given again. */
    public boolean isWaitingForDemand() {
        return parser.isPaused() && !parser.isHalted() && state != ConnectionState.CLOSED;
    }

    /** The reader delivered a piece: one less to give; at none the parser stops after it. */
    void pieceDelivered() {
        if (demand != Long.MAX_VALUE && --demand <= 0) {
            demand = 0;
            parser.pause();
        }
    }

    /** The current state. */
    public ConnectionState state() {
        return state;
    }

    /** Which end this is. */
    public Role role() {
        return role;
    }

    /**
     * The extension hook: frames may carry these RSV bits (RSV1 = 4, RSV2 = 2, RSV3 = 1), as an extension
     * negotiated in the handshake (permessage-deflate claims RSV1) requires. Call before {@link #open()}.
     */
    public void allowReservedBits(int rsvBits) {
        requireState("allowReservedBits", ConnectionState.CONNECTING);
        parser.allowReservedBits(rsvBits);
    }

    /**
     * Uses an agreed extension's codec (RFC 6455 section 9; permessage-deflate, RFC 7692, is one): messages
     * whose first frame carries its reserved bits are decoded by it, and messages sent whole are encoded by it
     * when it wants them (see {@link ExtensionCodec} for the rules). Codecs are tried in the order they are
     * added and must own distinct bits. The connection releases every codec when it ends. Call before
     * {@link #open()}.
     */
    public void useExtension(ExtensionCodec codec) {
        requireState("useExtension", ConnectionState.CONNECTING);
        int bits = codec.reservedBits();
        if (bits < 1 || bits > 7 || (parser.allowedReservedBits() & bits) != 0) {
            throw new IllegalArgumentException("useExtension: reserved bits " + bits + " are not 1 to 7 or are "
                    + "already claimed (" + parser.allowedReservedBits() + ")");
        }
        // A frame carries encoded bytes, which may be a little larger than the message (incompressible data
        // grows when deflated): allow deflate's margin so a message of the maximum size still fits in one
        // frame. The decoded size is checked against the message limit as it is decoded.
        int allowed = parser.allowedReservedBits();
        if (codecs.length == 0) {
            boolean paused = parser.isPaused();
            parser = new FrameParser(role, deflatedLimit(maxFrameSize));
            if (paused) {
                parser.pause();
            }
        }
        parser.allowReservedBits(allowed | bits);
        reader.useExtension(codec);
        codecs = java.util.Arrays.copyOf(codecs, codecs.length + 1);
        codecs[codecs.length - 1] = codec;
    }

    /** The opening handshake is done: messages may flow. */
    public void open() {
        requireState("open", ConnectionState.CONNECTING);
        setState(ConnectionState.OPEN);
    }

    // ---------------------------------------------------------------- input

    /**
     * Parses bytes from the peer (any amount: part of a frame, many frames), giving events to the listener.
     * Bytes after the peer's close frame or after a failure are ignored. Consumes the buffer, except when
     * receiving in pieces with no demand left (see {@link #request}).
     */
    public void receiveData(ByteBuffer data) {
        if (state == ConnectionState.CONNECTING) {
            throw illegal("receiveData");
        }
        try {
            if (state != ConnectionState.CLOSED) {
                parser.parse(data, reader);
            }
        } catch (WebSocketProtocolException e) {
            failConnection(e.closeCode(), e.getMessage());
        } finally {
            if (!isWaitingForDemand()) {
                data.position(data.limit());
            }
        }
    }

    /**
     * The peer closed its side of TCP. Returns true when this end still has to write (it owes the peer a close
     * frame after finishing a fragmented message) and the connection must stay half-open; false otherwise,
     * in which case the order to close TCP has been given.
     */
    public boolean receiveEof() {
        switch (state) {
            case REMOTE_CLOSING:
                return true;
            case CLOSED:
                requestTransportClose();
                return false;
            default:
                parser.halt();
                reader.discard();
                recordAbnormal("peer closed TCP without a closing handshake");
                setState(ConnectionState.CLOSED);
                requestTransportClose();
                return false;
        }
    }

    /** TCP is gone (closed, reset or aborted, by either end): the connection is closed for good. */
    public void transportLost(String why) {
        parser.halt();
        reader.discard();
        recordAbnormal(why);
        setState(ConnectionState.CLOSED);
        if (!codecsReleased) {
            codecsReleased = true;
            for (ExtensionCodec codec : codecs) {
                codec.release();
            }
        }
    }

    /** The size of the array a message that spans reads is assembled in (0 when none); for tests. */
    int assemblingCapacity() {
        return reader.assemblingCapacity();
    }

    /** The permessage-deflate codec in use, or null (for tests of its release). */
    dev.torsion.websocket.deflate.PerMessageDeflate deflateForTests() {
        for (ExtensionCodec codec : codecs) {
            if (codec instanceof dev.torsion.websocket.deflate.PerMessageDeflate deflate) {
                return deflate;
            }
        }
        return null;
    }

    /** A limit on compressed bytes that a payload of {@code limit} bytes can need: deflate's worst case. */
    static long deflatedLimit(long limit) {
        return limit > Long.MAX_VALUE / 2 ? limit : limit + limit / 64 + 1024;
    }

    /** Writes a whole data message, encoded by the first extension codec that wants it, else as is. */
    private void writeMessage(int opcode, ByteBuffer payload) {
        ExtensionCodec codec = encoderFor(payload.remaining());
        if (codec != null) {
            writer.write(output, opcode, true, codec.reservedBits(), codec.encode(payload.duplicate()));
        } else {
            writer.write(output, opcode, true, 0, payload);
        }
    }

    /** The first codec that encodes a message of {@code length} bytes, or null (no codec: the fast paths). */
    private ExtensionCodec encoderFor(int length) {
        if (codecsReleased) {
            return null;
        }
        for (ExtensionCodec codec : codecs) {
            if (codec.shouldEncode(length)) {
                return codec;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- data

    /** Sends a text message in one frame, encoded from the String straight into the output. */
    public void sendText(String text) {
        requireCanSendMessage("sendText");
        int length = Utf8.encodedLength(text);
        ExtensionCodec codec = codecs.length == 0 ? null : encoderFor(length);
        if (codec != null) {
            writer.write(output, Opcode.TEXT, true, codec.reservedBits(),
                    codec.encode(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
        } else {
            writer.writeText(output, true, text, length);
        }
    }

    /** Sends a binary message in one frame: the buffer's remaining bytes, copied into the output (the buffer is not changed). */
    public void sendBinary(ByteBuffer data) {
        requireCanSendMessage("sendBinary");
        writeMessage(Opcode.BINARY, data);
    }

    /**
     * Sends a message framed once for many connections. A server writes the prepared frame itself; a client,
     * which must mask with its own keys, frames the payload anew.
     */
    public void sendPrepared(PreparedMessage message) {
        requireCanSendMessage("sendPrepared");
        ExtensionCodec codec = codecs.length == 0 ? null : encoderFor(message.payloadLength());
        if (codec != null) {
            ByteBuffer shared = role == Role.SERVER && codec instanceof dev.torsion.websocket.deflate.PerMessageDeflate
                    deflate ? message.compressedServerFrame(deflate) : null;
            if (shared != null) {
                FrameWriter.writeEncoded(output, shared);               // compressed once, shared
            } else {                                                    // context takeover, or another codec
                writer.write(output, message.opcode(), true, codec.reservedBits(), codec.encode(message.payload()));
            }
        } else if (role == Role.SERVER) {
            FrameWriter.writeEncoded(output, message.frame());      // framed once, copied into the output
        } else {
            writer.write(output, message.opcode(), true, 0, message.payload());
        }
    }

    /**
     * Sends one fragment of a message (RFC 6455 section 5.4): the first call starts a text or binary message,
     * the call with {@code fin} ends it. Control frames and {@link #close} may come between fragments; other
     * messages may not.
     */
    public void sendFragment(boolean text, ByteBuffer data, boolean fin) {
        requireCanSend("sendFragment");
        int opcode = text ? Opcode.TEXT : Opcode.BINARY;
        if (sendingOpcode != 0 && sendingOpcode != opcode) {
            throw new IllegalStateException("sendFragment: a " + Opcode.name(sendingOpcode)
                    + " message is in progress, cannot continue it as " + Opcode.name(opcode));
        }
        int frameOpcode = sendingOpcode == 0 ? opcode : Opcode.CONTINUATION;
        sendingOpcode = fin ? 0 : opcode;
        writer.write(output, frameOpcode, fin, 0, data);
        if (fin && state == ConnectionState.REMOTE_CLOSING) {
            replyToClose();
        }
    }

    /** True while a fragmented message this end is sending has not been finished. */
    public boolean isSendingFragmented() {
        return sendingOpcode != 0;
    }

    // ---------------------------------------------------------------- control

    /** Sends a ping with at most 125 bytes of payload (copied into the output). */
    public void sendPing(ByteBuffer payload) {
        requireCanSend("sendPing");
        writer.write(output, Opcode.PING, true, 0, checkControlPayload("sendPing", payload));
    }

    /** Sends an unsolicited pong (a heartbeat) with at most 125 bytes of payload. */
    public void sendPong(ByteBuffer payload) {
        requireCanSend("sendPong");
        writer.write(output, Opcode.PONG, true, 0, checkControlPayload("sendPong", payload));
    }

    /** Starts (or answers) the closing handshake with 1000 and no reason. */
    public void close() {
        close(CloseCode.NORMAL_CLOSURE, "");
    }

    /**
     * Starts the closing handshake with {@code code} and {@code reason} (at most 123 bytes of UTF-8), or,
     * after the peer's close frame, answers it with them. The code must be sendable (not 1005, 1006 or 1015).
     */
    public void close(CloseCode code, String reason) {
        if (!code.isSendable()) {
            throw new IllegalArgumentException("close: " + code + " may not be sent in a close frame");
        }
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        if (reasonBytes.length > MAX_CLOSE_REASON_BYTES) {
            throw new IllegalArgumentException("close: the reason is " + reasonBytes.length
                    + " bytes of UTF-8, at most " + MAX_CLOSE_REASON_BYTES + " fit in a close frame");
        }
        if (state == ConnectionState.OPEN) {
            writeClose(code.code(), reasonBytes);
            setState(ConnectionState.LOCAL_CLOSING);
            startCloseTimer();
        } else if (state == ConnectionState.REMOTE_CLOSING) {
            writeClose(code.code(), reasonBytes);
            closedByHandshake();
        } else {
            throw illegal("close");
        }
    }

    /**
     * Fails the connection (RFC 6455 section 7.1.7): sends a close frame with {@code code} and no reason if
     * none was sent yet, then orders TCP closed. {@code why} is kept for the local application only
     * ({@link #closeReason()}). Does nothing once the connection is closed.
     */
    public void fail(CloseCode code, String why) {
        if (!code.isSendable()) {
            throw new IllegalArgumentException("fail: " + code + " may not be sent in a close frame");
        }
        failConnection(code, why);
    }

    // ---------------------------------------------------------------- outcome

    /**
     * How the connection ended (meaningful in {@link ConnectionState#CLOSED}): the peer's close code (1005 if
     * its close frame had none), the code this end failed the connection with, or 1006 when TCP ended without
     * a closing handshake.
     */
    public CloseCode closeCode() {
        return CloseCode.of(statusCode);
    }

    /** The peer's close reason, or a local description of a failure or abnormal end (never sent). */
    public String closeReason() {
        return statusReason;
    }

    /** True when both close frames were exchanged and nothing failed. */
    public boolean wasClean() {
        return closeSent && closeReceived && !failed;
    }

    // ---------------------------------------------------------------- internals

    /**
     * Called by the reader with a complete control frame: its unmasked payload between position and limit,
     * valid during the call only (it may be a view of the read buffer).
     */
    void controlFrameReceived(int opcode, ByteBuffer payload) {
        switch (opcode) {
            case Opcode.PING:
                if (state == ConnectionState.OPEN || state == ConnectionState.LOCAL_CLOSING) {
                    writer.write(output, Opcode.PONG, true, 0, payload);
                }
                listener.onPing(payload);
                break;
            case Opcode.PONG:
                listener.onPong(payload);
                break;
            default:
                closeFrameReceived(payload);
        }
    }

    private void closeFrameReceived(ByteBuffer payload) {
        int code;
        String reason = "";
        int length = payload.remaining();
        int at = payload.position();
        if (length == 0) {
            code = CloseCode.NO_STATUS_RECEIVED.code();
        } else if (length == 1) {
            throw WebSocketProtocolException.protocolError("close frame with a 1-byte payload");
        } else {
            code = ((payload.get(at) & 0xFF) << 8) | (payload.get(at + 1) & 0xFF);
            if (!CloseCode.isValidOnWire(code)) {
                throw WebSocketProtocolException.protocolError("close frame with invalid code " + code);
            }
            if (Utf8Validator.validate(Utf8Validator.ACCEPT, payload, at + 2, at + length) != Utf8Validator.ACCEPT) {
                throw WebSocketProtocolException.invalidPayload("close reason is not valid UTF-8");
            }
            byte[] bytes = new byte[length - 2];
            payload.get(at + 2, bytes);
            reason = new String(bytes, StandardCharsets.UTF_8);
        }
        parser.halt();
        reader.discard();
        closeReceived = true;
        peerCloseCode = code;
        statusCode = code;
        statusReason = reason;
        if (state == ConnectionState.LOCAL_CLOSING) {
            // the listener hears the answer before the order to close TCP, which may end the connection at once
            listener.onCloseReceived(code, reason);
            if (state == ConnectionState.LOCAL_CLOSING) {
                closedByHandshake();
            }
            return;
        }
        setState(ConnectionState.REMOTE_CLOSING);
        listener.onCloseReceived(code, reason);
        if (state == ConnectionState.REMOTE_CLOSING) {
            if (sendingOpcode == 0) {
                replyToClose();
            } else {
                startCloseTimer();
            }
        }
    }

    private void replyToClose() {
        if (peerCloseCode == CloseCode.NO_STATUS_RECEIVED.code()) {
            writer.write(output, Opcode.CLOSE, true, 0, EMPTY.duplicate());
            closeSent = true;
        } else {
            writeClose(peerCloseCode, new byte[0]);
        }
        closedByHandshake();
    }

    /** Both close frames are exchanged: the server closes TCP, the client waits for it (timer bounded). */
    private void closedByHandshake() {
        setState(ConnectionState.CLOSED);
        if (role == Role.SERVER) {
            requestTransportClose();
        } else {
            startCloseTimer();
        }
    }

    /** The one place where a failure becomes a close frame: its code, never its text. */
    private void failConnection(CloseCode code, String why) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        parser.halt();
        reader.discard();
        if (!closeSent && state != ConnectionState.CONNECTING) {
            writeClose(code.code(), new byte[0]);
        }
        if (!closeReceived) {
            statusCode = code.code();
            statusReason = why;
        }
        failed = true;
        setState(ConnectionState.CLOSED);
        requestTransportClose();
    }

    private void writeClose(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        writer.write(output, Opcode.CLOSE, true, 0, ByteBuffer.wrap(payload));
        closeSent = true;
    }

    private void recordAbnormal(String why) {
        if (!closeReceived && !failed) {
            statusCode = CloseCode.ABNORMAL_CLOSURE.code();
            statusReason = why;
        }
    }

    private void startCloseTimer() {
        if (!closeTimerStarted) {
            closeTimerStarted = true;
            output.startCloseTimer();
        }
    }

    private void requestTransportClose() {
        if (!transportCloseRequested) {
            transportCloseRequested = true;
            output.closeTransport();
        }
    }

    private static ByteBuffer checkControlPayload(String call, ByteBuffer payload) {
        if (payload.remaining() > 125) {
            throw new IllegalArgumentException(call + ": control frame payload is " + payload.remaining()
                    + " bytes, at most 125 allowed");
        }
        return payload;
    }

    private void requireCanSendMessage(String call) {
        requireCanSend(call);
        if (sendingOpcode != 0) {
            throw new IllegalStateException(call + ": a fragmented " + Opcode.name(sendingOpcode)
                    + " message is in progress; finish it first");
        }
    }

    private void requireCanSend(String call) {
        if (state != ConnectionState.OPEN && state != ConnectionState.REMOTE_CLOSING) {
            throw illegal(call);
        }
    }

    private void requireState(String call, ConnectionState required) {
        if (state != required) {
            throw illegal(call);
        }
    }

    /** Moves to {@code next} and tells the listener (the one place the state changes). */
    private void setState(ConnectionState next) {
        if (state != next) {
            state = next;
            listener.stateChanged(next);
        }
    }

    private IllegalStateException illegal(String call) {
        return new IllegalStateException(call + ": not allowed in state " + state);
    }
}
