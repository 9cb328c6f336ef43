package dev.torsion.cli.chat;

/**
 * Why a chat client's message was refused: a stable machine-readable {@link #code()} and a sentence for
 * people ({@link #getMessage()}). The server answers it to that client as
 * {@code {"type":"error","code":...,"message":...}} and carries on.
 *
 * <p><b>Threading.</b> Immutable.
 */
public final class ChatError extends Exception {

    private static final long serialVersionUID = 1L;

    /** The message is not JSON (or has duplicate keys, or text after the value). */
    public static final String MALFORMED_JSON = "malformed-json";
    /** JSON, but not a chat message: not an object, no type, a field of the wrong type, an unknown field. */
    public static final String BAD_MESSAGE = "bad-message";
    /** A type this server does not know. */
    public static final String UNKNOWN_TYPE = "unknown-type";
    /** A name outside the rules. */
    public static final String INVALID_NAME = "invalid-name";
    /** A room name outside the rules. */
    public static final String INVALID_ROOM = "invalid-room";
    /** Empty, too long, or with control characters. */
    public static final String INVALID_TEXT = "invalid-text";
    /** Someone in the room already has that name. */
    public static final String NAME_TAKEN = "name-taken";
    /** say or leave before join. */
    public static final String NOT_JOINED = "not-joined";
    /** join while in a room. */
    public static final String ALREADY_JOINED = "already-joined";
    /** An {@code after} that is not a message id. */
    public static final String INVALID_ID = "invalid-id";
    /** The server cannot deliver messages right now (its backplane refused the message). */
    public static final String UNAVAILABLE = "unavailable";
    /** A binary WebSocket message. */
    public static final String UNSUPPORTED = "unsupported";

    private final String code;

    public ChatError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
