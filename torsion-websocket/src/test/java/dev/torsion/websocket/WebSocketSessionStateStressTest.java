package dev.torsion.websocket;

import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.frame.Opcode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session's state under contention: sender threads race {@code close()} from another thread while the
 * event loop is busy reading. Whatever the interleaving, a send that starts after {@code close()} returned is
 * refused, and every send that was accepted reaches the wire before the close frame (none is accepted and
 * then dropped). Many short rounds, each on a fresh connection, bounded in time.
 */
class WebSocketSessionStateStressTest {

    private static final int ROUNDS = 200;
    /** Rounds run whatever the time: a loaded machine gets through fewer in the time limit, never fewer than these. */
    private static final int MIN_ROUNDS = 20;
    private static final long TIME_LIMIT_NANOS = 10_000_000_000L;
    private static final int SENDERS = 3;
    private static final int SENDS_AFTER_CLOSE = 50;
    private static final byte[] CLIENT_FRAME = Frames.masked(Opcode.BINARY, true, 0, new byte[] {1, 2, 3});

    @Test
    void noSendIsAcceptedAfterCloseAndNoAcceptedSendIsDropped() throws Exception {
        long deadline = System.nanoTime() + TIME_LIMIT_NANOS;
        int rounds = 0;
        try (LoopThread loop = new LoopThread("stress-loop")) {
            while (rounds < MIN_ROUNDS || (rounds < ROUNDS && System.nanoTime() < deadline)) {
                round(loop, rounds++);
            }
        }
    }

    private void round(LoopThread loop, int round) throws Exception {
        MemoryTransport transport = new MemoryTransport(loop);
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
                // keep the loop busy reading, without recording anything
            }
        };
        WebSocketSession session = loop.call(() -> {
            transport.connect(TransportWebSocket.server(handler, TransportWebSocketTest.NO_PING, null, dev.torsion.http.HttpHeaders.empty()));
            return handler.session;
        });
        AtomicBoolean reading = new AtomicBoolean(true);
        Runnable feed = new Runnable() {
            @Override
            public void run() {
                if (reading.get()) {
                    transport.receive(CLIENT_FRAME.clone());
                    loop.execute(this);
                }
            }
        };
        loop.execute(feed);

        AtomicBoolean closeReturned = new AtomicBoolean();
        AtomicLong accepted = new AtomicLong();
        AtomicLong acceptedAfterClose = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            Thread sender = new Thread(() -> {
                await(start);
                int afterClose = 0;
                while (afterClose < SENDS_AFTER_CLOSE) {
                    boolean after = closeReturned.get();
                    if (session.sendBinary(new byte[] {7})) {
                        accepted.incrementAndGet();
                        if (after) {
                            acceptedAfterClose.incrementAndGet();
                        }
                    }
                    if (after) {
                        afterClose++;
                    }
                }
            });
            sender.start();
            threads.add(sender);
        }
        Thread closer = new Thread(() -> {
            await(start);
            for (int spin = (round * 7919) % 2000; spin > 0; spin--) {
                Thread.onSpinWait();
            }
            session.close();
            closeReturned.set(true);
        });
        closer.start();
        threads.add(closer);
        start.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
            assertThat(thread.isAlive()).as("a stress thread is stuck").isFalse();
        }
        reading.set(false);
        byte[] written = loop.call(transport::takeWritten);

        assertThat(acceptedAfterClose.get()).as("round %d: sends accepted after close() returned", round).isZero();
        List<String> frames = Frames.decode(written, Role.SERVER);
        int closeAt = frames.indexOf(Frames.close(1000));
        assertThat(closeAt).as("round %d: the close frame was written", round).isNotNegative();
        assertThat(frames.subList(0, closeAt)).as("round %d", round).allMatch(f -> f.equals("BINARY fin 07"));
        assertThat((long) closeAt).as("round %d: accepted sends on the wire before the close frame", round)
                .isEqualTo(accepted.get());
        assertThat(frames.subList(closeAt + 1, frames.size())).as("round %d: nothing after the close frame", round)
                .isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
