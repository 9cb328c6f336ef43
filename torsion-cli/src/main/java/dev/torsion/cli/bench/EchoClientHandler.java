package dev.torsion.cli.bench;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One echo-mode connection: keeps {@code depth} messages in flight, checks each echo byte for byte against
 * what was sent (in order: the n-th message back must be the n-th sent), records its round-trip time and
 * sends the next message.
 *
 * <p><b>Threading.</b> Every callback runs on the connection's event loop, so the in-flight bookkeeping
 * needs no lock; the stop flag and the stats are shared across loops. <b>Lifecycle.</b> Starts sending in
 * {@link #start()}; stops sending once the run's stop flag is set; {@link #onClose} counts the shared latch down.
 */
final class EchoClientHandler implements WebSocketHandler {

    private final int id;
    private final Payloads payloads;
    private final LoadStats stats;
    private final AtomicBoolean stop;
    private final CountDownLatch closed;
    private final boolean text;
    private final long[] sentAt;
    private long sent;
    private long received;
    private volatile WebSocketSession session;

    EchoClientHandler(int id, BenchSettings settings, Payloads payloads, LoadStats stats, AtomicBoolean stop,
                      CountDownLatch closed) {
        this.id = id;
        this.payloads = payloads;
        this.stats = stats;
        this.stop = stop;
        this.closed = closed;
        this.text = settings.text();
        this.sentAt = new long[settings.depth()];
    }

    /** The session once open, or null. */
    WebSocketSession session() {
        return session;
    }

    @Override
    public void onOpen(WebSocketSession session) {
        this.session = session;
    }

    /**
     * Puts the first {@code depth} messages in flight. Called when the connect future completes, which
     * happens on the connection's event loop right after {@link #onOpen} has returned (the future is
     * registered long before the handshake can finish). Not from {@code onOpen} itself: the session refuses
     * sends made inside {@code onOpen} (its state is brought up to date only after the callback returns).
     */
    void start() {
        for (int i = 0; i < sentAt.length; i++) {
            sendNext();
        }
    }

    @Override
    public void onText(WebSocketSession session, String echo) {
        int slot = payloads.slotOf(id, received);
        echoed(payloads.matches(slot, echo), echo.length());
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer echo) {
        int slot = payloads.slotOf(id, received);
        echoed(payloads.matches(slot, echo), echo.remaining());
    }

    @Override
    public void onError(WebSocketSession session, Throwable error) {
        stats.error("connection " + id + ": " + error);
    }

    @Override
    public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        if (!stop.get()) {
            stats.error("connection " + id + " closed during the run: " + code.code() + " " + reason);
        }
        closed.countDown();
    }

    private void echoed(boolean matches, int bytes) {
        long now = System.nanoTime();
        if (received >= sent) {
            stats.error("connection " + id + ": a message arrived that was not sent");
            return;
        }
        long sequence = received++;
        if (matches) {
            stats.completed(bytes, now - sentAt[(int) (sequence % sentAt.length)]);
        } else {
            stats.error("connection " + id + ": echo of message " + sequence + " differs from what was sent");
        }
        sendNext();
    }

    private void sendNext() {
        if (stop.get()) {
            return;
        }
        long sequence = sent++;
        int slot = payloads.slotOf(id, sequence);
        sentAt[(int) (sequence % sentAt.length)] = System.nanoTime();
        boolean accepted = text ? session.sendText(payloads.text(slot)) : session.sendBinary(payloads.binary(slot));
        if (!accepted && !stop.get()) {
            stats.error("connection " + id + ": send refused (session closing)");
        }
    }
}
