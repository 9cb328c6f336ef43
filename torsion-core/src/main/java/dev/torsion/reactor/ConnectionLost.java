package dev.torsion.reactor;

/**
 * The reason given to {@link Protocol#connectionLost} when a connection ended in a non-orderly way:
 * {@link Transport#abortConnection()}, a reset by the peer, an I/O error (attached as the cause), or a
 * graceful shutdown's deadline passing.
 */
public final class ConnectionLost extends Exception {

    /** Creates a reason with a description of what happened. */
    public ConnectionLost(String message) {
        super(message);
    }

    /** Creates a reason with a description and the error that caused it. */
    public ConnectionLost(String message, Throwable cause) {
        super(message, cause);
    }
}
