package dev.torsion.websocket.deflate;

import java.util.zip.Deflater;

/**
 * How this end compresses, whatever was negotiated: the zlib level, the size below which a message is sent
 * uncompressed, and how many idle zlib streams the shared pools keep.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param compressionLevel     zlib level, 0 (store) to 9 (best), or {@link Deflater#DEFAULT_COMPRESSION} (6)
 * @param compressionThreshold messages shorter than this many bytes are sent uncompressed; 0 compresses all
 * @param poolCapacity         idle {@link Deflater}s, and idle {@link java.util.zip.Inflater}s, kept for
 *                             connections without context takeover (beyond that they are ended on return)
 */
public record DeflateSettings(int compressionLevel, int compressionThreshold, int poolCapacity) {

    /**
     * The default threshold, in bytes. Measured (docs/permessage-deflate.md): without context takeover,
     * JSON-like text under about 100 bytes compresses to no less than its own size once the frame header is
     * counted, and costs a zlib call for nothing.
     */
    public static final int DEFAULT_COMPRESSION_THRESHOLD = 128;

    /** Checks the ranges. */
    public DeflateSettings {
        if (compressionLevel != Deflater.DEFAULT_COMPRESSION
                && (compressionLevel < Deflater.NO_COMPRESSION || compressionLevel > Deflater.BEST_COMPRESSION)) {
            throw new IllegalArgumentException("compressionLevel must be -1 or 0 to 9, not " + compressionLevel);
        }
        if (compressionThreshold < 0) {
            throw new IllegalArgumentException("compressionThreshold must not be negative: " + compressionThreshold);
        }
        if (poolCapacity < 0) {
            throw new IllegalArgumentException("poolCapacity must not be negative: " + poolCapacity);
        }
    }

    /** Level 6, a threshold of {@value #DEFAULT_COMPRESSION_THRESHOLD} bytes, a pool as large as the CPU count. */
    public static DeflateSettings defaults() {
        return new DeflateSettings(Deflater.DEFAULT_COMPRESSION, DEFAULT_COMPRESSION_THRESHOLD,
                Runtime.getRuntime().availableProcessors());
    }
}
