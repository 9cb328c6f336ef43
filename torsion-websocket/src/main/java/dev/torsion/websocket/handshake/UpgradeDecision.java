package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link HandshakeInterceptor} decides about a valid handshake request: accept it, possibly with
 * extra response headers (cookies, authentication results), or reject it with a status, a plain-text
 * message and possibly headers (for example {@code WWW-Authenticate} with a 401).
 *
 * <p>An accepting decision may not set the headers the handshake itself owns ({@code Upgrade},
 * {@code Connection}, {@code Sec-WebSocket-*}) nor framing headers ({@code Content-Length},
 * {@code Transfer-Encoding}); a rejecting one may not set {@code Content-Length}, {@code Transfer-Encoding} or
 * {@code Content-Type} (the body is plain UTF-8 text). Trying throws {@link IllegalArgumentException} at once.
 * A rejection's status must be a redirection, client error or server error ({@code 300..599}).
 *
 * <p>Immutable and thread-safe: {@link #withHeader(String, String)} returns a new decision.
 */
public final class UpgradeDecision {

    private static final Set<String> OWNED_ON_ACCEPT = Set.of(
            "upgrade", "connection", "sec-websocket-accept", "sec-websocket-protocol", "sec-websocket-extensions",
            "sec-websocket-version", "sec-websocket-key", "content-length", "transfer-encoding");
    private static final Set<String> OWNED_ON_REJECT = Set.of("content-length", "transfer-encoding", "content-type");
    private static final UpgradeDecision ACCEPT = new UpgradeDecision(true, 101, "", HttpHeaders.empty());

    private final boolean accepted;
    private final int status;
    private final String message;
    private final HttpHeaders headers;

    private UpgradeDecision(boolean accepted, int status, String message, HttpHeaders headers) {
        this.accepted = accepted;
        this.status = status;
        this.message = message;
        this.headers = headers;
    }

    /** Go ahead with the upgrade. */
    public static UpgradeDecision accept() {
        return ACCEPT;
    }

    /**
     * Refuse the upgrade with {@code status} ({@code 300..599}) and {@code message} as the plain-text body.
     */
    public static UpgradeDecision reject(int status, String message) {
        if (status < 300 || status > 599) {
            throw new IllegalArgumentException("a rejection needs a status in 300..599, not " + status);
        }
        return new UpgradeDecision(false, status, Objects.requireNonNull(message, "message"), HttpHeaders.empty());
    }

    /** This decision with one more response header. */
    public UpgradeDecision withHeader(String name, String value) {
        Set<String> owned = accepted ? OWNED_ON_ACCEPT : OWNED_ON_REJECT;
        if (owned.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the handshake sets " + name + " itself; an "
                    + (accepted ? "accepting" : "rejecting") + " decision may not");
        }
        return new UpgradeDecision(accepted, status, message, new HttpHeaders().addAll(headers).add(name, value).readOnly());
    }

    /** True for an accepting decision. */
    public boolean isAccepted() {
        return accepted;
    }

    /** {@code 101} when accepted, otherwise the rejection status. */
    public int status() {
        return status;
    }

    /** The rejection's plain-text body; empty when accepted. */
    public String message() {
        return message;
    }

    /** The headers to add to the response, in order (read-only). */
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public String toString() {
        return accepted ? "accept " + headers : "reject " + status + " \"" + message + "\" " + headers;
    }
}
