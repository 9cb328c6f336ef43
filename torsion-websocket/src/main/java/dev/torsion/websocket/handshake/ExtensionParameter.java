package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpTokens;

import java.util.Objects;

/**
 * One parameter of an extension in {@code Sec-WebSocket-Extensions} (RFC 6455 section 9.1): a name, and a
 * value or none, as in {@code server_no_context_takeover} or {@code client_max_window_bits=10}.
 *
 * <p>Both name and value are HTTP tokens. The grammar allows a value to be sent as a quoted string, but
 * requires what it unquotes to to be a token, so a value is stored unquoted and formatted without quotes.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param name  the parameter name, a token
 * @param value the value, a token, or {@code null} when the parameter has none
 */
public record ExtensionParameter(String name, String value) {

    /** Checks that the name, and the value if any, are tokens. */
    public ExtensionParameter {
        Objects.requireNonNull(name, "name");
        if (!HttpTokens.isToken(name)) {
            throw new IllegalArgumentException("extension parameter name is not a token: \"" + name + "\"");
        }
        if (value != null && !HttpTokens.isToken(value)) {
            throw new IllegalArgumentException("extension parameter value is not a token: \"" + value + "\"");
        }
    }

    /** A parameter without a value. */
    public static ExtensionParameter of(String name) {
        return new ExtensionParameter(name, null);
    }

    /** A parameter with a value. */
    public static ExtensionParameter of(String name, String value) {
        return new ExtensionParameter(name, Objects.requireNonNull(value, "value"));
    }

    /** True when the parameter carries a value. */
    public boolean hasValue() {
        return value != null;
    }

    /** True when the parameter is named {@code other}, ignoring ASCII case. */
    public boolean hasName(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** The parameter as written in the header: {@code name} or {@code name=value}. */
    @Override
    public String toString() {
        return value == null ? name : name + "=" + value;
    }
}
