package dev.torsion.websocket.handshake;

import java.util.Objects;

/**
 * One HTTP header field line: a name and its value, as it is (or will be) written on the wire.
 *
 * <p>The constructor checks that the name is an HTTP token and that the value holds no control characters
 * other than horizontal tab (so no CR or LF can smuggle in another header) and no character above U+00FF.
 * Leading and trailing whitespace of the value is not part of it and is rejected.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param name  the field name, case preserved (compare with {@link #hasName(String)})
 * @param value the field value
 */
public record HeaderField(String name, String value) {

    /** Checks the name and value. */
    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!HttpTokens.isToken(name)) {
            throw new IllegalArgumentException("header name is not an HTTP token: \"" + name + "\"");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c == 0x7f || c > 0xff)) {
                throw new IllegalArgumentException(
                        "header " + name + " has a forbidden character at index " + i + " (U+"
                                + String.format("%04X", (int) c) + ")");
            }
        }
        if (!value.equals(HttpTokens.trimWhitespace(value))) {
            throw new IllegalArgumentException("header " + name + " value has leading or trailing whitespace");
        }
    }

    /** True when this field's name is {@code other}, ignoring ASCII case. */
    public boolean hasName(String other) {
        return name.equalsIgnoreCase(other);
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
