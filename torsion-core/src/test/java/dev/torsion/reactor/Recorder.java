package dev.torsion.reactor;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntPredicate;

/** Test protocol: records what it receives and every event, and completes futures as things happen. */
class Recorder implements Protocol {
    volatile Transport transport;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<String> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Transport> made = new CompletableFuture<>();
    final CompletableFuture<Throwable> lost = new CompletableFuture<>();
    final CompletableFuture<Void> eof = new CompletableFuture<>();
    volatile boolean stayHalfOpen;
    private volatile CompletableFuture<byte[]> waiting;
    private volatile IntPredicate until;

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        events.add("made");
        made.complete(transport);
    }

    @Override
    public synchronized void dataReceived(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        received.write(bytes, 0, bytes.length);
        if (waiting != null && until.test(received.size())) {
            waiting.complete(received.toByteArray());
            waiting = null;
        }
    }

    /** Completes when at least {@code n} bytes have been received. */
    synchronized CompletableFuture<byte[]> receivedAtLeast(int n) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        if (received.size() >= n) {
            f.complete(received.toByteArray());
        } else {
            until = size -> size >= n;
            waiting = f;
        }
        return f;
    }

    synchronized int receivedCount() {
        return received.size();
    }

    @Override
    public boolean eofReceived() {
        events.add("eof");
        eof.complete(null);
        return stayHalfOpen;
    }

    @Override
    public void writabilityChanged(boolean writable) {
        events.add(writable ? "writable" : "unwritable");
    }

    @Override
    public void connectionLost(Throwable reason) {
        events.add("lost");
        lost.complete(reason);
    }
}
