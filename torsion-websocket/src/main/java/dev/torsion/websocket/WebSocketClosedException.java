package dev.torsion.websocket;

import java.io.IOException;

/**
 * A send that did not happen, or did not finish, because the session no longer sends: {@code close()} was
 * called, the peer's close frame arrived, or the connection ended before the bytes left. Given to a
 * {@link SendCallback}; its message says which.
 *
 * <p>Not meant to be shared between threads.
 */
public final class WebSocketClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** An exception saying why the session did not send. */
    public WebSocketClosedException(String message) {
        super(message);
    }
}
