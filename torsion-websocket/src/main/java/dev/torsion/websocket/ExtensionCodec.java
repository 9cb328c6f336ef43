package dev.torsion.websocket;

import java.nio.ByteBuffer;

/**
 * What a negotiated extension does to the data messages of one connection (RFC 6455 section 9): it encodes
 * whole outgoing messages, marking their first frame with its reserved bits, and decodes incoming messages
 * whose first frame carries those bits. permessage-deflate ({@code PerMessageDeflate}) is one; an application
 * can add its own through {@code NegotiatedExtension.codec(long)}.
 *
 * <p><b>Rules the connection applies.</b> Control frames are never encoded. A message goes out encoded by the
 * first codec (in the order the extensions were agreed) whose {@link #shouldEncode(int)} accepts it, or as is;
 * messages sent in fragments and prepared messages are sent as is (except permessage-deflate's shared
 * compressed payloads). A received message whose first frame has the reserved bits of one codec is decoded by
 * it, frame by frame; one with the bits of two codecs fails with 1002 (this implementation does not stack
 * extensions on one message), as do the bits on a continuation or control frame. The decoded size is checked
 * against the message limit as the bytes come.
 *
 * <p><b>Threading.</b> One connection, one thread at a time (its event loop). <b>Lifecycle:</b> made when the
 * connection opens; {@link #release()} is called once when it ends, however it ends.
 */
public interface ExtensionCodec {

    /** The reserved bits this codec owns, as in the frame header's RSV field: 4 = RSV1, 2 = RSV2, 1 = RSV3. */
    int reservedBits();

    /** True when an outgoing message of {@code length} bytes should be encoded by this codec. */
    boolean shouldEncode(int length);

    /**
     * Encodes a whole outgoing message.
     *
     * @param message the message, consumed from position to limit
     * @return the payload to send; the connection sets {@link #reservedBits()} on its (only) frame
     */
    ByteBuffer encode(ByteBuffer message);

    /**
     * Decodes the payload of one frame of a received message that this codec encoded on the other side.
     *
     * @param payload the frame's unmasked payload, consumed from position to limit (may be empty)
     * @param fin     true on the message's last frame
     * @param sink    receives the decoded bytes, in order, in chunks it must consume before returning
     * @throws WebSocketProtocolException when the data cannot be decoded, with the close code to fail with
     */
    void decode(ByteBuffer payload, boolean fin, Sink sink);

    /** Frees what the codec holds; called once when the connection ends. */
    void release();

    /** Receives decoded bytes, between each chunk's position and limit; the chunk is reused after return. */
    @FunctionalInterface
    interface Sink {
        /** Takes the next decoded bytes (never empty). */
        void accept(ByteBuffer chunk);
    }
}
