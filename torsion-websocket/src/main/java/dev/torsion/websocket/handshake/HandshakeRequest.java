package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;

import javax.net.ssl.SSLSession;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handshake's view of an HTTP request: what RFC 6455 section 4.2.1 needs to look at, and what an
 * application deciding about it wants to know (its path and query, the client's address, the TLS session), so
 * that a {@link HandshakeInterceptor} can refuse by token, by IP address or by client certificate.
 *
 * <p>The HTTP server adapts its own request type to this interface (a thin wrapper, no copying needed);
 * tests and the WebSocket client use {@link SimpleHandshakeRequest}. Header names are matched ignoring ASCII
 * case. Values are given as received, without the surrounding whitespace that HTTP does not count as part of
 * a field value; a repeated header is one value per field line.
 *
 * <p><b>Threading and lifecycle.</b> The handshake reads the request only during
 * {@link ServerHandshake#respond(HandshakeRequest)}, on the caller's thread, and keeps no reference to it
 * afterwards; an implementation need not be thread-safe, but must not change while that call runs.
 */
public interface HandshakeRequest {

    /** The request method, as sent (for example {@code "GET"}); methods are case-sensitive in HTTP. */
    String method();

    /** The protocol version from the request line, for example {@code "HTTP/1.1"}. */
    String httpVersion();

    /** The request target from the request line, for example {@code "/chat?room=1"}. */
    String target();

    /** The header fields, in the order received (read them, do not change them). */
    HttpHeaders headers();

    /**
     * The {@code :protocol} of an extended CONNECT (RFC 8441), the handshake of WebSocket over HTTP/2 (then
     * {@link #httpVersion()} is {@code "HTTP/2"} and {@link #method()} {@code "CONNECT"}; {@code :authority} is
     * the {@code Host} of {@link #headers()}); null for an HTTP/1.1 request. The default is null.
     */
    default String connectProtocol() {
        return null;
    }

    /** The path of the target as sent (not decoded), without the query: {@code "/chat"} for {@code "/chat?room=1"}. */
    default String path() {
        String target = target();
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /**
     * The query arguments of the target, decoded ({@code %xx} and {@code +} as a space), each name with its values
     * in order; empty when there is no query. Read-only.
     *
     * @throws IllegalArgumentException for a malformed {@code %} escape (the default implementation)
     */
    default Map<String, List<String>> queryParameters() {
        String target = target();
        int q = target.indexOf('?');
        if (q < 0 || q == target.length() - 1) {
            return Map.of();
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : target.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        parameters.replaceAll((name, values) -> Collections.unmodifiableList(values));
        return Collections.unmodifiableMap(parameters);
    }

    /** The first value of query argument {@code name}, or null when it is absent. */
    default String queryParameter(String name) {
        List<String> values = queryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The client's address, or null when unknown (a request built by hand). */
    default SocketAddress remoteAddress() {
        return null;
    }

    /**
     * The TLS session the request came over (protocol, cipher suite, and the client's certificates when the
     * server asked for them: {@code getPeerCertificates()}), or null for a request without TLS.
     */
    default SSLSession sslSession() {
        return null;
    }
}
