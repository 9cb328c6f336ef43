package dev.torsion.cli;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * The handler of {@code torsion connect}'s session: writes every message it receives to standard output (a
 * text message as a line; a binary message as a line of hex, or its raw bytes in binary mode, where text
 * messages are written raw too), wakes the stdin sender when the send queue drains, and records how the
 * connection closed.
 *
 * <p><b>Threading.</b> Callbacks run on the session's event loop; {@link #closed()} and the drain signal
 * may be used from any thread. <b>Lifecycle.</b> One per connection.
 */
final class ConnectOutput implements WebSocketHandler {

    /** How the connection ended. */
    record Close(CloseCode code, String reason, boolean clean) {
    }

    private final OutputStream out;
    private final boolean raw;
    private final Object drained = new Object();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();

    ConnectOutput(OutputStream out, boolean raw) {
        this.out = out;
        this.raw = raw;
    }

    /** Completes when the connection has closed. */
    CompletableFuture<Close> closed() {
        return closed;
    }

    /** Waits up to {@code millis} for the send queue to drain (or the connection to close). */
    void awaitDrain(long millis) throws InterruptedException {
        synchronized (drained) {
            drained.wait(millis);
        }
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(bytes, !raw);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        if (raw) {
            write(bytes, false);
        } else {
            write(HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.US_ASCII), true);
        }
    }

    @Override
    public void onDrain(WebSocketSession session) {
        synchronized (drained) {
            drained.notifyAll();
        }
    }

    @Override
    public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        closed.complete(new Close(code, reason, clean));
        onDrain(session);
    }

    private void write(byte[] bytes, boolean newline) {
        try {
            out.write(bytes);
            if (newline) {
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to standard output", e);
        }
    }
}
