package dev.torsion.websocket.deflate;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses one message with a given {@link Deflater} (RFC 7692 section 7.2.1): deflate the whole message,
 * end with a sync flush (an empty stored block, {@code 00 00 ff ff}), and drop those four bytes.
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
        int length = message.remaining();
        // start at half the message (most text compresses at least that well) but at most 64 KiB, so a large,
        // very compressible message does not cost an output buffer of half its size; grow by doubling
        byte[] out = new byte[Math.max(64, Math.min(length / 2 + 64, 64 * 1024))];
        int written = 0;
        deflater.setInput(message);
        try {
            while (true) {
                written += deflater.deflate(out, written, out.length - written, Deflater.SYNC_FLUSH);
                if (written < out.length) {
                    break;
                }
                out = Arrays.copyOf(out, out.length * 2);
            }
        } finally {
            deflater.setInput(NO_INPUT); // keep no reference to the caller's buffer
        }
        if (written < 4 || out[written - 4] != 0 || out[written - 3] != 0
                || out[written - 2] != (byte) 0xff || out[written - 1] != (byte) 0xff) {
            throw new IllegalStateException("sync flush did not end with 00 00 ff ff");
        }
        return ByteBuffer.wrap(out, 0, written - 4);
    }
}
