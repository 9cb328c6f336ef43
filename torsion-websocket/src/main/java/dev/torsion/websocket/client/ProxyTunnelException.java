package dev.torsion.websocket.client;

import java.io.IOException;

/**
 * The HTTP proxy did not open the tunnel: it asked for credentials (407), refused the target, answered
 * something that is not HTTP, or closed the connection. {@link #status()} is the proxy's status code, or 0
 * when it gave none. Immutable.
 */
public final class ProxyTunnelException extends IOException {

    private final int status;

    /** Creates the exception with the proxy's status (0 if none) and a description. */
    public ProxyTunnelException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The proxy's status code, or 0 when it answered none. */
    public int status() {
        return status;
    }
}
