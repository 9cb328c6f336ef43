package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpTokens;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The plain {@link NegotiatedExtension} made by {@link NegotiatedExtension#of(String, List, Set)}.
 *
 * <p>Immutable; safe to share between threads.
 */
record BasicNegotiatedExtension(String name, List<ExtensionParameter> parameters, Set<ReservedBit> reservedBits)
        implements NegotiatedExtension {

    BasicNegotiatedExtension {
        Objects.requireNonNull(name, "name");
        if (!HttpTokens.isToken(name)) {
            throw new IllegalArgumentException("extension name is not a token: \"" + name + "\"");
        }
        parameters = List.copyOf(parameters);
        reservedBits = Set.copyOf(reservedBits);
    }

    @Override
    public String toString() {
        return ExtensionHeader.formatElement(name, parameters) + " " + reservedBits;
    }
}
