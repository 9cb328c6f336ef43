package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpTokens;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The application's choice of subprotocol (RFC 6455 section 4.2.2, {@code Sec-WebSocket-Protocol}).
 *
 * <p>It is called with the subprotocols the client offered, in the client's order, and returns the one to
 * use, or empty to use none (the response then carries no {@code Sec-WebSocket-Protocol}). It is not called
 * when the client offered none. Subprotocol names are compared exactly (case-sensitive).
 *
 * <p>Returning a name the client did not offer is a server bug: the handshake answers {@code 500} instead of
 * sending a response the client would have to reject.
 *
 * <p><b>Threading.</b> One selector serves every handshake of a {@link ServerHandshake}, possibly on several
 * threads at once: implementations must be thread-safe (the ones made here are immutable).
 */
@FunctionalInterface
public interface SubprotocolSelector {

    /**
     * Picks one of {@code offered} (non-empty, unmodifiable, in the client's order, no duplicates), or empty.
     */
    Optional<String> select(List<String> offered);

    /** A selector that never picks one: the connection runs without a subprotocol. */
    static SubprotocolSelector none() {
        return offered -> Optional.empty();
    }

    /**
     * A selector for a server that speaks {@code supported}, listed in the server's order of preference: it
     * picks the first of those the client offered, whatever the client's order.
     */
    static SubprotocolSelector preferring(List<String> supported) {
        Set<String> preference = new LinkedHashSet<>();
        for (String name : supported) {
            Objects.requireNonNull(name, "subprotocol");
            if (!HttpTokens.isToken(name)) {
                throw new IllegalArgumentException("subprotocol is not an HTTP token: \"" + name + "\"");
            }
            preference.add(name);
        }
        List<String> ordered = List.copyOf(preference);
        return offered -> ordered.stream().filter(offered::contains).findFirst();
    }

    /** {@link #preferring(List)} with the names as arguments. */
    static SubprotocolSelector preferring(String... supported) {
        return preferring(List.of(supported));
    }
}
