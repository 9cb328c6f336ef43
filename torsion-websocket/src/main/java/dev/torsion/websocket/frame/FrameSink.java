package dev.torsion.websocket.frame;

import java.nio.ByteBuffer;

/**
 * Receives what a {@link FrameParser} finds, in order: for each frame one {@link #onFrameHeader}, then its
 * payload in zero or more {@link #onFramePayload} pieces (as TCP happened to cut it), then
 * {@link #onFrameEnd}. A sink may throw a {@link dev.torsion.websocket.WebSocketProtocolException}; the
 * parser lets it through.
 */
public interface FrameSink {

    /**
     * A frame header was read and passed the parser's checks.
     *
     * @param fin     the FIN bit: this frame ends its message
     * @param rsv     the three RSV bits as a number (RSV1 = 4, RSV2 = 2, RSV3 = 1); only bits an extension
     *                claimed can be set
     * @param opcode  the opcode, one that RFC 6455 defines (see {@link Opcode})
     * @param length  the payload length: at most the parser's frame limit, at most 125 for a control frame
     * @param masked  whether the payload is masked
     * @param maskKey the masking key (see {@link Masking}) when {@code masked}
     */
    void onFrameHeader(boolean fin, int rsv, int opcode, long length, boolean masked, int maskKey);

    /**
     * A piece of the current frame's payload, still masked: bytes at absolute indexes
     * {@code [index, index + length)} of {@code buffer}, which is valid only during this call.
     * {@code frameOffset} is the index of the piece's first byte within the frame's payload (the masking phase).
     */
    void onFramePayload(ByteBuffer buffer, int index, int length, long frameOffset);

    /** The current frame's payload is complete. */
    void onFrameEnd();
}
