package dev.torsion.http;

import java.io.IOException;

/** An HTTP response head that could not be read: its message says what was wrong. Immutable. */
public final class MalformedResponseException extends IOException {

    /** Creates the exception with a description of the problem. */
    public MalformedResponseException(String message) {
        super(message);
    }
}
