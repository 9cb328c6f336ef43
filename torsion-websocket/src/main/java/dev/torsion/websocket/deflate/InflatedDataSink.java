package dev.torsion.websocket.deflate;

import dev.torsion.websocket.ExtensionCodec;
import java.nio.ByteBuffer;

/**
 * Receives the decompressed bytes of a message, in order, chunk by chunk, from
 * {@link PerMessageDeflate#decompress(ByteBuffer, boolean, InflatedDataSink)}.
 *
 * <p>Each chunk is a read-only view of a scratch buffer that is reused as soon as {@link #accept} returns:
 * consume it (validate UTF-8, append to the message buffer, stream it to the application) or copy it before
 * returning. Called on the thread that called {@code decompress}; an exception it throws propagates to that
 * caller and leaves the codec unusable for the rest of the message (fail the connection).
 */
@FunctionalInterface
public interface InflatedDataSink extends ExtensionCodec.Sink {

    /** Takes the next decompressed bytes, between the chunk's position and limit (never empty). */
    @Override
    void accept(ByteBuffer chunk);
}
