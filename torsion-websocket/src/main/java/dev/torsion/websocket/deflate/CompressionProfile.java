package dev.torsion.websocket.deflate;

/**
 * Everything that decides the bytes a message compresses to when no context takeover is in force on the
 * sending side: the zlib level and the agreed window (the memory level is always 8 with
 * {@link java.util.zip.Deflater}). Connections with equal profiles can share one compressed payload.
 *
 * <p>Immutable; safe to share between threads; usable as a map key.
 *
 * @param compressionLevel the zlib level, as in {@link DeflateSettings#compressionLevel()}
 * @param windowBits       the sending window agreed, 8 to 15 (below 15 see {@link WindowedCompressor})
 */
public record CompressionProfile(int compressionLevel, int windowBits) {

    /** Checks the window size. */
    public CompressionProfile {
        DeflateAgreement.checkWindowBits("windowBits", windowBits);
    }
}
