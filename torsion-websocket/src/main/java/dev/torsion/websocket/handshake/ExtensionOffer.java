package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpTokens;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 section 9.1): an extension name and its
 * parameters in order, as in {@code permessage-deflate; client_max_window_bits}.
 *
 * <p>In a client's request each element is an offer, and one extension may be offered several times with
 * different parameters, most preferred first. The same model holds the elements of a server's response,
 * which the client reads back with {@link ExtensionHeader#parse(java.util.List)}.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param name       the extension name, a token
 * @param parameters the parameters, in order (copied)
 */
public record ExtensionOffer(String name, List<ExtensionParameter> parameters) {

    /** Checks the name and copies the parameters. */
    public ExtensionOffer {
        Objects.requireNonNull(name, "name");
        if (!HttpTokens.isToken(name)) {
            throw new IllegalArgumentException("extension name is not a token: \"" + name + "\"");
        }
        parameters = List.copyOf(parameters);
    }

    /** An offer with the given parameters. */
    public static ExtensionOffer of(String name, ExtensionParameter... parameters) {
        return new ExtensionOffer(name, List.of(parameters));
    }

    /** True when this element names extension {@code other}, ignoring ASCII case. */
    public boolean hasName(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** The first parameter named {@code parameterName} (ignoring case), if any. */
    public Optional<ExtensionParameter> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.hasName(parameterName)).findFirst();
    }

    /** The element as written in the header, for example {@code permessage-deflate; client_max_window_bits}. */
    @Override
    public String toString() {
        return ExtensionHeader.formatElement(name, parameters);
    }
}
