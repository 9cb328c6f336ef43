package dev.torsion.web.http2;

import java.nio.ByteBuffer;

/**
 * Cuts the bytes of a connection (after the preface) into frames (RFC 9113 sections 4 and 6) and reports each
 * complete frame to a {@link FrameListener}, whatever the pieces the bytes came in: a frame that lies whole in
 * the input is passed as a slice of it, one split across reads is gathered first.
 *
 * <p>Checks made here: a frame larger than this end's SETTINGS_MAX_FRAME_SIZE (a connection error of type
 * FRAME_SIZE_ERROR); the stream identifier each type requires (PROTOCOL_ERROR); the length of PRIORITY,
 * RST_STREAM, SETTINGS, PING, GOAWAY and WINDOW_UPDATE frames (FRAME_SIZE_ERROR); padding no shorter than
 * the payload (PROTOCOL_ERROR); a zero WINDOW_UPDATE increment (PROTOCOL_ERROR, on the stream or the
 * connection); each SETTINGS value ({@link Http2Settings#check}).
 *
 * <p><b>Threading.</b> Not thread-safe: the connection's event loop only.
 *
 * <p><b>Lifecycle.</b> One per connection. After it has thrown a connection error it must not be fed again.
 */
final class FrameReader {

    private final byte[] header = new byte[FrameType.HEADER_LENGTH];
    private int headerFilled;
    private int maxFrameSize;

    /** The current frame's header, once read. */
    private int length = -1;
    private int type;
    private int flags;
    private int streamId;

    /** The payload of a frame split across reads; null while none is. */
    private ByteBuffer partial;

    FrameReader(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /** Changes the largest frame accepted (this end's SETTINGS_MAX_FRAME_SIZE, once acknowledged). */
    void setMaxFrameSize(int max) {
        maxFrameSize = max;
    }

    /** True while no frame is partly read. */
    boolean atFrameBoundary() {
        return headerFilled == 0 && length < 0;
    }

    /** Reads every complete frame in {@code in}, keeping the start of an incomplete one. */
    void read(ByteBuffer in, FrameListener listener) throws Http2Exception {
        while (in.hasRemaining()) {
            if (length < 0) {
                if (headerFilled == 0 && in.remaining() >= FrameType.HEADER_LENGTH) {
                    in.get(header);
                    headerFilled = FrameType.HEADER_LENGTH;
                } else {
                    int n = Math.min(in.remaining(), FrameType.HEADER_LENGTH - headerFilled);
                    in.get(header, headerFilled, n);
                    headerFilled += n;
                    if (headerFilled < FrameType.HEADER_LENGTH) {
                        return;
                    }
                }
                startFrame();
            }
            if (partial == null && in.remaining() >= length) {
                ByteBuffer payload = in.slice(in.position(), length);
                in.position(in.position() + length);
                endFrame(payload, listener);
                continue;
            }
            if (partial == null) {
                partial = ByteBuffer.allocate(length);
            }
            int n = Math.min(in.remaining(), partial.remaining());
            partial.put(in.slice(in.position(), n));
            in.position(in.position() + n);
            if (partial.hasRemaining()) {
                return;
            }
            ByteBuffer payload = partial.flip();
            partial = null;
            endFrame(payload, listener);
        }
    }

    private void startFrame() throws Http2Exception {
        length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
        type = header[3] & 0xff;
        flags = header[4] & 0xff;
        streamId = ((header[5] & 0x7f) << 24) | (header[6] & 0xff) << 16 | (header[7] & 0xff) << 8 | (header[8] & 0xff);
        headerFilled = 0;
        if (length > maxFrameSize) {
            throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, FrameType.name(type) + " frame of " + length
                    + " bytes is larger than SETTINGS_MAX_FRAME_SIZE " + maxFrameSize);
        }
    }

    private void endFrame(ByteBuffer payload, FrameListener listener) throws Http2Exception {
        int len = length;
        length = -1;
        int id = streamId;
        switch (type) {
            case FrameType.DATA -> {
                requireStream(id);
                ByteBuffer data = unpad(payload);
                listener.data(id, data, (flags & FrameType.FLAG_END_STREAM) != 0, len);
            }
            case FrameType.HEADERS -> {
                requireStream(id);
                ByteBuffer block = unpad(payload);
                int dependency = -1;
                if ((flags & FrameType.FLAG_PRIORITY) != 0) {
                    if (block.remaining() < 5) {
                        throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR,
                                "HEADERS frame with the PRIORITY flag is too short for its priority fields");
                    }
                    dependency = block.getInt() & 0x7fffffff;
                    block.get();   // weight
                }
                listener.headers(id, block, (flags & FrameType.FLAG_END_STREAM) != 0,
                        (flags & FrameType.FLAG_END_HEADERS) != 0, dependency);
            }
            case FrameType.PRIORITY -> {
                requireStream(id);
                if (len != 5) {
                    throw Http2Exception.stream(id, ErrorCode.FRAME_SIZE_ERROR, "PRIORITY frame of " + len + " bytes, not 5");
                }
                listener.priority(id, payload.getInt() & 0x7fffffff);
            }
            case FrameType.RST_STREAM -> {
                requireStream(id);
                requireLength(len, 4);
                listener.rstStream(id, payload.getInt() & 0xffffffffL);
            }
            case FrameType.SETTINGS -> settings(payload, len, listener);
            case FrameType.PUSH_PROMISE -> {
                requireStream(id);
                ByteBuffer block = unpad(payload);
                if (block.remaining() < 4) {
                    throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "PUSH_PROMISE frame too short for its stream id");
                }
                int promised = block.getInt() & 0x7fffffff;
                listener.pushPromise(id, promised, block, (flags & FrameType.FLAG_END_HEADERS) != 0);
            }
            case FrameType.PING -> {
                requireConnection(id);
                requireLength(len, 8);
                listener.ping((flags & FrameType.FLAG_ACK) != 0, payload.getLong());
            }
            case FrameType.GOAWAY -> {
                requireConnection(id);
                if (len < 8) {
                    throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "GOAWAY frame of " + len + " bytes, less than 8");
                }
                int last = payload.getInt() & 0x7fffffff;
                long code = payload.getInt() & 0xffffffffL;
                listener.goAway(last, code, payload);
            }
            case FrameType.WINDOW_UPDATE -> {
                requireLength(len, 4);
                int increment = payload.getInt() & 0x7fffffff;
                if (increment == 0) {
                    String message = "WINDOW_UPDATE with an increment of 0";
                    throw id == 0 ? Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, message)
                            : Http2Exception.stream(id, ErrorCode.PROTOCOL_ERROR, message);
                }
                listener.windowUpdate(id, increment);
            }
            case FrameType.CONTINUATION -> {
                requireStream(id);
                listener.continuation(id, payload, (flags & FrameType.FLAG_END_HEADERS) != 0);
            }
            default -> listener.unknown(type, id);
        }
    }

    private void settings(ByteBuffer payload, int len, FrameListener listener) throws Http2Exception {
        requireConnection(streamId);
        boolean ack = (flags & FrameType.FLAG_ACK) != 0;
        if (ack && len != 0) {
            throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS acknowledgement with a payload of " + len + " bytes");
        }
        if (len % 6 != 0) {
            throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS frame of " + len + " bytes, not a multiple of 6");
        }
        Http2Settings settings = new Http2Settings();
        while (payload.hasRemaining()) {
            int id = payload.getShort() & 0xffff;
            long value = payload.getInt() & 0xffffffffL;
            Http2Settings.check(id, value);
            settings.set(id, value);
        }
        listener.settings(ack, settings);
    }

    /** Strips the padding of a frame with the PADDED flag (section 6.1): pad length byte first, padding last. */
    private ByteBuffer unpad(ByteBuffer payload) throws Http2Exception {
        if ((flags & FrameType.FLAG_PADDED) == 0) {
            return payload;
        }
        if (!payload.hasRemaining()) {
            throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR,
                    FrameType.name(type) + " frame with the PADDED flag has no pad length");
        }
        int pad = payload.get() & 0xff;
        if (pad > payload.remaining()) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, FrameType.name(type) + " frame padding of "
                    + pad + " bytes is not shorter than its payload");
        }
        return payload.slice(payload.position(), payload.remaining() - pad);
    }

    private void requireStream(int id) throws Http2Exception {
        if (id == 0) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, FrameType.name(type) + " frame on stream 0");
        }
    }

    private void requireConnection(int id) throws Http2Exception {
        if (id != 0) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, FrameType.name(type) + " frame on stream " + id
                    + ", not 0");
        }
    }

    private void requireLength(int len, int expected) throws Http2Exception {
        if (len != expected) {
            throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, FrameType.name(type) + " frame of " + len
                    + " bytes, not " + expected);
        }
    }
}
