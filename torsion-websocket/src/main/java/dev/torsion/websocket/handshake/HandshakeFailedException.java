package dev.torsion.websocket.handshake;

import java.util.Objects;

/**
 * A server's handshake response that the client must refuse (RFC 6455 section 4.1: "the client MUST
 * _Fail the WebSocket Connection_"), naming the {@link Check} that failed.
 *
 * <p>Thrown by {@link ClientHandshake#verify(dev.torsion.http.ResponseHead)}; not meant to be shared between threads.
 */
public final class HandshakeFailedException extends Exception {

    /**
     * The checks RFC 6455 section 4.1 requires a client to make of the server's handshake response, in the
     * order {@link ClientHandshake#verify(dev.torsion.http.ResponseHead)} makes them.
     *
     * <p>Constants; safe from any thread.
     */
    public enum Check {
        /** The status is {@code 101}. */
        STATUS,
        /** There is exactly one {@code Upgrade} header, and it is {@code websocket} (ignoring case). */
        UPGRADE,
        /** {@code Connection} contains the token {@code Upgrade} (ignoring case). */
        CONNECTION,
        /** There is exactly one {@code Sec-WebSocket-Accept}, and it is the value derived from our key. */
        ACCEPT,
        /** {@code Sec-WebSocket-Extensions}, if present, is well formed and names only offered extensions, each once. */
        EXTENSIONS,
        /** {@code Sec-WebSocket-Protocol}, if present, is a single field naming one of the offered subprotocols. */
        SUBPROTOCOL
    }

    private static final long serialVersionUID = 1L;

    private final Check check;
    private final int status;

    /** A failure of {@code check}, for a response with {@code status}, explained by {@code message}. */
    public HandshakeFailedException(Check check, int status, String message) {
        super(Objects.requireNonNull(check, "check") + ": " + message);
        this.check = check;
        this.status = status;
    }

    /** The check that failed. */
    public Check check() {
        return check;
    }

    /** The status code of the refused response. */
    public int status() {
        return status;
    }
}
