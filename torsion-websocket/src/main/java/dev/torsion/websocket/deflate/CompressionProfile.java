package dev.torsion.websocket.deflate;

/**
 * Everything that decides the bytes a message compresses to when no context takeover is in force on the
 * sending side: the zlib level (the window is always 15 bits and the memory level 8 with
 * {@link java.util.zip.Deflater}). Connections with equal profiles can share one compressed payload.
 *
 * <p>Immutable; safe to share between threads; usable as a map key.
 *
 * @param compressionLevel the zlib level, as in {@link DeflateSettings#compressionLevel()}
 */
public record CompressionProfile(int compressionLevel) {
}
