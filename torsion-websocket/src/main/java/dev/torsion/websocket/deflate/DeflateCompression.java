package dev.torsion.websocket.deflate;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses one message with a given {@link Deflater} and its full 15-bit window (RFC 7692 section 7.2.1):
 * deflate the whole message, end with a sync flush (an empty stored block, {@code 00 00 ff ff}), and drop
 * those four bytes. Smaller agreed windows go through {@link WindowedCompressor}.
 *
 * <p>Stateless; safe from any thread, but the {@code Deflater} passed in must be used by one thread at a time.
 */
final class DeflateCompression {

    private static final byte[] NO_INPUT = new byte[0];

    private DeflateCompression() {
    }

    /**
     * The compressed payload of {@code message} (consumed from position to limit), without the trailing
     * {@code 00 00 ff ff}. The deflater keeps its window (context takeover) unless the caller resets it.
     */
    static ByteBuffer compress(Deflater deflater, ByteBuffer message) {
        if (!message.hasRemaining()) {
            return CompressedOutput.emptyMessage();
        }
        CompressedOutput out = new CompressedOutput(message.remaining());
        deflater.setInput(message);
        try {
            out.deflate(deflater, Deflater.SYNC_FLUSH);
        } finally {
            deflater.setInput(NO_INPUT); // keep no reference to the caller's buffer
        }
        return out.withoutSyncTail();
    }
}
