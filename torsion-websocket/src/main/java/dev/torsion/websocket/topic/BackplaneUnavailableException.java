package dev.torsion.websocket.topic;

/**
 * A backplane refused a publish: its broker is unreachable and the bounded buffer for publishes waiting for it
 * is full, or the backplane is closed. The message says which, with the figures (how long the broker has been
 * away, how many bytes are waiting, the bound).
 *
 * <p><b>Threading.</b> Immutable.
 */
public class BackplaneUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackplaneUnavailableException(String message) {
        super(message);
    }

    public BackplaneUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
