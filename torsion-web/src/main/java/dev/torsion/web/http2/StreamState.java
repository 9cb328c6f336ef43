package dev.torsion.web.http2;

/**
 * The states of an HTTP/2 stream and the transitions between them, as the table of RFC 9113 section 5.1
 * (figure 2): what sending or receiving HEADERS, PUSH_PROMISE, END_STREAM and RST_STREAM does in each state.
 * {@link #on} answers null for an event the state does not allow; the connection turns that into the error
 * the section names (STREAM_CLOSED or PROTOCOL_ERROR).
 *
 * <p><b>Threading.</b> Immutable.
 */
public enum StreamState {
    IDLE,
    RESERVED_LOCAL,
    RESERVED_REMOTE,
    OPEN,
    HALF_CLOSED_LOCAL,
    HALF_CLOSED_REMOTE,
    CLOSED;

    /** What happens to a stream: a frame (or flag) sent or received. */
    public enum Event {
        SEND_HEADERS, RECV_HEADERS, SEND_PUSH_PROMISE, RECV_PUSH_PROMISE,
        SEND_END_STREAM, RECV_END_STREAM, SEND_RST_STREAM, RECV_RST_STREAM
    }

    private static final StreamState N = null;

    /**
     * Rows: the states in declaration order; columns: the events in declaration order. HEADERS that carry
     * END_STREAM are two events, HEADERS then END_STREAM.
     */
    private static final StreamState[][] TABLE = {
        //            SEND_H              RECV_H               SEND_PP         RECV_PP          SEND_ES             RECV_ES              SEND_R  RECV_R
        /* IDLE */   {OPEN,               OPEN,                RESERVED_LOCAL, RESERVED_REMOTE, N,                  N,                   N,      N},
        /* RES_L */  {HALF_CLOSED_REMOTE, N,                   N,              N,               N,                  N,                   CLOSED, CLOSED},
        /* RES_R */  {N,                  HALF_CLOSED_LOCAL,   N,              N,               N,                  N,                   CLOSED, CLOSED},
        /* OPEN */   {OPEN,               OPEN,                N,              N,               HALF_CLOSED_LOCAL,  HALF_CLOSED_REMOTE,  CLOSED, CLOSED},
        /* HC_L */   {N,                  HALF_CLOSED_LOCAL,   N,              N,               N,                  CLOSED,              CLOSED, CLOSED},
        /* HC_R */   {HALF_CLOSED_REMOTE, N,                   N,              N,               CLOSED,             N,                   CLOSED, CLOSED},
        /* CLOSED */ {N,                  N,                   N,              N,               N,                  N,                   CLOSED, CLOSED},
    };

    /** The state after {@code event}, or null if this state does not allow it. */
    public StreamState on(Event event) {
        return TABLE[ordinal()][event.ordinal()];
    }

    /** True in the states where the peer may still send DATA (open, half-closed local). */
    public boolean canReceive() {
        return this == OPEN || this == HALF_CLOSED_LOCAL;
    }

    /** True in the states where this end may still send DATA (open, half-closed remote). */
    public boolean canSend() {
        return this == OPEN || this == HALF_CLOSED_REMOTE;
    }

    /** True in the states that count against MAX_CONCURRENT_STREAMS (section 5.1.2). */
    public boolean isActive() {
        return this == OPEN || this == HALF_CLOSED_LOCAL || this == HALF_CLOSED_REMOTE;
    }
}
