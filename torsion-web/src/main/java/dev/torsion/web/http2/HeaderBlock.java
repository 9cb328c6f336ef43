package dev.torsion.web.http2;

import java.nio.ByteBuffer;

/**
 * Gathers one field block from a HEADERS frame and its CONTINUATION frames (RFC 9113 section 4.3), within
 * the limits that stop a CONTINUATION flood: at most {@code maxBytes} of compressed block and at most
 * {@code maxContinuations} CONTINUATION frames, else a connection error of type ENHANCE_YOUR_CALM. While a
 * block is open, any frame other than a CONTINUATION on the same stream is a PROTOCOL_ERROR.
 *
 * <p><b>Threading.</b> Not thread-safe: the connection's event loop only.
 *
 * <p><b>Lifecycle.</b> One per connection, reused: {@link #start}, any number of {@link #append}, then the
 * connection decodes {@link #bytes()} and calls {@link #clear}.
 */
final class HeaderBlock {

    private final ByteOutput bytes = new ByteOutput(1024);
    private final int maxBytes;
    private final int maxContinuations;
    private int streamId;
    private boolean endStream;
    private int dependency;
    private int continuations;

    HeaderBlock(int maxBytes, int maxContinuations) {
        this.maxBytes = maxBytes;
        this.maxContinuations = maxContinuations;
    }

    /** True while a block waits for its CONTINUATION frames. */
    boolean isOpen() {
        return streamId != 0;
    }

    /** The stream of the open block, 0 if none. */
    int streamId() {
        return streamId;
    }

    boolean endStream() {
        return endStream;
    }

    /** The priority dependency sent with the HEADERS frame, or -1. */
    int dependency() {
        return dependency;
    }

    /** Starts a block with the fragment of a HEADERS frame. */
    void start(int streamId, boolean endStream, int dependency, ByteBuffer fragment) throws Http2Exception {
        bytes.reset();
        this.streamId = streamId;
        this.endStream = endStream;
        this.dependency = dependency;
        continuations = 0;
        add(fragment);
    }

    /** Adds the fragment of a CONTINUATION frame on {@code streamId}. */
    void append(int streamId, ByteBuffer fragment) throws Http2Exception {
        if (streamId != this.streamId) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "CONTINUATION on stream " + streamId
                    + " while the field block of stream " + this.streamId + " is open");
        }
        if (++continuations > maxContinuations) {
            throw Http2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "more than " + maxContinuations
                    + " CONTINUATION frames in one field block");
        }
        add(fragment);
    }

    /** Fails if a block is open: only CONTINUATION may come now. */
    void requireClosed(int type) throws Http2Exception {
        if (streamId != 0) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, FrameType.name(type)
                    + " frame while the field block of stream " + streamId + " waits for CONTINUATION");
        }
    }

    /** The gathered block, in {@code bytes().array()[0, bytes().size())}. */
    ByteOutput bytes() {
        return bytes;
    }

    void clear() {
        streamId = 0;
        bytes.reset();
    }

    private void add(ByteBuffer fragment) throws Http2Exception {
        int n = fragment.remaining();
        if (bytes.size() + n > maxBytes) {
            throw Http2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "field block of stream " + streamId
                    + " larger than " + maxBytes + " bytes");
        }
        bytes.write(fragment);
    }
}
