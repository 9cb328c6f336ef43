package dev.torsion.websocket.client;

import java.net.URI;
import java.util.Locale;

/**
 * A checked {@code ws://} or {@code wss://} URI (RFC 6455 section 3): scheme, host (IPv6 literals without
 * brackets), port (80 and 443 by default), and whether TLS is used. A URI with a fragment, user info or
 * another scheme is refused with a message saying why.
 *
 * <p>Immutable.
 */
public record WebSocketUri(URI uri, boolean secure, String host, int port) {

    /** Parses and checks {@code text}. */
    public static WebSocketUri parse(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid URI: " + text + " (" + e.getMessage() + ")");
        }
        return of(uri);
    }

    /** Checks {@code uri}. */
    public static WebSocketUri of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean secure;
        if (scheme.equals("ws")) {
            secure = false;
        } else if (scheme.equals("wss")) {
            secure = true;
        } else {
            throw new IllegalArgumentException("a WebSocket URI starts with ws:// or wss://, got: " + uri);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("the WebSocket URI has no host: " + uri);
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a WebSocket URI must not have a fragment: " + uri);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("user info in a WebSocket URI is not supported (send an "
                    + "Authorization header instead): " + uri);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() == -1 ? (secure ? 443 : 80) : uri.getPort();
        return new WebSocketUri(uri, secure, host, port);
    }
}
