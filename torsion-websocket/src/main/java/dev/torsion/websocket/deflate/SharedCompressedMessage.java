package dev.torsion.websocket.deflate;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A message compressed once, to be sent to many connections that agreed on no context takeover for their
 * sending side and have the same {@link CompressionProfile}: made by
 * {@link PerMessageDeflate#compressOnceForSharing(ByteBuffer)}, checked with
 * {@link PerMessageDeflate#canSend(SharedCompressedMessage)}.
 *
 * <p>Immutable; safe to share between threads. {@link #payload()} returns a fresh read-only view each time,
 * so each connection writes it with its own position.
 */
public final class SharedCompressedMessage {

    private final CompressionProfile profile;
    private final ByteBuffer payload;
    private final int originalLength;

    SharedCompressedMessage(CompressionProfile profile, ByteBuffer payload, int originalLength) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.payload = payload.asReadOnlyBuffer();
        this.originalLength = originalLength;
    }

    /** The parameters the payload was compressed with. */
    public CompressionProfile profile() {
        return profile;
    }

    /** The compressed payload, without the trailing {@code 00 00 ff ff}: frame it with RSV1 on the first frame. */
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** The length of the compressed payload, in bytes. */
    public int payloadLength() {
        return payload.remaining();
    }

    /** The length of the message before compression, in bytes. */
    public int originalLength() {
        return originalLength;
    }
}
