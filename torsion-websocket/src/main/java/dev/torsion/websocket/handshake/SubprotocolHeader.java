package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpTokens;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code Sec-WebSocket-Protocol} header (RFC 6455 section 11.3.4): a comma-separated list of
 * tokens, possibly spread over repeated fields, elements trimmed, empty elements skipped.
 *
 * <p>Stateless; safe from any thread.
 */
final class SubprotocolHeader {

    static final String NAME = "Sec-WebSocket-Protocol";

    private SubprotocolHeader() {
    }

    /**
     * The subprotocols listed, in order, without duplicates; empty when the header is absent.
     *
     * @throws IllegalArgumentException naming the problem when an element is not a token or the header is
     *                                  present but lists nothing
     */
    static List<String> parse(List<String> fieldValues) {
        if (fieldValues.isEmpty()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String element : HttpTokens.listElements(fieldValues)) {
            if (!HttpTokens.isToken(element)) {
                throw new IllegalArgumentException(NAME + " value \"" + element + "\" is not a token");
            }
            names.add(element);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(NAME + " must list at least one subprotocol");
        }
        return List.copyOf(new ArrayList<>(names));
    }
}
