package dev.torsion.cli;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketSession;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Feeds standard input to {@code torsion connect}'s session: each line (without its line ending) as a text
 * message, or in binary mode each read's bytes as a binary message. It keeps the session's send queue below
 * 1 MiB by waiting for drains, and at end of input closes the session with 1000 after everything before it.
 *
 * <p><b>Threading.</b> Runs on its own (daemon) thread: reading stdin blocks. <b>Lifecycle.</b> Ends at
 * end of input, when the session closes, or when stdin fails (then it closes with 1000 too).
 */
final class StdinSender implements Runnable {

    private static final long QUEUE_LIMIT = 1 << 20;

    private final InputStream in;
    private final WebSocketSession session;
    private final ConnectOutput output;
    private final boolean binary;
    private final PrintStream err;

    StdinSender(InputStream in, WebSocketSession session, ConnectOutput output, boolean binary, PrintStream err) {
        this.in = in;
        this.err = err;
        this.session = session;
        this.output = output;
        this.binary = binary;
    }

    @Override
    public void run() {
        try {
            if (binary) {
                sendBytes();
            } else {
                sendLines();
            }
        } catch (IOException e) {
            err.println("torsion connect: reading standard input failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close(CloseCode.NORMAL_CLOSURE, "");
    }

    private void sendLines() throws IOException, InterruptedException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (!waitForRoom() || !session.sendText(line)) {
                return;
            }
        }
    }

    private void sendBytes() throws IOException, InterruptedException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (n == 0) {
                continue;
            }
            if (!waitForRoom() || !session.sendBinary(ByteBuffer.wrap(Arrays.copyOf(buffer, n)))) {
                return;
            }
        }
    }

    /** Waits while the send queue is over the limit; false once the session is closed. */
    private boolean waitForRoom() throws InterruptedException {
        while (session.bufferedAmount() > QUEUE_LIMIT && !output.closed().isDone()) {
            output.awaitDrain(100);
        }
        return !output.closed().isDone();
    }
}
