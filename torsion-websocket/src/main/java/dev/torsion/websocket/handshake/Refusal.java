package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;

/**
 * Carries a {@link HandshakeRejected} out of the request checks to {@link ServerHandshake}. Internal control
 * flow only: it records no stack trace and never leaves the package.
 */
final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient HandshakeRejected rejection;

    private Refusal(HandshakeRejected rejection) {
        super(rejection.body(), null, false, false);
        this.rejection = rejection;
    }

    /** A refusal with {@code status}, no extra headers, and {@code body}. */
    static Refusal of(RejectReason reason, int status, String body) {
        return of(reason, status, HttpHeaders.empty(), body);
    }

    /** A refusal with {@code status}, {@code headers} and {@code body}. */
    static Refusal of(RejectReason reason, int status, HttpHeaders headers, String body) {
        return new Refusal(new HandshakeRejected(reason, status, headers, body, null));
    }

    HandshakeRejected rejection() {
        return rejection;
    }
}
