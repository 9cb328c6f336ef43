package dev.torsion.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a reactor while other threads are busy with it: connects, file sends, writes and timers in
 * flight. Whatever was asked before or during the stop gets an answer: every future the reactor handed out
 * completes (with a value or an exception, within a bounded time), every protocol that saw
 * {@code connectionMade} sees {@code connectionLost}, no socket is left open, and no connection is left counting
 * bytes it will never send. A stress test: several rounds, each stopping at a different moment of the load.
 */
class ShutdownInFlightTest {

    private static final int ROUNDS = 25;
    private static final int THREADS = 3;

    @TempDir
    Path dir;

    @Test
    void everythingInFlightAtStopGetsAnAnswer() throws Exception {
        Path file = dir.resolve("payload");
        Files.write(file, new byte[64 * 1024]);
        for (int round = 0; round < ROUNDS; round++) {
            runRound(file, round);
        }
    }

    private void runRound(Path file, int round) throws Exception {
        long fdsBefore = openFileDescriptors();
        Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        Counted.Counts counts = new Counted.Counts();
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> new Counted(counts));
        List<Counted> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add((Counted) reactor.connectTcp("127.0.0.1", port.port(), remote -> new Counted(counts))
                    .get(5, TimeUnit.SECONDS));
        }
        ConcurrentLinkedQueue<CompletableFuture<?>> futures = new ConcurrentLinkedQueue<>();
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        AtomicBoolean go = new AtomicBoolean(true);
        AtomicInteger asked = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                Thread thread = new Thread(() -> {
                    for (int i = 0; go.get() && i < 800; i++) {
                        Transport transport = clients.get((id + i) % clients.size()).transport;
                        try {
                            switch (i % 4) {
                                case 0 -> futures.add(reactor.connectTcp("127.0.0.1", port.port(),
                                        remote -> new Counted(counts)));
                                case 1 -> futures.add(transport.sendFile(channel, 0, 64 * 1024));
                                case 2 -> transport.write(ByteBuffer.wrap(new byte[512]));
                                default -> {
                                    CompletableFuture<Void> fired = new CompletableFuture<>();
                                    reactor.callLater(Duration.ZERO, () -> fired.complete(null));
                                }
                            }
                        } catch (java.util.concurrent.RejectedExecutionException stopped) {
                            // a call the stopped reactor refused, loudly: an answer too
                        } catch (Throwable e) {
                            thrown.add(e);
                        }
                        asked.incrementAndGet();
                    }
                }, "in-flight-" + t);
                thread.start();
                threads.add(thread);
            }
            long until = System.nanoTime() + Duration.ofMillis(2 + 3L * round).toNanos();
            while (System.nanoTime() < until && asked.get() < 90 * (round + 1)) {
                Thread.onSpinWait();
            }
            reactor.stop();
            reactor.close();
            go.set(false);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(thread.isAlive()).isFalse();
            }
        }
        assertThat(thrown).as("round %d: calls that threw", round).isEmpty();
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException someAnsweredWithAFailure) {
            // answers too; the count below tells whether all have answered
        } catch (TimeoutException notAll) {
            // counted below
        }
        long unanswered = futures.stream().filter(f -> !f.isDone()).count();
        assertThat(unanswered).as("round %d: futures never completed out of %d", round, futures.size()).isZero();
        counts.awaitAllLost(round);
        for (Counted client : clients) {
            assertThat(client.transport.bufferedAmount()).as("round %d: bytes still counted after stop", round).isZero();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (openFileDescriptors() > fdsBefore + 8 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(openFileDescriptors()).as("round %d: file descriptors left open", round).isLessThanOrEqualTo(fdsBefore + 8);
    }

    /** The process's open file descriptors (Linux). */
    private static long openFileDescriptors() throws java.io.IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Counts connections made and lost, across every connection of a round. */
    private static final class Counted implements Protocol {

        static final class Counts {
            final AtomicInteger made = new AtomicInteger();
            final AtomicInteger lost = new AtomicInteger();

            void awaitAllLost(int round) throws InterruptedException {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (lost.get() != made.get() && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertThat(lost.get()).as("round %d: connectionLost for every connectionMade", round)
                        .isEqualTo(made.get());
            }
        }

        private final Counts counts;
        volatile Transport transport;

        Counted(Counts counts) {
            this.counts = counts;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            counts.made.incrementAndGet();
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            data.position(data.limit());
        }

        @Override
        public void connectionLost(Throwable reason) {
            counts.lost.incrementAndGet();
        }
    }
}
