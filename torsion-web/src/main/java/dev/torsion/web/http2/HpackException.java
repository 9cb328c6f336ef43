package dev.torsion.web.http2;

/**
 * A header block that cannot be decoded (RFC 7541): a bad index, a truncated integer or string, a bad
 * Huffman code, a table size update out of place or over the limit. HTTP/2 answers it with a connection
 * error of type {@code COMPRESSION_ERROR} (RFC 9113 section 4.3), since the two ends' tables no longer agree.
 */
public final class HpackException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A decoding failure described by {@code message}. */
    public HpackException(String message) {
        super(message);
    }
}
