package dev.torsion.websocket.deflate;

/**
 * A compressed message that is not a valid DEFLATE stream: close code {@code 1007} (Invalid frame payload
 * data).
 *
 * <p>RFC 7692 only says to fail the connection; 1007 is chosen because the frames themselves were well
 * formed and the extension was agreed, but the payload is not consistent with it (see
 * {@code docs/permessage-deflate.md}). Immutable once thrown; not meant to be shared.
 */
public final class InvalidCompressedDataException extends DeflateException {

    private static final long serialVersionUID = 1L;

    /** Close code 1007, Invalid frame payload data. */
    public static final int CLOSE_CODE = 1007;

    InvalidCompressedDataException(String message, Throwable cause) {
        super(CLOSE_CODE, message, cause);
    }
}
