package dev.torsion.websocket.client;

import dev.torsion.reactor.Authority;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * An HTTP proxy that the client reaches first and asks, with {@code CONNECT host:port}, for a tunnel to the
 * WebSocket server; {@code ws://} then runs through the tunnel as it is and {@code wss://} runs TLS inside
 * it (the proxy sees only ciphertext). Optional Basic credentials go in {@code Proxy-Authorization}.
 *
 * <pre>{@code
 * WebSocketClient client = WebSocketClient.builder(reactor)
 *         .proxy(HttpProxy.parse("http://user:secret@proxy.example:3128"))
 *         .build();
 * }</pre>
 *
 * <p><b>Threading.</b> Immutable; share freely.
 */
public final class HttpProxy {

    private final String host;
    private final int port;
    private final String username;
    private final String password;

    private HttpProxy(String host, int port, String username, String password) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the proxy needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the proxy port must be 1-65535, got " + port);
        }
        this.host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /** A proxy at {@code host:port} without credentials. */
    public static HttpProxy of(String host, int port) {
        return new HttpProxy(host, port, null, null);
    }

    /**
     * A proxy from a URL {@code http://[user:password@]host[:port]} (port 80 by default; user and password
     * percent-decoded). Other schemes are refused: the tunnel to the proxy itself is plain TCP.
     */
    public static HttpProxy parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.contains("://") ? url : "http://" + url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid proxy URL: " + url + " (" + e.getMessage() + ")");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("a proxy URL starts with http://, got: " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the proxy URL has no host: " + url);
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("a proxy URL has no path or query: " + url);
        }
        HttpProxy proxy = of(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort());
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            String pass = colon < 0 ? "" : userInfo.substring(colon + 1);
            proxy = proxy.withBasicAuth(URLDecoder.decode(user, StandardCharsets.UTF_8),
                    URLDecoder.decode(pass, StandardCharsets.UTF_8));
        }
        return proxy;
    }

    /** The same proxy, authenticating with Basic credentials (sent in UTF-8). */
    public HttpProxy withBasicAuth(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a Basic user name cannot contain ':'");
        }
        return new HttpProxy(host, port, username, password);
    }

    /** The proxy's host (an IPv6 literal without brackets). */
    public String host() {
        return host;
    }

    /** The proxy's port. */
    public int port() {
        return port;
    }

    /** True when credentials are sent. */
    public boolean hasCredentials() {
        return username != null;
    }

    /** The {@code Proxy-Authorization} value, or null without credentials. */
    String authorization() {
        if (username == null) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "HttpProxy[" + Authority.of(host, port) + (username == null ? "" : ", user " + username) + "]";
    }
}
