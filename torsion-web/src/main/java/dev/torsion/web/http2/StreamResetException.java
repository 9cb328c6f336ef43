package dev.torsion.web.http2;

/**
 * The reason given to a stream's handler when the stream was reset (RST_STREAM) by the peer, by this end,
 * or because the connection ended before the stream did.
 */
public final class StreamResetException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final boolean byPeer;

    public StreamResetException(ErrorCode code, boolean byPeer, String message) {
        super(message);
        this.code = code;
        this.byPeer = byPeer;
    }

    /** The error code of the reset. */
    public ErrorCode code() {
        return code;
    }

    /** True if the peer reset the stream. */
    public boolean byPeer() {
        return byPeer;
    }
}
