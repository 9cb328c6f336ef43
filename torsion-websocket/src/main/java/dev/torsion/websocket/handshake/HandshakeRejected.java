package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A refused handshake: the HTTP response to send instead of {@code 101}.
 *
 * <p>The HTTP layer writes {@link #status()} and {@link #reasonPhrase()}, the {@link #headers()} (such as
 * {@code Sec-WebSocket-Version: 13}, {@code Allow: GET}, or the application's), {@code Content-Type:}
 * {@value #CONTENT_TYPE}, a {@code Content-Length}, and {@link #body()} encoded as UTF-8. The connection
 * stays HTTP; the HTTP layer decides whether to keep it alive. A {@link Reason#SERVER_ERROR} carries
 * the failure in {@link #cause()} for logging, and its body never repeats the failure's text. {@link #reason()}
 * names the check that failed.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class HandshakeRejected implements HandshakeResult {

    /**
     * Which check a refused handshake request failed, for logs, metrics and tests; the status is in
     * {@link HandshakeRejected#status()}.
     *
     * <p>Constants; safe from any thread.
     */
    public enum Reason {
        /**
         * The method is not {@code GET} (HTTP/1.1): 405 with {@code Allow: GET}; over HTTP/2, not {@code CONNECT}:
         * 405 with {@code Allow: CONNECT}.
         */
        METHOD_NOT_ALLOWED,
        /** The request is not HTTP/1.1 or later: 400. */
        BAD_HTTP_VERSION,
        /** {@code Host} (over HTTP/2, {@code :authority}) is missing, empty or repeated: 400. */
        BAD_HOST,
        /** {@code Upgrade} is missing or lacks the token {@code websocket}: 400. */
        BAD_UPGRADE,
        /** {@code Connection} is missing or lacks the token {@code Upgrade}: 400. */
        BAD_CONNECTION,
        /** {@code Sec-WebSocket-Version} is missing, repeated or not a number: 400 with {@code Sec-WebSocket-Version: 13}. */
        BAD_VERSION,
        /**
         * {@code Sec-WebSocket-Version} names a version other than 13: 426 with {@code Sec-WebSocket-Version: 13}
         * (over HTTP/2, 400: a 426 must carry {@code Upgrade}, which HTTP/2 forbids).
         */
        UNSUPPORTED_VERSION,
        /**
         * An extended CONNECT over HTTP/2 asks for a {@code :protocol} other than {@code websocket}: 501 (the
         * rule RFC 9220 section 3 states for extended CONNECT), or carries none: 400.
         */
        UNSUPPORTED_PROTOCOL,
        /** {@code Sec-WebSocket-Key} is missing, repeated, or not base64 of 16 bytes: 400. */
        BAD_KEY,
        /** {@code Sec-WebSocket-Protocol} is not a list of tokens: 400. */
        BAD_SUBPROTOCOL,
        /** {@code Origin} is repeated: 400. */
        BAD_ORIGIN,
        /** The {@link OriginPolicy} refused the origin (or its absence): 403. */
        ORIGIN_REFUSED,
        /** The {@link HandshakeInterceptor} rejected the request, with the status it chose. */
        APPLICATION_REJECTED,
        /** An application hook failed or broke its contract: 500; see {@link HandshakeRejected#cause()}. */
        SERVER_ERROR
    }

    /** The content type of {@link #body()}. */
    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    private final Reason reason;
    private final int status;
    private final HttpHeaders headers;
    private final String body;
    private final Throwable cause;

    HandshakeRejected(Reason reason, int status, HttpHeaders headers, String body, Throwable cause) {
        this.reason = Objects.requireNonNull(reason, "reason");
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers").readOnly();
        this.body = Objects.requireNonNull(body, "body");
        this.cause = cause;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String reasonPhrase() {
        return HttpStatus.reasonPhrase(status);
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public boolean isAccepted() {
        return false;
    }

    /** Which check failed. */
    public Reason reason() {
        return reason;
    }

    /** The plain-text body saying what was wrong, for example {@code Sec-WebSocket-Key must base64-decode to 16 bytes}. */
    public String body() {
        return body;
    }

    /** {@link #body()} as UTF-8 bytes (a fresh array). */
    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** The application failure behind a {@link Reason#SERVER_ERROR}; empty otherwise. */
    public Optional<Throwable> cause() {
        return Optional.ofNullable(cause);
    }

    @Override
    public String toString() {
        return status + " " + reasonPhrase() + " (" + reason + ") " + headers + " \"" + body + "\"";
    }
}
