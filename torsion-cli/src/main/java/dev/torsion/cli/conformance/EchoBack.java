package dev.torsion.cli.conformance;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.server.EchoHandler;

import java.util.concurrent.CompletableFuture;

/**
 * The conformance suite's test case handler: {@code torsion echo}'s handler (every message sent back
 * unchanged, text as text and binary as binary) that also completes {@link #closed} with how the connection
 * ended.
 *
 * <p><b>Threading.</b> Callbacks run on the connection's event loop; {@link #closed} may be read from any
 * thread. <b>Lifecycle.</b> One per test case connection.
 */
final class EchoBack extends EchoHandler {

    /** How a case's connection ended. */
    record Ending(CloseCode code, String reason, boolean clean) {
    }

    final CompletableFuture<Ending> closed = new CompletableFuture<>();

    @Override
    public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        closed.complete(new Ending(code, reason, clean));
    }
}
