package dev.torsion.websocket.deflate;

import dev.torsion.websocket.Role;
import dev.torsion.websocket.handshake.ExtensionParameter;
import java.util.ArrayList;
import java.util.List;

/**
 * The permessage-deflate parameters both ends agreed to (RFC 7692 section 7.1), as stated by the server's
 * response.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param serverNoContextTakeover the server resets its compressor after every message
 * @param clientNoContextTakeover the client resets its compressor after every message
 * @param serverMaxWindowBits     the largest LZ77 window (as a power of two, 8 to 15) the server compresses with
 * @param clientMaxWindowBits     the largest LZ77 window (8 to 15) the client compresses with
 */
public record DeflateAgreement(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                               int serverMaxWindowBits, int clientMaxWindowBits) {

    /** The largest window DEFLATE allows, the one {@link java.util.zip.Deflater} keeps (smaller ones are emulated). */
    public static final int MAX_WINDOW_BITS = 15;
    /** The smallest window RFC 7692 allows. */
    public static final int MIN_WINDOW_BITS = 8;

    /** Checks the window sizes. */
    public DeflateAgreement {
        checkWindowBits("serverMaxWindowBits", serverMaxWindowBits);
        checkWindowBits("clientMaxWindowBits", clientMaxWindowBits);
    }

    /** No parameters: context takeover both ways, 15-bit windows both ways. */
    public static DeflateAgreement defaults() {
        return new DeflateAgreement(false, false, MAX_WINDOW_BITS, MAX_WINDOW_BITS);
    }

    /** True when {@code role}'s compressor is reset after every message. */
    public boolean sendsWithoutContextTakeover(Role role) {
        return role == Role.SERVER ? serverNoContextTakeover : clientNoContextTakeover;
    }

    /** True when the peer of {@code role} resets its compressor after every message. */
    public boolean receivesWithoutContextTakeover(Role role) {
        return role == Role.SERVER ? clientNoContextTakeover : serverNoContextTakeover;
    }

    /** The largest window {@code role} may compress with. */
    public int sendWindowBits(Role role) {
        return role == Role.SERVER ? serverMaxWindowBits : clientMaxWindowBits;
    }

    /**
     * The response parameters stating this agreement: each {@code *_no_context_takeover} that holds, and each
     * window size below 15 (plus {@code server_max_window_bits=15} when {@code echoServerWindow}, since a
     * server must answer that parameter when it was offered).
     */
    List<ExtensionParameter> toResponseParameters(boolean echoServerWindow) {
        List<ExtensionParameter> parameters = new ArrayList<>(4);
        if (serverNoContextTakeover) {
            parameters.add(ExtensionParameter.of(DeflateParameterNames.SERVER_NO_CONTEXT_TAKEOVER));
        }
        if (clientNoContextTakeover) {
            parameters.add(ExtensionParameter.of(DeflateParameterNames.CLIENT_NO_CONTEXT_TAKEOVER));
        }
        if (echoServerWindow || serverMaxWindowBits < MAX_WINDOW_BITS) {
            parameters.add(ExtensionParameter.of(DeflateParameterNames.SERVER_MAX_WINDOW_BITS,
                    Integer.toString(serverMaxWindowBits)));
        }
        if (clientMaxWindowBits < MAX_WINDOW_BITS) {
            parameters.add(ExtensionParameter.of(DeflateParameterNames.CLIENT_MAX_WINDOW_BITS,
                    Integer.toString(clientMaxWindowBits)));
        }
        return List.copyOf(parameters);
    }

    static void checkWindowBits(String what, int bits) {
        if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
            throw new IllegalArgumentException(what + " must be from 8 to 15, not " + bits);
        }
    }
}
