package dev.torsion.websocket.handshake;

/**
 * A header value that does not follow its grammar, with the position where parsing stopped.
 *
 * <p>Thrown by {@link ExtensionHeader#parse(java.util.List)}; the server handshake catches it and declines
 * every extension, the client fails the connection. Immutable once thrown; not meant to be shared.
 */
public final class MalformedHeaderException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String headerName;
    private final int index;

    /** A failure in header {@code headerName} at character {@code index} of its (combined) value. */
    public MalformedHeaderException(String headerName, String problem, int index) {
        super(headerName + ": " + problem + " at index " + index);
        this.headerName = headerName;
        this.index = index;
    }

    /** The name of the malformed header. */
    public String headerName() {
        return headerName;
    }

    /** Where in the value (repeated fields joined with {@code ", "}) parsing stopped. */
    public int index() {
        return index;
    }
}
