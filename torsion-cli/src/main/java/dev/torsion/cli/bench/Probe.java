package dev.torsion.cli.bench;

import dev.torsion.cli.CliError;
import dev.torsion.cli.ConnectFailure;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.client.WebSocketClient;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The benchmark's first step: one WebSocket connection to the server, opened and closed, so that a run
 * against nothing (a port nobody listens on, a web page, a wrong path) fails at once with the reason
 * instead of counting errors for its whole duration.
 *
 * <p>Stateless; {@link #connect} blocks its caller for at most a few timeouts.
 */
final class Probe {

    private Probe() {
    }

    /**
     * Connects to {@code uri} and closes again (1000), each step bounded by {@code timeout}.
     *
     * @throws CliError with status 1 and the reason when no connection can be made
     */
    static void connect(URI uri, Duration timeout) throws InterruptedException {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        try (WebSocketClient client = WebSocketClient.builder().connectTimeout(timeout).handshakeTimeout(timeout)
                .build()) {
            WebSocketSession session;
            try {
                session = client.connect(uri, new WebSocketHandler() {
                    @Override
                    public void onText(WebSocketSession s, String text) {
                    }

                    @Override
                    public void onBinary(WebSocketSession s, ByteBuffer data) {
                    }

                    @Override
                    public void onClose(WebSocketSession s, CloseCode code, String reason, boolean clean) {
                        closed.complete(null);
                    }
                }).get(3 * timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new CliError(CliError.FAILED, "cannot connect to " + uri + ": "
                        + ConnectFailure.describe(cause, uri.getHost(), uri.getRawPath()) + "; nothing was measured");
            }
            session.close();
            try {
                closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the server may be slow to close; the run will tell
            }
        }
    }
}
