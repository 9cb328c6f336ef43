package dev.torsion.cli.conformance;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The conformance suite's test case handler: sends back every message unchanged, text as text and binary as
 * binary, and completes {@link #closed} with how the connection ended.
 *
 * <p><b>Threading.</b> Callbacks run on the connection's event loop; {@link #closed} may be read from any
 * thread. <b>Lifecycle.</b> One per test case connection.
 */
final class EchoBack implements WebSocketHandler {

    /** How a case's connection ended. */
    record Ending(CloseCode code, String reason, boolean clean) {
    }

    final CompletableFuture<Ending> closed = new CompletableFuture<>();

    @Override
    public void onText(WebSocketSession session, String text) {
        session.sendText(text);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        session.sendBinary(data);
    }

    @Override
    public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        closed.complete(new Ending(code, reason, clean));
    }
}
