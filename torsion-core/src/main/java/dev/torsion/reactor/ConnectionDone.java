package dev.torsion.reactor;

/**
 * The reason given to {@link Protocol#connectionLost} when a connection closed in an orderly way: this side
 * called {@link Transport#loseConnection()} and everything queued was written, or the peer closed and
 * nothing was lost. Carries no stack trace: it is an outcome, not an error.
 */
public final class ConnectionDone extends Exception {

    /** Creates a reason with the given description, e.g. "closed by peer". */
    public ConnectionDone(String message) {
        super(message, null, false, false);
    }
}
