package dev.torsion.websocket;

import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.Opcode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A message framed once and sent to many sessions: the broadcast path. The server frame (unmasked) is
 * encoded at construction and each {@link WebSocketSession#sendPrepared} copies those bytes straight into its
 * transport's output (no object per send), so a fan-out to N connections costs one encoding and one copy of
 * the frame per connection (the copy a socket write of a heap buffer costs anyway). A client session,
 * which must mask with its own keys, frames the payload anew. With permessage-deflate, sessions that compress
 * without context takeover share one compressed frame per set of compression parameters; sessions that keep
 * context compress it themselves.
 *
 * <p><b>Threading.</b> Immutable; safe to send from any thread to any number of sessions.
 */
public final class PreparedMessage {

    private final int opcode;
    private final ByteBuffer payload;
    private final ByteBuffer serverFrame;
    /** Compressed server frames, one per compression profile, made the first time a session needs one. */
    private final java.util.concurrent.ConcurrentHashMap<dev.torsion.websocket.deflate.CompressionProfile, ByteBuffer>
            compressedFrames = new java.util.concurrent.ConcurrentHashMap<>(2);

    private PreparedMessage(int opcode, byte[] payload) {
        this.opcode = opcode;
        this.payload = ByteBuffer.wrap(payload).asReadOnlyBuffer();
        this.serverFrame = FrameWriter.SERVER
                .frame(opcode, true, 0, ByteBuffer.wrap(payload)).asReadOnlyBuffer();
    }

    /** A text message. */
    public static PreparedMessage text(String text) {
        return new PreparedMessage(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A binary message carrying a copy of {@code data}. */
    public static PreparedMessage binary(byte[] data) {
        return new PreparedMessage(Opcode.BINARY, data.clone());
    }

    /** A binary message carrying a copy of the buffer's remaining bytes (its position is not changed). */
    public static PreparedMessage binary(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return new PreparedMessage(Opcode.BINARY, copy);
    }

    /** {@link Opcode#TEXT} or {@link Opcode#BINARY}. */
    public int opcode() {
        return opcode;
    }

    /** The payload (a fresh read-only view for each call). */
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** The whole unmasked frame, header and payload (a fresh read-only view for each call). */
    public ByteBuffer serverFrame() {
        return serverFrame.duplicate();
    }

    /** The frame itself, not a view: for callers in this package that only read it with absolute gets. */
    ByteBuffer frame() {
        return serverFrame;
    }

    /**
     * The whole unmasked frame compressed with permessage-deflate (RSV1 set), for sessions whose codec sends
     * without context takeover: compressed once per {@link dev.torsion.websocket.deflate.CompressionProfile}
     * and shared by every such session (a fresh read-only view for each call). Null when {@code codec} keeps
     * context between messages (each session must then compress with its own window) or finds the message
     * not worth compressing.
     */
    ByteBuffer compressedServerFrame(dev.torsion.websocket.deflate.PerMessageDeflate codec) {
        if (!codec.shouldCompress(payload.remaining())) {
            return null;
        }
        java.util.Optional<dev.torsion.websocket.deflate.CompressionProfile> profile = codec.sharingProfile();
        if (profile.isEmpty()) {
            return null;
        }
        ByteBuffer frame = compressedFrames.computeIfAbsent(profile.get(), p -> {
            ByteBuffer compressed = codec.compressOnceForSharing(payload.duplicate()).payload();
            return FrameWriter.SERVER.frame(opcode, true, 4, compressed).asReadOnlyBuffer();
        });
        return frame.duplicate();
    }

    /** The payload's length in bytes. */
    public int payloadLength() {
        return payload.remaining();
    }

    /** The frame's size in bytes, as counted against a session's send queue. */
    public int frameSize() {
        return serverFrame.remaining();
    }
}
