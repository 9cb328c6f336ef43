package dev.torsion.websocket.deflate;

/**
 * A compressed message whose decompressed size passed the connection's maximum message size: close code
 * {@code 1009} (Message Too Big).
 *
 * <p>Thrown as soon as the limit is passed, while inflating in bounded steps, so a small payload that would
 * inflate to gigabytes costs no more than the limit. Immutable once thrown; not meant to be shared.
 */
public final class MessageTooBigException extends DeflateException {

    private static final long serialVersionUID = 1L;

    /** Close code 1009, Message Too Big. */
    public static final int CLOSE_CODE = 1009;

    private final long limit;

    MessageTooBigException(long limit) {
        super(CLOSE_CODE, "decompressed message exceeds the limit of " + limit + " bytes", null);
        this.limit = limit;
    }

    /** The maximum decompressed message size that was exceeded, in bytes. */
    public long limit() {
        return limit;
    }
}
