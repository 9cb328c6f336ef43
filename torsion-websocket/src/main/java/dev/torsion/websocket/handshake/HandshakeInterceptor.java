package dev.torsion.websocket.handshake;

/**
 * The application's say on a handshake request that RFC 6455 finds valid and whose origin is allowed:
 * authenticate, rate-limit, set cookies, or turn it away with any status.
 *
 * <p>It runs after the protocol checks and the origin check, and before subprotocol selection and
 * extension negotiation (so a rejection never leaves an extension holding resources). An exception thrown
 * here is a server bug: the handshake answers {@code 500} and hands the exception to the caller in
 * {@link HandshakeRejected#cause()}.
 *
 * <p><b>Threading.</b> One interceptor serves every handshake of a {@link ServerHandshake}, possibly on
 * several threads at once, and is called on the thread that calls {@link ServerHandshake#respond}; it must be
 * thread-safe and should not block (it usually runs on an event loop).
 */
@FunctionalInterface
public interface HandshakeInterceptor {

    /** Decides about {@code request}; never returns {@code null}. */
    UpgradeDecision intercept(HandshakeRequest request);

    /** An interceptor that accepts every request without adding headers (the default). */
    static HandshakeInterceptor acceptAll() {
        return request -> UpgradeDecision.accept();
    }
}
