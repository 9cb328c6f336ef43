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
 * stays HTTP; the HTTP layer decides whether to keep it alive. A {@link RejectReason#SERVER_ERROR} carries
 * the failure in {@link #cause()} for logging, and its body never repeats the failure's text.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class HandshakeRejected implements HandshakeResult {

    /** The content type of {@link #body()}. */
    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    private final RejectReason reason;
    private final int status;
    private final HttpHeaders headers;
    private final String body;
    private final Throwable cause;

    HandshakeRejected(RejectReason reason, int status, HttpHeaders headers, String body, Throwable cause) {
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
    public RejectReason reason() {
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

    /** The application failure behind a {@link RejectReason#SERVER_ERROR}; empty otherwise. */
    public Optional<Throwable> cause() {
        return Optional.ofNullable(cause);
    }

    @Override
    public String toString() {
        return status + " " + reasonPhrase() + " (" + reason + ") " + headers + " \"" + body + "\"";
    }
}
