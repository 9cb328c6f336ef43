package dev.torsion.http;

/**
 * A request the server refuses, with the status it answers (400, 408, 413, 414, 417, 431, 501, 505...).
 * The head lexer, the server's parser and its site throw it; the server's connection turns it into a response
 * in exactly one place, always followed by closing the connection. The message is for the log, never for the
 * client. (A client reading a malformed response gets a {@link MalformedResponseException} instead.)
 *
 * <p>Carries no stack trace: it describes bad input, not a bug.
 */
public final class HttpError extends Exception {

    private final int status;

    /** A refusal with the given status code and a description of what was wrong. */
    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The status code of the answer. */
    public int status() {
        return status;
    }
}
