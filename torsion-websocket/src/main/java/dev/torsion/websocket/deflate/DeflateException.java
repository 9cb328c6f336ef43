package dev.torsion.websocket.deflate;

/**
 * A received compressed message that cannot be accepted, with the WebSocket close code the connection must
 * be failed with (RFC 6455 section 7.4.1).
 *
 * <p>The framing core catches this one type around {@link PerMessageDeflate#decompress} and maps
 * {@link #closeCode()} to its own close-code type, in the one place where it turns failures into close
 * frames. The message text is for logs only and must never be sent as a close reason.
 *
 * <p>Immutable once thrown; not meant to be shared.
 */
public abstract sealed class DeflateException extends Exception
        permits MessageTooBigException, InvalidCompressedDataException {

    private static final long serialVersionUID = 1L;

    private final int closeCode;

    DeflateException(int closeCode, String message, Throwable cause) {
        super(message, cause);
        this.closeCode = closeCode;
    }

    /** The close code to fail the connection with: {@code 1009} or {@code 1007}. */
    public int closeCode() {
        return closeCode;
    }
}
