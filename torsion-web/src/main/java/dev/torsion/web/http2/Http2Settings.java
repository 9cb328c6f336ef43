package dev.torsion.web.http2;

/**
 * The values of the SETTINGS parameters (RFC 9113 section 6.5.2, RFC 8441 section 3, RFC 9218 section 2.1)
 * one end has announced, starting from the protocol's initial values; and the checks each value must pass.
 *
 * <p><b>Threading.</b> Not thread-safe; each connection keeps its own copies (this end's, the peer's).
 */
public final class Http2Settings {

    public static final int HEADER_TABLE_SIZE = 0x1;
    public static final int ENABLE_PUSH = 0x2;
    public static final int MAX_CONCURRENT_STREAMS = 0x3;
    public static final int INITIAL_WINDOW_SIZE = 0x4;
    public static final int MAX_FRAME_SIZE = 0x5;
    public static final int MAX_HEADER_LIST_SIZE = 0x6;
    public static final int ENABLE_CONNECT_PROTOCOL = 0x8;
    public static final int NO_RFC7540_PRIORITIES = 0x9;

    /** No limit: the initial value of MAX_CONCURRENT_STREAMS and MAX_HEADER_LIST_SIZE. */
    public static final long UNLIMITED = 0xffffffffL;
    /** The initial flow-control window of every stream and of the connection (section 6.9.2). */
    public static final int DEFAULT_WINDOW = 65_535;
    /** The smallest (and initial) MAX_FRAME_SIZE. */
    public static final int MIN_MAX_FRAME_SIZE = 16_384;
    /** The largest MAX_FRAME_SIZE. */
    public static final int MAX_MAX_FRAME_SIZE = (1 << 24) - 1;
    /** The largest flow-control window. */
    public static final int MAX_WINDOW = Integer.MAX_VALUE;

    private static final int SLOTS = 10;

    private final long[] values = new long[SLOTS];
    /** Which parameters {@link #set} was called for (what a SETTINGS frame carries). */
    private int present;

    /** The initial values of every parameter, before any SETTINGS frame. */
    public Http2Settings() {
        values[HEADER_TABLE_SIZE] = 4096;
        values[ENABLE_PUSH] = 1;
        values[MAX_CONCURRENT_STREAMS] = UNLIMITED;
        values[INITIAL_WINDOW_SIZE] = DEFAULT_WINDOW;
        values[MAX_FRAME_SIZE] = MIN_MAX_FRAME_SIZE;
        values[MAX_HEADER_LIST_SIZE] = UNLIMITED;
    }

    /** A copy. */
    public Http2Settings copy() {
        Http2Settings c = new Http2Settings();
        System.arraycopy(values, 0, c.values, 0, SLOTS);
        c.present = present;
        return c;
    }

    /** Sets parameter {@code id} (values of unknown ids are ignored, as section 6.5.2 asks). Returns this. */
    public Http2Settings set(int id, long value) {
        if (id > 0 && id < SLOTS) {
            values[id] = value;
            present |= 1 << id;
        }
        return this;
    }

    /** The value of parameter {@code id}. */
    public long get(int id) {
        return values[id];
    }

    /** True if {@link #set} was called for {@code id}. */
    public boolean isSet(int id) {
        return id > 0 && id < SLOTS && (present & (1 << id)) != 0;
    }

    /** Copies every parameter set in {@code update} into this, in order. */
    public void apply(Http2Settings update) {
        for (int id = 1; id < SLOTS; id++) {
            if (update.isSet(id)) {
                values[id] = update.values[id];
            }
        }
    }

    public int headerTableSize() {
        return (int) Math.min(values[HEADER_TABLE_SIZE], Integer.MAX_VALUE);
    }

    public boolean pushEnabled() {
        return values[ENABLE_PUSH] == 1;
    }

    public long maxConcurrentStreams() {
        return values[MAX_CONCURRENT_STREAMS];
    }

    public int initialWindowSize() {
        return (int) values[INITIAL_WINDOW_SIZE];
    }

    public int maxFrameSize() {
        return (int) values[MAX_FRAME_SIZE];
    }

    public long maxHeaderListSize() {
        return values[MAX_HEADER_LIST_SIZE];
    }

    public boolean connectProtocolEnabled() {
        return values[ENABLE_CONNECT_PROTOCOL] == 1;
    }

    /** The number of parameters set (each takes six bytes in a SETTINGS frame). */
    int count() {
        return Integer.bitCount(present);
    }

    /**
     * Checks one received parameter (section 6.5.2): ENABLE_PUSH and ENABLE_CONNECT_PROTOCOL must be 0 or 1,
     * INITIAL_WINDOW_SIZE at most 2^31 - 1 (a FLOW_CONTROL_ERROR), MAX_FRAME_SIZE within 2^14 .. 2^24 - 1.
     */
    static void check(int id, long value) throws Http2Exception {
        switch (id) {
            case ENABLE_PUSH, ENABLE_CONNECT_PROTOCOL, NO_RFC7540_PRIORITIES -> {
                if (value > 1) {
                    throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR,
                            "SETTINGS parameter 0x" + Integer.toHexString(id) + " must be 0 or 1, got " + value);
                }
            }
            case INITIAL_WINDOW_SIZE -> {
                if (value > MAX_WINDOW) {
                    throw Http2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR,
                            "SETTINGS_INITIAL_WINDOW_SIZE " + value + " is above 2^31 - 1");
                }
            }
            case MAX_FRAME_SIZE -> {
                if (value < MIN_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE) {
                    throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR,
                            "SETTINGS_MAX_FRAME_SIZE " + value + " is outside 16384 .. 16777215");
                }
            }
            default -> {
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Http2Settings[");
        for (int id = 1; id < SLOTS; id++) {
            if (isSet(id)) {
                sb.append(sb.length() > 14 ? ", " : "").append("0x").append(Integer.toHexString(id)).append('=').append(values[id]);
            }
        }
        return sb.append(']').toString();
    }
}
