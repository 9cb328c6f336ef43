package dev.torsion.websocket.frame;

import dev.torsion.websocket.Role;
import dev.torsion.websocket.WebSocketProtocolException;

import java.nio.ByteBuffer;

/**
 * An incremental parser of WebSocket frames (RFC 6455 section 5.2): feed it bytes as TCP delivers them and
 * it reports headers and payload pieces to a {@link FrameSink}. The frames found do not depend on how the
 * stream was cut: one byte per call, or many frames in one call, give the same headers and payload bytes.
 *
 * <p>It checks everything that one frame header can break, and throws a
 * {@link WebSocketProtocolException} at the first byte that breaks it:
 * <ul>
 *   <li>RSV bits that no extension claimed (see {@link #allowReservedBits}), a reserved opcode, a control
 *       frame that is fragmented or longer than 125 bytes, a 64-bit length with its top bit set, a length
 *       sent in a longer encoding than needed (a 16-bit length under 126, a 64-bit one under 65536: section
 *       5.2 requires the minimal number of bytes), an unmasked
 *       frame sent to a server or a masked frame sent to a client: {@code 1002};</li>
 *   <li>a payload longer than the frame limit: {@code 1009}.</li>
 * </ul>
 * Rules that span frames (fragmentation order, message size, UTF-8) belong to the sink.
 *
 * <p><b>Memory.</b> Payload bytes are never buffered: the sink gets them straight from the caller's buffer.
 * Only a header cut by a read boundary is kept, in a 14-byte array held until the header is complete.
 *
 * <p><b>Threading.</b> Not thread-safe: one parser per connection, used on its event loop.
 */
public final class FrameParser {

    private static final int MAX_HEADER = 14;

    private final boolean expectMasked;
    private final long maxFrameSize;
    private int allowedRsv;

    private byte[] partialHeader;
    private ByteBuffer partialHeaderView;
    private int headerFill;
    private int headerSize;

    private boolean inPayload;
    private long payloadRemaining;
    private long payloadOffset;
    private boolean halted;
    private boolean paused;

    /**
     * A parser for the frames that the peer of a {@code role} end sends: a server expects masked frames, a
     * client unmasked ones. Frames with more than {@code maxFrameSize} payload bytes fail with 1009.
     */
    public FrameParser(Role role, long maxFrameSize) {
        if (maxFrameSize < 125) {
            throw new IllegalArgumentException("maxFrameSize must allow control frames (>= 125), got " + maxFrameSize);
        }
        this.expectMasked = role == Role.SERVER;
        this.maxFrameSize = maxFrameSize;
    }

    /** The RSV bits frames may carry (RSV1 = 4, RSV2 = 2, RSV3 = 1), as allowed so far. */
    public int allowedReservedBits() {
        return allowedRsv;
    }

    /**
     * The extension hook: lets frames carry the given RSV bits (RSV1 = 4, RSV2 = 2, RSV3 = 1), as a negotiated
     * extension such as permessage-deflate (RSV1) requires. The sink then sees the bits and gives them meaning.
     */
    public void allowReservedBits(int rsvBits) {
        if ((rsvBits & ~7) != 0) {
            throw new IllegalArgumentException("RSV bits are a 3-bit value, got " + rsvBits);
        }
        allowedRsv |= rsvBits;
    }

    /**
     * Parses the buffer's remaining bytes, calling the sink for what it finds, until the bytes run out or
     * {@link #halt()} or {@link #pause()} is called (by the sink). Consumes what it parsed.
     *
     * @throws WebSocketProtocolException at the first byte that breaks a rule; the parser is then halted
     */
    public void parse(ByteBuffer in, FrameSink sink) {
        try {
            while (!halted && !paused && in.hasRemaining()) {
                if (inPayload) {
                    readPayload(in, sink);
                } else {
                    readHeader(in, sink);
                }
            }
        } catch (WebSocketProtocolException e) {
            halted = true;
            throw e;
        }
    }

    /** Stops parsing: later bytes (after a close frame, or after a failure) are ignored. */
    public void halt() {
        halted = true;
    }

    /**
     * Stops parsing for now, after the piece being delivered (a receiver with no demand left): {@link #parse}
     * returns with the buffer's position at the first byte not parsed, and parses nothing until
     * {@link #resume()}. The frame in progress is kept as it was.
     */
    public void pause() {
        paused = true;
    }

    /** Lets {@link #parse} go on after {@link #pause()}. */
    public void resume() {
        paused = false;
    }

    /** True between {@link #pause()} and {@link #resume()}. */
    public boolean isPaused() {
        return paused;
    }

    /** True once {@link #halt()} was called or a rule was broken. */
    public boolean isHalted() {
        return halted;
    }

    /** True when part of a frame has arrived and the rest has not. */
    public boolean isMidFrame() {
        return inPayload || headerFill > 0;
    }

    private void readPayload(ByteBuffer in, FrameSink sink) {
        int start = in.position();
        int n = (int) Math.min(payloadRemaining, in.remaining());
        in.position(start + n);
        long offset = payloadOffset;
        payloadOffset += n;
        payloadRemaining -= n;
        sink.onFramePayload(in, start, n, offset);
        if (payloadRemaining == 0 && !halted) {
            inPayload = false;
            sink.onFrameEnd();
        }
    }

    private void readHeader(ByteBuffer in, FrameSink sink) {
        int start = in.position();
        if (headerFill == 0 && in.remaining() >= 2) {
            int size = checkFirstTwoBytes(in.get(start), in.get(start + 1));
            if (in.remaining() >= size) {
                in.position(start + size);
                startFrame(in, start, sink);
                return;
            }
        }
        if (partialHeader == null) {
            partialHeader = new byte[MAX_HEADER];
            partialHeaderView = ByteBuffer.wrap(partialHeader);
        }
        if (headerFill == 0) {
            headerFill += take(in, 1);
            checkFirstByte(partialHeader[0]);
            if (!in.hasRemaining()) {
                return;
            }
        }
        if (headerFill == 1) {
            headerFill += take(in, 1);
            headerSize = checkFirstTwoBytes(partialHeader[0], partialHeader[1]);
        }
        headerFill += take(in, headerSize - headerFill);
        if (headerFill == headerSize) {
            headerFill = 0;
            ByteBuffer header = partialHeaderView;
            partialHeader = null;   // an idle connection keeps no buffer
            partialHeaderView = null;
            startFrame(header, 0, sink);
        }
    }

    private int take(ByteBuffer in, int wanted) {
        int n = Math.min(wanted, in.remaining());
        in.get(partialHeader, headerFill, n);
        return n;
    }

    /** Checks the rules decided by the first header byte alone: RSV bits, opcode, FIN of a control frame. */
    private void checkFirstByte(byte first) {
        int rsv = (first >> 4) & 7;
        int opcode = first & 0x0F;
        if ((rsv & ~allowedRsv) != 0) {
            throw WebSocketProtocolException.protocolError("RSV bits " + rsv + " set with no extension that claims them");
        }
        if (!Opcode.isDefined(opcode)) {
            throw WebSocketProtocolException.protocolError("reserved opcode " + Opcode.name(opcode));
        }
        if (Opcode.isControl(opcode) && first >= 0) {
            throw WebSocketProtocolException.protocolError("fragmented control frame " + Opcode.name(opcode));
        }
    }

    /** Checks the rules decided by the first two header bytes and returns the header's total size. */
    private int checkFirstTwoBytes(byte first, byte second) {
        checkFirstByte(first);
        int opcode = first & 0x0F;
        boolean masked = second < 0;
        int length7 = second & 0x7F;
        if (Opcode.isControl(opcode)) {
            if (length7 > 125) {
                throw WebSocketProtocolException.protocolError("control frame " + Opcode.name(opcode) + " longer than 125 bytes");
            }
        }
        if (masked != expectMasked) {
            throw WebSocketProtocolException.protocolError(expectMasked
                    ? "unmasked frame from a client" : "masked frame from a server");
        }
        int size = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0);
        return masked ? size + 4 : size;
    }

    /** Decodes the complete header at absolute index {@code base} of {@code header} and starts the frame. */
    private void startFrame(ByteBuffer header, int base, FrameSink sink) {
        int first = header.get(base);
        int second = header.get(base + 1);
        int length7 = second & 0x7F;
        int next = base + 2;
        long length;
        if (length7 == 126) {
            length = (int) bigEndian(header, next, 2);
            next += 2;
            if (length <= 125) {
                throw WebSocketProtocolException.protocolError("payload length " + length
                        + " sent with a 16-bit length (RFC 6455 5.2: the minimal encoding must be used)");
            }
        } else if (length7 == 127) {
            length = bigEndian(header, next, 8);
            next += 8;
            if (length < 0) {
                throw WebSocketProtocolException.protocolError("64-bit payload length with the most significant bit set");
            }
            if (length <= 0xFFFF) {
                throw WebSocketProtocolException.protocolError("payload length " + length
                        + " sent with a 64-bit length (RFC 6455 5.2: the minimal encoding must be used)");
            }
        } else {
            length = length7;
        }
        if (length > maxFrameSize) {
            throw WebSocketProtocolException.tooBig("frame of " + length + " bytes over the limit of " + maxFrameSize);
        }
        boolean masked = second < 0;
        int maskKey = masked ? (int) bigEndian(header, next, 4) : 0;
        sink.onFrameHeader(first < 0, (first >> 4) & 7, first & 0x0F, length, masked, maskKey);
        if (halted) {
            return;
        }
        if (length == 0) {
            sink.onFrameEnd();
        } else {
            inPayload = true;
            payloadRemaining = length;
            payloadOffset = 0;
        }
    }

    /** Reads a {@code bytes}-byte big-endian number, whatever byte order the caller's buffer is set to. */
    private static long bigEndian(ByteBuffer buffer, int index, int bytes) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (buffer.get(index + i) & 0xFF);
        }
        return value;
    }
}
