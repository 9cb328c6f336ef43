package dev.torsion.cli.conformance;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the one text message a conformance server's control endpoint sends ({@code /getCaseCount},
 * {@code /getCaseStatus}) and completes {@link #text} with it; completes {@link #closed} when the server has
 * closed (as {@code /updateReports} does once the reports are written). A connection that closes before any
 * text fails {@link #text}.
 *
 * <p><b>Threading.</b> Callbacks run on the connection's event loop; the futures may be read from any
 * thread. <b>Lifecycle.</b> One per control connection.
 */
final class FirstText implements WebSocketHandler {

    final CompletableFuture<String> text = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    @Override
    public void onText(WebSocketSession session, String message) {
        text.complete(message);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        text.completeExceptionally(new IllegalStateException("expected a text message, got " + data.remaining()
                + " bytes of binary"));
    }

    @Override
    public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        text.completeExceptionally(new IllegalStateException("closed (" + code.code() + ") before a text message"));
        closed.complete(null);
    }
}
