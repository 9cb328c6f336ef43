package dev.torsion.reactor;

import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a TCP connection while other threads write to it: the bytes of writes still hopping onto the loop
 * stay counted in {@link Transport#bufferedAmount()} until their hop runs, so the count never goes below zero
 * and ends at zero. Many writer threads, an abort in the middle of their writes, several rounds, bounded time.
 */
class CloseBufferedRaceTest {

    private static final int WRITERS = 4;
    private static final int WRITES_PER_WRITER = 20_000;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(3);

    @Test
    void bufferedAmountNeverGoesNegativeWhenCloseRacesOffLoopWrites() throws Exception {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            int rounds = 0;
            while (rounds < 20 && (rounds < 2 || System.nanoTime() < deadline)) {
                rounds++;
                runRound(reactor, rounds);
            }
        }
    }

    private static void runRound(Reactor reactor, int round) throws Exception {
        Recorder server = new Recorder();
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket client = new Socket("127.0.0.1", port.port())) {
            Transport transport = server.made.get(5, TimeUnit.SECONDS);
            AtomicLong lowest = new AtomicLong();
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch halfway = new CountDownLatch(WRITERS);
            List<Thread> writers = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                Thread t = new Thread(() -> {
                    awaitQuietly(go);
                    for (int n = 0; n < WRITES_PER_WRITER; n++) {
                        transport.write(ByteBuffer.wrap(new byte[64]));
                        if (n == WRITES_PER_WRITER / 4) {
                            halfway.countDown();
                        }
                        lowest.accumulateAndGet(transport.bufferedAmount(), Math::min);
                    }
                }, "writer-" + i);
                t.start();
                writers.add(t);
            }
            go.countDown();
            halfway.await(10, TimeUnit.SECONDS);
            transport.abortConnection();
            for (Thread t : writers) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
            // Every hop the writers queued is ahead of this one on the loop.
            CompletableFuture<Long> after = new CompletableFuture<>();
            transport.scheduler().execute(() -> after.complete(transport.bufferedAmount()));
            long settled = after.get(10, TimeUnit.SECONDS);
            server.lost.get(5, TimeUnit.SECONDS);
            assertThat(lowest.get()).as("lowest bufferedAmount seen in round %d", round).isGreaterThanOrEqualTo(0);
            assertThat(settled).as("bufferedAmount once every write has hopped, round %d", round).isZero();
        } finally {
            port.stopListening();
        }
    }

    /**
     * The reactor stops (every connection aborted, peers reset) while threads send files and write to its
     * client connections: whatever was staged, queued, half sent or still hopping when it stopped, each
     * connection's count ends at zero.
     */
    @Test
    void bufferedAmountEndsAtZeroWhenTheReactorStopsWithFilesAndWritesInFlight(@org.junit.jupiter.api.io.TempDir
                                                                                 java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("payload");
        java.nio.file.Files.write(file, new byte[64 * 1024]);
        long deadline = System.nanoTime() + BUDGET_NANOS;
        for (int round = 0; round < 30 && (round < 3 || System.nanoTime() < deadline); round++) {
            Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
            ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> new Recorder());
            List<Transport> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Recorder client = (Recorder) reactor.connectTcp("127.0.0.1", port.port(), remote -> new Recorder())
                        .get(5, TimeUnit.SECONDS);
                clients.add(client.transport);
            }
            List<Thread> threads = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(WRITERS);
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
                for (int t = 0; t < WRITERS; t++) {
                    int id = t;
                    Thread thread = new Thread(() -> {
                        for (int i = 0; i < 400; i++) {
                            Transport c = clients.get((id + i) % clients.size());
                            if (i % 2 == 0) {
                                c.sendFile(channel, 0, 64 * 1024);
                            } else {
                                c.write(ByteBuffer.wrap(new byte[4096]));
                            }
                            if (i == 20) {
                                started.countDown();
                            }
                        }
                    }, "in-flight-" + t);
                    thread.start();
                    threads.add(thread);
                }
                started.await(10, TimeUnit.SECONDS);
                reactor.close();
                for (Thread thread : threads) {
                    thread.join(TimeUnit.SECONDS.toMillis(10));
                }
            }
            for (int i = 0; i < clients.size(); i++) {
                assertThat(clients.get(i).bufferedAmount()).as("round %d, client %d: bufferedAmount after the stop", round, i)
                        .isZero();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
