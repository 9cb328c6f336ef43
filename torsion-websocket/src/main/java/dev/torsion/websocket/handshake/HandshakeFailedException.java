package dev.torsion.websocket.handshake;

import java.util.Objects;

/**
 * A server's handshake response that the client must refuse (RFC 6455 section 4.1: "the client MUST
 * _Fail the WebSocket Connection_"), naming the {@link ResponseCheck} that failed.
 *
 * <p>Thrown by {@link ClientHandshake#verify(dev.torsion.http.ResponseHead)}; not meant to be shared between threads.
 */
public final class HandshakeFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ResponseCheck check;
    private final int status;

    /** A failure of {@code check}, for a response with {@code status}, explained by {@code message}. */
    public HandshakeFailedException(ResponseCheck check, int status, String message) {
        super(Objects.requireNonNull(check, "check") + ": " + message);
        this.check = check;
        this.status = status;
    }

    /** The check that failed. */
    public ResponseCheck check() {
        return check;
    }

    /** The status code of the refused response. */
    public int status() {
        return status;
    }
}
