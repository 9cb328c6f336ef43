package dev.torsion.websocket.deflate;

import static dev.torsion.websocket.deflate.DeflateParameterNames.CLIENT_MAX_WINDOW_BITS;
import static dev.torsion.websocket.deflate.DeflateParameterNames.CLIENT_NO_CONTEXT_TAKEOVER;
import static dev.torsion.websocket.deflate.DeflateParameterNames.SERVER_MAX_WINDOW_BITS;
import static dev.torsion.websocket.deflate.DeflateParameterNames.SERVER_NO_CONTEXT_TAKEOVER;

import dev.torsion.websocket.handshake.ExtensionOffer;
import dev.torsion.websocket.handshake.ExtensionParameter;
import java.util.Optional;

/**
 * The parameters of one {@code permessage-deflate} element (an offer or a response), checked against the
 * grammar of RFC 7692 section 7.1: only the four known parameters, each at most once, the
 * {@code *_no_context_takeover} ones without a value, {@code server_max_window_bits} with a value, and every
 * window value a decimal from 8 to 15 without leading zeros (quoted values arrive unquoted). Parameter names
 * are compared ignoring ASCII case, as the handshake package does.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param serverNoContextTakeover    {@code server_no_context_takeover} is present
 * @param clientNoContextTakeover    {@code client_no_context_takeover} is present
 * @param serverMaxWindowBits        the value of {@code server_max_window_bits}, or {@link #ABSENT}
 * @param clientMaxWindowBits        the value of {@code client_max_window_bits}, {@link #NO_VALUE} when it
 *                                   is present without one, or {@link #ABSENT}
 */
record DeflateElement(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                      int serverMaxWindowBits, int clientMaxWindowBits) {

    /** The parameter is not present. */
    static final int ABSENT = -1;
    /** {@code client_max_window_bits} is present without a value. */
    static final int NO_VALUE = 0;

    /** Whether {@code client_max_window_bits} was sent, with or without a value. */
    boolean hasClientMaxWindowBits() {
        return clientMaxWindowBits != ABSENT;
    }

    /**
     * Parses one element.
     *
     * @return the parameters, or the reason the element is malformed (for logs and tests)
     */
    static Result parse(ExtensionOffer element) {
        boolean serverNoContext = false;
        boolean clientNoContext = false;
        int serverBits = ABSENT;
        int clientBits = ABSENT;
        for (ExtensionParameter parameter : element.parameters()) {
            String name = parameter.name();
            if (name.equalsIgnoreCase(SERVER_NO_CONTEXT_TAKEOVER)) {
                if (serverNoContext || parameter.hasValue()) {
                    return Result.malformed(problem(parameter, serverNoContext));
                }
                serverNoContext = true;
            } else if (name.equalsIgnoreCase(CLIENT_NO_CONTEXT_TAKEOVER)) {
                if (clientNoContext || parameter.hasValue()) {
                    return Result.malformed(problem(parameter, clientNoContext));
                }
                clientNoContext = true;
            } else if (name.equalsIgnoreCase(SERVER_MAX_WINDOW_BITS)) {
                int bits = windowBits(parameter.value());
                if (serverBits != ABSENT || bits == ABSENT) {
                    return Result.malformed(problem(parameter, serverBits != ABSENT));
                }
                serverBits = bits;
            } else if (name.equalsIgnoreCase(CLIENT_MAX_WINDOW_BITS)) {
                int bits = parameter.hasValue() ? windowBits(parameter.value()) : NO_VALUE;
                if (clientBits != ABSENT || bits == ABSENT) {
                    return Result.malformed(problem(parameter, clientBits != ABSENT));
                }
                clientBits = bits;
            } else {
                return Result.malformed("unknown parameter " + name);
            }
        }
        return new Result(new DeflateElement(serverNoContext, clientNoContext, serverBits, clientBits), null);
    }

    private static String problem(ExtensionParameter parameter, boolean duplicate) {
        return duplicate ? "duplicate parameter " + parameter.name() : "invalid parameter " + parameter;
    }

    /** The window size in {@code value}: "8" to "15" exactly, else {@link #ABSENT}. */
    private static int windowBits(String value) {
        if (value == null || value.isEmpty() || value.length() > 2 || value.charAt(0) == '0') {
            return ABSENT;
        }
        int bits = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return ABSENT;
            }
            bits = bits * 10 + (c - '0');
        }
        return bits >= DeflateAgreement.MIN_WINDOW_BITS && bits <= DeflateAgreement.MAX_WINDOW_BITS ? bits : ABSENT;
    }

    /** A parsed element or the reason it is malformed; exactly one is present. */
    record Result(DeflateElement element, String problem) {

        static Result malformed(String problem) {
            return new Result(null, problem);
        }

        Optional<DeflateElement> parsed() {
            return Optional.ofNullable(element);
        }
    }
}
