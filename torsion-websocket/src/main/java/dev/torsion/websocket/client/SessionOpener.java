package dev.torsion.websocket.client;

import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;

import java.util.concurrent.CompletableFuture;

/**
 * One connection attempt for a {@link ReconnectingWebSocket}: opens a session whose events go to
 * {@code handler}. Usually {@code handler -> client.connect(uri, handler, options)}; tests supply their own.
 *
 * <p><b>Threading.</b> May be called from the reconnecting client's scheduler thread; must not block.
 */
@FunctionalInterface
public interface SessionOpener {

    /** Starts an attempt; the future completes with the open session or fails with why it could not open. */
    CompletableFuture<WebSocketSession> open(WebSocketHandler handler);
}
