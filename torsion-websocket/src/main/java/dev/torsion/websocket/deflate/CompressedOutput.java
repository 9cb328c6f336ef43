package dev.torsion.websocket.deflate;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * The growing output of one message's compression: starts at half the message (most text compresses at least
 * that well) but at most 64 KiB, so a large, very compressible message does not cost an output buffer of half
 * its size, and doubles when full.
 *
 * <p>Not thread-safe; used for one message by one thread.
 */
final class CompressedOutput {

    private static final int MAX_INITIAL = 64 * 1024;
    private static final byte[] EMPTY_MESSAGE = {0};

    private byte[] out;
    private int written;

    CompressedOutput(int messageLength) {
        this.out = new byte[Math.max(64, Math.min(messageLength / 2 + 64, MAX_INITIAL))];
    }

    /**
     * The payload of an empty message: one {@code 00} byte, the start of a non-final stored block that the
     * receiver's appended {@code 00 00 ff ff} completes (RFC 7692 section 7.2.3.6). Sent without asking the
     * deflater, which emits nothing at all for a second sync flush with no input in between.
     */
    static ByteBuffer emptyMessage() {
        return ByteBuffer.wrap(EMPTY_MESSAGE).asReadOnlyBuffer();
    }

    /** Deflates all of the deflater's input with {@code flush}, growing the output until it all fits. */
    void deflate(Deflater deflater, int flush) {
        while (true) {
            written += deflater.deflate(out, written, out.length - written, flush);
            if (written < out.length) {
                return;
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
    }

    /** The output without the trailing {@code 00 00 ff ff} of the last sync flush (RFC 7692 section 7.2.1). */
    ByteBuffer withoutSyncTail() {
        if (written < 4 || out[written - 4] != 0 || out[written - 3] != 0
                || out[written - 2] != (byte) 0xff || out[written - 1] != (byte) 0xff) {
            throw new IllegalStateException("sync flush did not end with 00 00 ff ff");
        }
        return ByteBuffer.wrap(out, 0, written - 4);
    }
}
