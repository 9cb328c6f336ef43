package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;

import java.util.Objects;

/**
 * A server's handshake response that the client must refuse (RFC 6455 section 4.1: "the client MUST
 * _Fail the WebSocket Connection_"), naming the {@link Check} that failed, with what the server answered: its
 * {@link #status()}, its {@link #headers()} (a 401's {@code WWW-Authenticate}, a redirect's {@code Location},
 * a 429's {@code Retry-After}) and, for a refusal ({@link Check#STATUS}), the start of its {@link #body()}.
 *
 * <p>Thrown by {@link ClientHandshake#verify(dev.torsion.http.ResponseHead)}; not meant to be shared between threads.
 */
public final class HandshakeFailedException extends Exception {

    /**
     * The checks RFC 6455 section 4.1 requires a client to make of the server's handshake response, in the
     * order {@link ClientHandshake#verify(dev.torsion.http.ResponseHead)} makes them.
     *
     * <p>Constants; safe from any thread.
     */
    public enum Check {
        /** The status is {@code 101}. */
        STATUS,
        /** There is exactly one {@code Upgrade} header, and it is {@code websocket} (ignoring case). */
        UPGRADE,
        /** {@code Connection} contains the token {@code Upgrade} (ignoring case). */
        CONNECTION,
        /** There is exactly one {@code Sec-WebSocket-Accept}, and it is the value derived from our key. */
        ACCEPT,
        /** {@code Sec-WebSocket-Extensions}, if present, is well formed and names only offered extensions, each once. */
        EXTENSIONS,
        /** {@code Sec-WebSocket-Protocol}, if present, is a single field naming one of the offered subprotocols. */
        SUBPROTOCOL
    }

    private static final long serialVersionUID = 1L;

    /** The most characters of a refusal's body that {@link #body()} keeps. */
    public static final int MAX_BODY = 64 * 1024;

    private final Check check;
    private final int status;
    private final transient HttpHeaders headers;
    private final String body;

    /** A failure of {@code check}, for a response with {@code status}, explained by {@code message}. */
    public HandshakeFailedException(Check check, int status, String message) {
        this(check, status, message, HttpHeaders.empty(), "");
    }

    /**
     * A failure of {@code check}, for a response with {@code status}, {@code headers} and {@code body} (cut to
     * {@link #MAX_BODY} characters), explained by {@code message}.
     */
    public HandshakeFailedException(Check check, int status, String message, HttpHeaders headers, String body) {
        this(Objects.requireNonNull(check, "check") + ": " + message, check, status, headers, body);
    }

    private HandshakeFailedException(String fullMessage, Check check, int status, HttpHeaders headers, String body) {
        super(fullMessage);
        this.check = check;
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers").readOnly();
        this.body = body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body;
    }

    /** This failure with the response's {@code body} (what the client read of it after the head). */
    public HandshakeFailedException withBody(String body) {
        return new HandshakeFailedException(getMessage(), check, status, headers, body);
    }

    /** The check that failed. */
    public Check check() {
        return check;
    }

    /** The status code of the refused response. */
    public int status() {
        return status;
    }

    /** The headers of the refused response, read-only (empty when not known). */
    public HttpHeaders headers() {
        return headers == null ? HttpHeaders.empty() : headers;
    }

    /**
     * The body of a refused response (a non-101 status), as text (UTF-8, or ISO-8859-1 when the
     * {@code Content-Type} says so), at most {@link #MAX_BODY} characters; empty when it had none or the check
     * that failed is another one.
     */
    public String body() {
        return body;
    }
}
