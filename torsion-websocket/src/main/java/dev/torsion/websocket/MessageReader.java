package dev.torsion.websocket;

import dev.torsion.websocket.deflate.DeflateException;
import dev.torsion.websocket.deflate.InflatedDataSink;
import dev.torsion.websocket.deflate.PerMessageDeflate;
import dev.torsion.websocket.frame.FrameSink;
import dev.torsion.websocket.frame.Masking;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.text.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns parsed frames into messages for one connection (RFC 6455 section 5.4, 5.6): enforces the
 * fragmentation order, the message size limit and UTF-8 validity of text (incrementally, at the first bad
 * byte), unmasks payload into the message's array, and hands whole messages to the listener and control
 * frames to the connection.
 *
 * <p><b>Copies.</b> Payload is copied once, from the read buffer into the array the application receives
 * (unmasking on the way); that array is sized from the frame header when the frame's bytes are all there, and
 * grown by doubling while they trickle in, so a peer announcing a large frame costs memory only as it sends.
 * An unmasked, unfragmented text frame that arrived in one read is decoded straight from the read buffer.
 * Between messages the reader holds no buffer.
 *
 * <p><b>Threading.</b> Not thread-safe: owned by its connection.
 */
final class MessageReader implements FrameSink {

    private static final int MIN_GROWTH = 1024;
    private static final byte[] EMPTY = new byte[0];

    private final WebSocketConnection connection;
    private final ConnectionListener listener;
    private final long maxMessageSize;

    // The frame being read.
    private int frameOpcode;
    private boolean frameFin;
    private long frameLength;
    private boolean frameMasked;
    private int frameKey;
    private byte[] control;

    // The data message being assembled; messageOpcode 0 means none.
    private int messageOpcode;
    private byte[] message;
    private int messageSize;
    private long frameStartSize;
    private int utf8 = Utf8Validator.ACCEPT;
    private String directText;

    // permessage-deflate (RFC 7692): null unless agreed in the handshake.
    private PerMessageDeflate deflate;
    private boolean compressed;
    private long compressedSize;
    private byte[] scratch;
    private InflatedDataSink inflated;

    MessageReader(WebSocketConnection connection, ConnectionListener listener, long maxMessageSize) {
        this.connection = connection;
        this.listener = listener;
        this.maxMessageSize = maxMessageSize;
    }

    /** Decompresses messages that arrive with RSV1 set (permessage-deflate agreed). */
    void useDeflate(PerMessageDeflate codec) {
        this.deflate = codec;
        this.inflated = this::appendInflated;
    }

    @Override
    public void onFrameHeader(boolean fin, int rsv, int opcode, long length, boolean masked, int maskKey) {
        listener.frameReceived(opcode, length);
        frameOpcode = opcode;
        frameFin = fin;
        frameLength = length;
        frameMasked = masked;
        frameKey = maskKey;
        if (Opcode.isControl(opcode)) {
            if (rsv != 0) {
                throw WebSocketProtocolException.protocolError("RSV bits set on control frame " + Opcode.name(opcode));
            }
            control = length == 0 ? EMPTY : new byte[(int) length];
            return;
        }
        // With permessage-deflate, RSV1 marks a compressed message; without it, RSV1 only reaches here when
        // another extension claimed it through allowReservedBits, and the payload is passed through as is.
        boolean rsv1 = deflate != null && (rsv & 4) != 0;
        if (opcode == Opcode.CONTINUATION) {
            if (messageOpcode == 0) {
                throw WebSocketProtocolException.protocolError("continuation frame with no message in progress");
            }
            if (rsv1) {
                throw WebSocketProtocolException.protocolError("RSV1 set on a continuation frame");
            }
        } else {
            if (messageOpcode != 0) {
                throw WebSocketProtocolException.protocolError(
                        Opcode.name(opcode) + " frame while a fragmented message is in progress");
            }
            messageOpcode = opcode;
            utf8 = Utf8Validator.ACCEPT;
            compressed = rsv1;
            compressedSize = 0;
        }
        if (compressed) {
            // the decompressed size is checked while inflating; bound the compressed input too (incompressible
            // data grows a little when deflated, hence the margin)
            compressedSize += length;
            if (compressedSize > WebSocketConnection.deflatedLimit(maxMessageSize)) {
                throw WebSocketProtocolException.tooBig("compressed message of at least " + compressedSize
                        + " bytes over the limit of " + maxMessageSize);
            }
            frameStartSize = messageSize;
            return;
        }
        if (messageSize + length > maxMessageSize) {
            throw WebSocketProtocolException.tooBig(
                    "message of at least " + (messageSize + length) + " bytes over the limit of " + maxMessageSize);
        }
        frameStartSize = messageSize;
    }

    @Override
    public void onFramePayload(ByteBuffer buffer, int index, int length, long frameOffset) {
        if (Opcode.isControl(frameOpcode)) {
            Masking.copy(buffer, index, control, (int) frameOffset, length, frameMasked, frameKey, frameOffset);
            return;
        }
        if (compressed) {
            inflate(buffer, index, length, frameOffset);
            return;
        }
        if (messageOpcode == Opcode.TEXT && frameFin && !frameMasked && messageSize == 0 && length == frameLength) {
            decodeInPlace(buffer, index, length);
            return;
        }
        ensureCapacity(messageSize + length);
        Masking.copy(buffer, index, message, messageSize, length, frameMasked, frameKey, frameOffset);
        if (messageOpcode == Opcode.TEXT) {
            utf8 = Utf8Validator.validate(utf8, message, messageSize, messageSize + length);
            if (utf8 == Utf8Validator.REJECT) {
                throw WebSocketProtocolException.invalidPayload("invalid UTF-8 in text message");
            }
        }
        messageSize += length;
    }

    @Override
    public void onFrameEnd() {
        if (Opcode.isControl(frameOpcode)) {
            byte[] payload = control;
            control = null;
            connection.controlFrameReceived(frameOpcode, payload);
            return;
        }
        if (!frameFin) {
            return;
        }
        if (compressed) {
            finishInflating();
        }
        int opcode = messageOpcode;
        byte[] bytes = message == null ? EMPTY : message;
        int size = messageSize;
        String text = directText;
        int finalUtf8 = utf8;
        discard();
        if (opcode == Opcode.TEXT) {
            if (text == null) {
                if (finalUtf8 != Utf8Validator.ACCEPT) {
                    throw WebSocketProtocolException.invalidPayload("text message ends inside a UTF-8 sequence");
                }
                text = new String(bytes, 0, size, StandardCharsets.UTF_8);
            }
            listener.onText(text);
        } else {
            listener.onBinary(ByteBuffer.wrap(bytes, 0, size));
        }
    }

    /** True while a fragmented message has started and not finished. */
    boolean isMidMessage() {
        return messageOpcode != 0;
    }

    /** Forgets the message in progress (after a close frame or a failure). */
    void discard() {
        compressed = false;
        compressedSize = 0;
        messageOpcode = 0;
        message = null;
        messageSize = 0;
        directText = null;
        utf8 = Utf8Validator.ACCEPT;
    }

    private void inflate(ByteBuffer buffer, int index, int length, long frameOffset) {
        ByteBuffer payload;
        if (frameMasked) {
            if (scratch == null || scratch.length < length) {
                scratch = new byte[Math.max(length, 4096)];
            }
            Masking.copy(buffer, index, scratch, 0, length, true, frameKey, frameOffset);
            payload = ByteBuffer.wrap(scratch, 0, length);
        } else {
            payload = buffer.duplicate();
            payload.limit(index + length).position(index);
        }
        try {
            deflate.decompress(payload, false, inflated);
        } catch (DeflateException e) {
            throw new WebSocketProtocolException(CloseCode.of(e.closeCode()), e.getMessage());
        }
    }

    private void finishInflating() {
        try {
            deflate.decompress(ByteBuffer.allocate(0), true, inflated);
        } catch (DeflateException e) {
            throw new WebSocketProtocolException(CloseCode.of(e.closeCode()), e.getMessage());
        }
        if (scratch != null && scratch.length > 64 * 1024) {
            scratch = null; // do not keep a big buffer on an idle connection
        }
    }

    /** Receives decompressed bytes: appended to the message, UTF-8 checked as they come for text. */
    private void appendInflated(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (messageSize + (long) n > maxMessageSize) {
            throw WebSocketProtocolException.tooBig("decompressed message over the limit of " + maxMessageSize);
        }
        ensureCapacity(messageSize + n);
        chunk.get(message, messageSize, n);
        if (messageOpcode == Opcode.TEXT) {
            utf8 = Utf8Validator.validate(utf8, message, messageSize, messageSize + n);
            if (utf8 == Utf8Validator.REJECT) {
                throw WebSocketProtocolException.invalidPayload("invalid UTF-8 in text message");
            }
        }
        messageSize += n;
    }

    private void decodeInPlace(ByteBuffer buffer, int index, int length) {
        if (Utf8Validator.validate(Utf8Validator.ACCEPT, buffer, index, index + length) != Utf8Validator.ACCEPT) {
            throw WebSocketProtocolException.invalidPayload("invalid UTF-8 in text message");
        }
        if (buffer.hasArray()) {
            directText = new String(buffer.array(), buffer.arrayOffset() + index, length, StandardCharsets.UTF_8);
        } else {
            byte[] bytes = new byte[length];
            buffer.get(index, bytes, 0, length);
            directText = new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private void ensureCapacity(int required) {
        int capacity = message == null ? 0 : message.length;
        if (required <= capacity) {
            return;
        }
        // the frame header tells the size of an uncompressed final frame; a compressed frame's length says
        // nothing about its decompressed size, so such messages grow by doubling (up to the limit)
        long hint = frameFin && !compressed ? frameStartSize + frameLength : maxMessageSize;
        long grown = Math.max(required, Math.min(hint, Math.max(MIN_GROWTH, 2L * capacity)));
        byte[] bigger = new byte[(int) Math.min(grown, Integer.MAX_VALUE - 8)];
        if (messageSize > 0) {
            System.arraycopy(message, 0, bigger, 0, messageSize);
        }
        message = bigger;
    }
}
