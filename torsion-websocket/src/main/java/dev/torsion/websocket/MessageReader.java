package dev.torsion.websocket;

import dev.torsion.websocket.frame.FrameSink;
import dev.torsion.websocket.frame.Masking;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.text.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns parsed frames into messages for one connection (RFC 6455 section 5.4, 5.6): enforces the
 * fragmentation order, the message size limit and UTF-8 validity of text (incrementally, at the first bad
 * byte), and hands whole messages to the listener and control frames to the connection.
 *
 * <p><b>Copies.</b> Payload that is delivered from where it lies (a whole message, a control frame) or
 * inflated from there is unmasked in place, in the read buffer (the transport hands it over for the call and
 * does not read it again); a piece of a message that is assembled is unmasked on its way into the message's
 * array ({@link Masking#copy}: read once, not unmasked and then copied). A message whose frame sits whole in
 * the read buffer (most small messages)
 * is not copied at all: a binary message reaches the listener as a read-only view of those bytes, valid during
 * the callback; a text message is validated and decoded in one pass into its {@code String} (one copy; from a
 * direct read buffer the bytes go through a reused scratch array first, since a {@code String} is built from
 * an array). A control frame's payload is likewise a view. A message that spans reads or frames is
 * assembled in an array from the thread's {@link ReceiveBuffers} pool, validated as it grows, delivered (as a
 * view of the array, or decoded), and the array goes back to the pool: one copy. The array is sized from the
 * frame header when the pool holds one that big; otherwise it grows by doubling while the bytes come, so a
 * peer that announces a large frame costs memory only as it sends. Between messages the reader holds no
 * buffer.
 *
 * <p><b>Threading.</b> Not thread-safe: owned by its connection.
 */
final class MessageReader implements FrameSink {

    private static final int MIN_GROWTH = 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final WebSocketConnection connection;
    private final ConnectionListener listener;
    private final long maxMessageSize;

    // The frame being read.
    private int frameOpcode;
    private boolean frameFin;
    private long frameLength;
    private boolean frameMasked;
    private int frameKey;
    /** A payload that arrived whole in one piece of input (a control frame, or a one-frame message): its place. */
    private ByteBuffer inPlace;
    private int inPlaceIndex;
    private int inPlaceLength;
    /** A control frame's payload cut by a read boundary. */
    private byte[] control;

    // The data message being assembled; messageOpcode 0 means none.
    private int messageOpcode;
    private byte[] message;
    private int messageSize;
    private long frameStartSize;
    private int utf8 = Utf8Validator.ACCEPT;

    // Extensions that transform messages (permessage-deflate, RFC 7692, and others): codecByBits[rsv] is the
    // codec owning exactly those RSV bits (made by the first useExtension: a connection without extensions
    // has none, and codecBits stays 0 so it is never read); `codec` decodes the message in progress (null: not encoded).
    private ExtensionCodec[] codecByBits;
    private int codecBits;
    private ExtensionCodec codec;
    private boolean compressed;
    private long compressedSize;
    private ExtensionCodec.Sink inflated;

    // Receiving in pieces (WebSocketConfig.receiveInPieces): each frame payload piece goes to the listener as it
    // comes, nothing is assembled; an encoded message is decoded a piece of input at a time.
    private boolean inPieces;
    /** Bytes of the message in progress given to the listener so far (its size, for the limit). */
    private long pieceTotal;
    /** The text decoder of the pieces (made by {@link #receiveInPieces}: a connection receiving whole messages has none). */
    private TextPieces textPieces;
    /** A buffer over {@link #message} for handing decoded pieces out (re-made when the array changes). */
    private ByteBuffer messageBuffer;

    MessageReader(WebSocketConnection connection, ConnectionListener listener, long maxMessageSize) {
        this.connection = connection;
        this.listener = listener;
        this.maxMessageSize = maxMessageSize;
    }

    /** Hands messages to the listener in pieces as they arrive ({@code onTextPiece}, {@code onBinaryPiece}). */
    void receiveInPieces() {
        inPieces = true;
        if (textPieces == null) {
            textPieces = new TextPieces();
        }
    }

    /** Decodes messages whose first frame carries the codec's reserved bits (an extension agreed). */
    void useExtension(ExtensionCodec extension) {
        if (codecByBits == null) {
            codecByBits = new ExtensionCodec[8];
        }
        codecByBits[extension.reservedBits()] = extension;
        codecBits |= extension.reservedBits();
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
        inPlace = null;
        if (Opcode.isControl(opcode)) {
            if (rsv != 0) {
                throw WebSocketProtocolException.protocolError("RSV bits set on control frame " + Opcode.name(opcode));
            }
            return;
        }
        // The bits of an extension codec mark an encoded message (RSV1: permessage-deflate); bits that only
        // reach here because an extension without a codec claimed them (allowReservedBits) pass as they are.
        int encodedBits = rsv & codecBits;
        if (opcode == Opcode.CONTINUATION) {
            if (messageOpcode == 0) {
                throw WebSocketProtocolException.protocolError("continuation frame with no message in progress");
            }
            if (encodedBits != 0) {
                throw WebSocketProtocolException.protocolError("RSV bits " + encodedBits + " set on a continuation frame");
            }
        } else {
            if (messageOpcode != 0) {
                throw WebSocketProtocolException.protocolError(
                        Opcode.name(opcode) + " frame while a fragmented message is in progress");
            }
            if (encodedBits != 0 && codecByBits[encodedBits] == null) {
                throw WebSocketProtocolException.protocolError("RSV bits " + encodedBits
                        + " are not those of one extension (extensions are not stacked on one message)");
            }
            messageOpcode = opcode;
            utf8 = Utf8Validator.ACCEPT;
            pieceTotal = 0;
            if (textPieces != null) {
                textPieces.reset();
            }
            codec = encodedBits == 0 ? null : codecByBits[encodedBits];
            compressed = codec != null;
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
        long sizeSoFar = inPieces ? pieceTotal : messageSize;
        if (sizeSoFar + length > maxMessageSize) {
            throw WebSocketProtocolException.tooBig(
                    "message of at least " + (sizeSoFar + length) + " bytes over the limit of " + maxMessageSize);
        }
        frameStartSize = messageSize;
    }

    @Override
    public void onFramePayload(ByteBuffer buffer, int index, int length, long frameOffset) {
        boolean whole = frameOffset == 0 && length == frameLength;
        if (!compressed && !inPieces && !Opcode.isControl(frameOpcode)
                && !(whole && frameFin && frameOpcode != Opcode.CONTINUATION)) {
            // a piece of a message that spans reads or frames: unmasked on its way into the message's array
            ensureCapacity(messageSize + length, frameFin ? frameStartSize + frameLength : -1);
            Masking.copy(buffer, index, message, messageSize, length, frameMasked, frameKey, frameOffset);
            appended(length);
            return;
        }
        if (frameMasked) {
            if (buffer.isReadOnly()) {
                buffer = writableCopy(buffer, index, length);
                index = 0;
            }
            Masking.mask(buffer, index, length, frameKey, frameOffset);
        }
        if (Opcode.isControl(frameOpcode)) {
            if (whole) {
                keepInPlace(buffer, index, length);
            } else {
                if (control == null) {
                    control = new byte[(int) frameLength];
                }
                buffer.get(index, control, (int) frameOffset, length);
            }
            return;
        }
        boolean endsMessage = frameFin && frameOffset + length == frameLength;
        if (compressed) {
            inflate(buffer, index, length);
            if (inPieces && !endsMessage) {
                giveDecoded(false);   // what this piece of input decoded to (the last comes with onFrameEnd)
            }
            return;
        }
        if (inPieces) {
            givePiece(buffer, index, length, endsMessage, true);
            return;
        }
        keepInPlace(buffer, index, length);   // a whole message in this piece: delivered from here
    }

    @Override
    public void onFrameEnd() {
        if (Opcode.isControl(frameOpcode)) {
            controlFrameEnded();
            return;
        }
        if (!frameFin) {
            return;
        }
        if (inPieces) {
            if (compressed) {
                finishInflating();
                giveDecoded(true);
            } else if (frameLength == 0) {
                givePiece(EMPTY, 0, 0, true, false);   // a final frame with no payload ends the message
            }
            discard();
            return;
        }
        if (compressed) {
            finishInflating();
        }
        int opcode = messageOpcode;
        if (inPlace != null) {
            ByteBuffer source = inPlace;
            inPlace = null;
            messageOpcode = 0;
            deliverInPlace(opcode, source, inPlaceIndex, inPlaceLength);
            return;
        }
        byte[] bytes = message;
        int size = messageSize;
        int finalUtf8 = utf8;
        message = null;
        discard();
        try {
            if (opcode == Opcode.TEXT) {
                if (finalUtf8 != Utf8Validator.ACCEPT) {
                    throw WebSocketProtocolException.invalidPayload("text message ends inside a UTF-8 sequence");
                }
                listener.onText(bytes == null ? "" : new String(bytes, 0, size, StandardCharsets.UTF_8));
            } else {
                listener.onBinary(bytes == null ? EMPTY : ByteBuffer.wrap(bytes, 0, size).asReadOnlyBuffer());
            }
        } finally {
            if (bytes != null) {
                ReceiveBuffers.current().give(bytes);
            }
        }
    }

    /** The size of the array the message in progress is assembled in (0 when none); for tests. */
    int assemblingCapacity() {
        return message == null ? 0 : message.length;
    }

    /** True while a fragmented message has started and not finished. */
    boolean isMidMessage() {
        return messageOpcode != 0;
    }

    /** Forgets the message in progress (after a close frame or a failure); its array goes back to the pool. */
    void discard() {
        compressed = false;
        codec = null;
        compressedSize = 0;
        messageOpcode = 0;
        inPlace = null;
        control = null;
        if (message != null) {
            byte[] bytes = message;
            message = null;
            ReceiveBuffers.current().give(bytes);
        }
        messageSize = 0;
        utf8 = Utf8Validator.ACCEPT;
        pieceTotal = 0;
        if (textPieces != null) {
            textPieces.reset();
        }
    }

    /**
     * Gives the listener one piece of the message in progress: {@code length} bytes of {@code source} from
     * absolute {@code index} (a view for binary, text up to a whole character), then counts it against the demand.
     * {@code validate}: the bytes are text not checked yet (decoded bytes were checked as they were appended).
     */
    private void givePiece(ByteBuffer source, int index, int length, boolean last, boolean validate) {
        pieceTotal += length;
        if (messageOpcode == Opcode.TEXT) {
            if (validate) {
                utf8 = Utf8Validator.validate(utf8, source, index, index + length);
                if (utf8 == Utf8Validator.REJECT) {
                    throw WebSocketProtocolException.invalidPayload("invalid UTF-8 in text message");
                }
            }
            if (last && utf8 != Utf8Validator.ACCEPT) {
                throw WebSocketProtocolException.invalidPayload("text message ends inside a UTF-8 sequence");
            }
            String text = textPieces.decode(source, index, length, last);
            if (text.isEmpty() && !last) {
                return;   // only part of a character so far: nothing to give yet
            }
            listener.onTextPiece(text, last);
        } else if (length == 0) {
            listener.onBinaryPiece(EMPTY, last);
        } else {
            ReceiveBuffers buffers = ReceiveBuffers.current();
            ByteBuffer view = buffers.view(source, index, length);
            try {
                listener.onBinaryPiece(view, last);
            } finally {
                buffers.endView(view);
            }
        }
        connection.pieceDelivered();
    }

    /** Gives what the codec decoded so far as one piece, and starts the next one in the same array. */
    private void giveDecoded(boolean last) {
        if (messageSize == 0 && !last) {
            return;
        }
        int n = messageSize;
        messageSize = 0;
        if (n == 0) {
            givePiece(EMPTY, 0, 0, true, false);
            return;
        }
        if (messageBuffer == null || messageBuffer.array() != message) {
            messageBuffer = ByteBuffer.wrap(message);
        }
        givePiece(messageBuffer, 0, n, last, false);
    }

    private void keepInPlace(ByteBuffer buffer, int index, int length) {
        inPlace = buffer;
        inPlaceIndex = index;
        inPlaceLength = length;
    }

    private void controlFrameEnded() {
        int opcode = frameOpcode;
        ByteBuffer source = inPlace;
        byte[] assembled = control;
        inPlace = null;
        control = null;
        if (source == null) {
            connection.controlFrameReceived(opcode, assembled == null ? EMPTY : ByteBuffer.wrap(assembled).asReadOnlyBuffer());
            return;
        }
        ReceiveBuffers buffers = ReceiveBuffers.current();
        ByteBuffer view = buffers.view(source, inPlaceIndex, inPlaceLength);
        try {
            connection.controlFrameReceived(opcode, view);
        } finally {
            buffers.endView(view);
        }
    }

    /** Delivers a message that sits whole in the input: a view (binary) or its decoded text. */
    private void deliverInPlace(int opcode, ByteBuffer source, int index, int length) {
        ReceiveBuffers buffers = ReceiveBuffers.current();
        if (opcode == Opcode.TEXT) {
            listener.onText(decode(buffers, source, index, length));
            return;
        }
        ByteBuffer view = buffers.view(source, index, length);
        try {
            listener.onBinary(view);
        } finally {
            buffers.endView(view);
        }
    }

    /** Validates and decodes UTF-8 text in one pass: ASCII is copied once into the String, the rest decoded once. */
    private static String decode(ReceiveBuffers buffers, ByteBuffer source, int index, int length) {
        byte[] bytes;
        int from;
        if (source.hasArray()) {
            bytes = source.array();
            from = source.arrayOffset() + index;
        } else {
            bytes = buffers.textBytes(length);
            source.get(index, bytes, 0, length);
            from = 0;
        }
        int to = from + length;
        int ascii = Utf8Validator.asciiPrefixEnd(bytes, from, to);
        if (ascii == to) {
            return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
        }
        char[] chars = buffers.textChars(length);
        for (int i = from; i < ascii; i++) {
            chars[i - from] = (char) bytes[i];
        }
        int n = Utf8Validator.decode(bytes, ascii, to, chars, ascii - from);   // the ASCII prefix is in already
        if (n < 0) {
            throw WebSocketProtocolException.invalidPayload("invalid UTF-8 in text message");
        }
        return new String(chars, 0, n);
    }

    /** Counts {@code length} bytes just appended to the message, checking text as it grows. */
    private void appended(int length) {
        if (messageOpcode == Opcode.TEXT) {
            utf8 = Utf8Validator.validate(utf8, message, messageSize, messageSize + length);
            if (utf8 == Utf8Validator.REJECT) {
                throw WebSocketProtocolException.invalidPayload("invalid UTF-8 in text message");
            }
        }
        messageSize += length;
    }

    private void inflate(ByteBuffer buffer, int index, int length) {
        ByteBuffer payload = buffer.duplicate();
        payload.limit(index + length).position(index);
        codec.decode(payload, false, inflated);
    }

    private void finishInflating() {
        codec.decode(EMPTY.duplicate(), true, inflated);
    }

    /** Receives decompressed bytes: appended to the message, UTF-8 checked as they come for text. */
    private void appendInflated(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (pieceTotal + messageSize + (long) n > maxMessageSize) {
            throw WebSocketProtocolException.tooBig("decompressed message over the limit of " + maxMessageSize);
        }
        ensureCapacity(messageSize + n, -1);
        chunk.get(message, messageSize, n);
        appended(n);
    }

    /**
     * Makes room for {@code required} bytes. {@code announced} is the size the message will have if its final
     * frame's header is right, or -1 when unknown (more frames may follow, or the bytes are inflated): the
     * pool's array of the announced size is taken when the pool holds one, else the array grows by doubling
     * from what is needed now (never past the announced size or the message limit).
     */
    private void ensureCapacity(int required, long announced) {
        int capacity = message == null ? 0 : message.length;
        if (required <= capacity) {
            return;
        }
        ReceiveBuffers pool = ReceiveBuffers.current();
        byte[] bigger = announced >= required ? pool.tryTake(announced) : null;
        if (bigger == null) {
            long hint = announced >= required ? announced : maxMessageSize;
            bigger = pool.take(Math.max(required, Math.min(hint, Math.max(MIN_GROWTH, 2L * capacity))));
        }
        if (messageSize > 0) {
            System.arraycopy(message, 0, bigger, 0, messageSize);
        }
        if (message != null) {
            pool.give(message);
        }
        message = bigger;
    }

    private static ByteBuffer writableCopy(ByteBuffer source, int index, int length) {
        ByteBuffer copy = ByteBuffer.allocate(length);
        copy.put(0, source, index, length);
        return copy;
    }
}
