package dev.torsion.websocket.deflate;

/**
 * The extension name and parameter names of RFC 7692 section 7, spelled as registered. Constants only.
 */
final class DeflateParameterNames {

    static final String EXTENSION_NAME = "permessage-deflate";
    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    private DeflateParameterNames() {
    }
}
