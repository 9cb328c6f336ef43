package dev.torsion.websocket;

import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.Opcode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A message framed once and sent to many sessions: the broadcast path. The server frame (unmasked) is
 * encoded at construction and each {@link WebSocketSession#sendPrepared} writes a duplicate of the same
 * bytes, so a fan-out to N connections costs one encoding and no copy per connection. A client session,
 * which must mask with its own keys, frames the payload anew.
 *
 * <p><b>Threading.</b> Immutable; safe to send from any thread to any number of sessions.
 */
public final class PreparedMessage {

    private final int opcode;
    private final ByteBuffer payload;
    private final ByteBuffer serverFrame;

    private PreparedMessage(int opcode, byte[] payload) {
        this.opcode = opcode;
        this.payload = ByteBuffer.wrap(payload).asReadOnlyBuffer();
        this.serverFrame = new FrameWriter(Role.SERVER, null)
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

    /** The frame's size in bytes, as counted against a session's send queue. */
    public int frameSize() {
        return serverFrame.remaining();
    }
}
