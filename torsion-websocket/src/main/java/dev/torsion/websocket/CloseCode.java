package dev.torsion.websocket;

/**
 * A WebSocket close status code (RFC 6455 section 7.4): the registered codes as constants, plus any code
 * an application or library may choose in 3000-4999.
 *
 * <p><b>Valid on the wire.</b> A code is valid in a received (or sent) close frame when it is one of
 * 1000-1003, 1007-1014 or in 3000-4999 ({@link #isValidOnWire(int)}). Invalid are 0-999, 1004 (reserved),
 * 1005, 1006 and 1015 (reserved for reporting a missing status, an abnormal closure and a TLS failure
 * locally: they must never be sent), the unassigned 1016-2999, and 5000 and above.
 *
 * <p><b>Threading.</b> Immutable; safe to share. Two instances with the same number are {@link #equals equal};
 * {@link #of(int)} returns the constant for a registered number.
 */
public final class CloseCode {

    /** 1000: the purpose of the connection was fulfilled. */
    public static final CloseCode NORMAL_CLOSURE = new CloseCode(1000, "NORMAL_CLOSURE");
    /** 1001: the endpoint is going away (server shutting down, browser leaving the page, idle timeout). */
    public static final CloseCode GOING_AWAY = new CloseCode(1001, "GOING_AWAY");
    /** 1002: the peer broke the protocol. */
    public static final CloseCode PROTOCOL_ERROR = new CloseCode(1002, "PROTOCOL_ERROR");
    /** 1003: the endpoint cannot accept this kind of data (e.g. binary when it only takes text). */
    public static final CloseCode UNSUPPORTED_DATA = new CloseCode(1003, "UNSUPPORTED_DATA");
    /** 1005: reported locally when a close frame carried no status code; never sent. */
    public static final CloseCode NO_STATUS_RECEIVED = new CloseCode(1005, "NO_STATUS_RECEIVED");
    /** 1006: reported locally when the connection ended without a closing handshake; never sent. */
    public static final CloseCode ABNORMAL_CLOSURE = new CloseCode(1006, "ABNORMAL_CLOSURE");
    /** 1007: a message's data was inconsistent with its type (invalid UTF-8 in a text message). */
    public static final CloseCode INVALID_PAYLOAD = new CloseCode(1007, "INVALID_PAYLOAD");
    /** 1008: a message violated the endpoint's policy (also used when a slow consumer is cut off). */
    public static final CloseCode POLICY_VIOLATION = new CloseCode(1008, "POLICY_VIOLATION");
    /** 1009: a frame or message was larger than the endpoint accepts. */
    public static final CloseCode MESSAGE_TOO_BIG = new CloseCode(1009, "MESSAGE_TOO_BIG");
    /** 1010: (client) the server did not negotiate an extension the client requires. */
    public static final CloseCode MANDATORY_EXTENSION = new CloseCode(1010, "MANDATORY_EXTENSION");
    /** 1011: the endpoint hit an unexpected condition (an application callback failed). */
    public static final CloseCode INTERNAL_ERROR = new CloseCode(1011, "INTERNAL_ERROR");
    /** 1012: the service is restarting. */
    public static final CloseCode SERVICE_RESTART = new CloseCode(1012, "SERVICE_RESTART");
    /** 1013: try again later (overload; also used when a slow consumer's send queue overflows). */
    public static final CloseCode TRY_AGAIN_LATER = new CloseCode(1013, "TRY_AGAIN_LATER");
    /** 1014: a gateway or proxy got an invalid response from the upstream server. */
    public static final CloseCode BAD_GATEWAY = new CloseCode(1014, "BAD_GATEWAY");
    /** 1015: reported locally when the TLS handshake failed; never sent. */
    public static final CloseCode TLS_HANDSHAKE = new CloseCode(1015, "TLS_HANDSHAKE");

    private static final CloseCode[] REGISTERED = {
        NORMAL_CLOSURE, GOING_AWAY, PROTOCOL_ERROR, UNSUPPORTED_DATA, null, NO_STATUS_RECEIVED,
        ABNORMAL_CLOSURE, INVALID_PAYLOAD, POLICY_VIOLATION, MESSAGE_TOO_BIG, MANDATORY_EXTENSION,
        INTERNAL_ERROR, SERVICE_RESTART, TRY_AGAIN_LATER, BAD_GATEWAY, TLS_HANDSHAKE,
    };

    private final int code;
    private final String name;

    private CloseCode(int code, String name) {
        this.code = code;
        this.name = name;
    }

    /**
     * The close code with number {@code code}: the registered constant, or a new instance for an
     * application code (3000-4999). Throws {@link IllegalArgumentException} for any other number, so that
     * a {@code CloseCode} always names a code that means something.
     */
    public static CloseCode of(int code) {
        if (code >= 1000 && code < 1000 + REGISTERED.length && REGISTERED[code - 1000] != null) {
            return REGISTERED[code - 1000];
        }
        if (code >= 3000 && code <= 4999) {
            return new CloseCode(code, "APPLICATION_" + code);
        }
        throw new IllegalArgumentException("not a registered or application close code: " + code);
    }

    /**
     * True when {@code code} may appear in a close frame: 1000-1003, 1007-1014, 3000-4999. A received close
     * frame with any other code is a protocol error (1002).
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** The number, e.g. 1000. */
    public int code() {
        return code;
    }

    /** True when this code may be sent in a close frame (false for 1005, 1006, 1015). */
    public boolean isSendable() {
        return isValidOnWire(code);
    }

    /** The constant's name, e.g. {@code "MESSAGE_TOO_BIG"}, or {@code "APPLICATION_4000"}. */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CloseCode && ((CloseCode) other).code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    /** E.g. {@code "1009 MESSAGE_TOO_BIG"}. */
    @Override
    public String toString() {
        return code + " " + name;
    }
}
