package dev.torsion.websocket.client;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketSession;

import java.time.Duration;

/**
 * What a {@link ReconnectingWebSocket} tells the application about its attempts, for logs, status displays
 * and metrics. Every method has an empty default. Messages and the sessions' own events go to the
 * {@link dev.torsion.websocket.WebSocketHandler} as usual.
 *
 * <p><b>Threading.</b> Called on the reconnecting client's scheduler (an event loop, or a fake clock in
 * tests), one call at a time; must not block.
 */
public interface ReconnectListener {

    /** Attempt number {@code attempt} (1 after a good connection or at the start) is starting. */
    default void attemptStarted(int attempt) {
    }

    /** The attempt failed before the session opened (connect, proxy, TLS or WebSocket handshake). */
    default void attemptFailed(int attempt, Throwable cause) {
    }

    /** The attempt opened {@code session}. */
    default void connected(WebSocketSession session, int attempt) {
    }

    /** An open session ended (as {@link dev.torsion.websocket.WebSocketHandler#onClose} reported it). */
    default void disconnected(CloseCode code, String reason, boolean clean) {
    }

    /** Attempt {@code nextAttempt} will start after {@code delay}. */
    default void retryScheduled(int nextAttempt, Duration delay) {
    }

    /** {@code attempts} attempts in a row failed and the policy allows no more; {@code lastCause} is the last reason. */
    default void gaveUp(int attempts, Throwable lastCause) {
    }

    /** The connection ended in a way the policy does not reconnect after (or {@code close()} was called). */
    default void stopped() {
    }
}
