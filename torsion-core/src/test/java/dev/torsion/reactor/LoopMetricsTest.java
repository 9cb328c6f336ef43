package dev.torsion.reactor;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event loop's metrics against a known workload on a real reactor with one loop: connections opened and
 * closed, tasks run (counted exactly within one batch), busy time, lag and a stall (a task that blocks the
 * loop), and the stall's JFR event.
 */
class LoopMetricsTest {

    Reactor reactor;
    EventLoop loop;

    @BeforeEach
    void start() {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        loop = reactor.eventLoops().get(0);
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    @Test
    void connectionsOpenedAndClosedAreCountedExactly() throws Exception {
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> new Echo());
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sockets.add(new Socket("127.0.0.1", port.port()));
        }
        LoopMetrics metrics = loop.metrics();
        await().atMost(Duration.ofSeconds(10)).until(() -> onLoop(metrics::connectionsOpened) == 5);
        assertThat(onLoop(metrics::connections)).isEqualTo(5);
        for (int i = 0; i < 3; i++) {
            sockets.get(i).close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> onLoop(metrics::connectionsClosed) == 3);
        assertThat(onLoop(metrics::connections)).isEqualTo(2);
        assertThat(reactor.loopMetrics()).containsExactly(metrics);
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void tasksRunInOneBatchAreCountedExactly() throws Exception {
        CompletableFuture<Long> before = new CompletableFuture<>();
        CompletableFuture<Long> after = new CompletableFuture<>();
        loop.execute(() -> {
            // queued from the loop, so all of them run in the one batch this task belongs to: no timer between
            loop.execute(() -> before.complete(loop.metrics().tasksRun()));
            for (int i = 0; i < 100; i++) {
                loop.execute(() -> { });
            }
            loop.execute(() -> after.complete(loop.metrics().tasksRun()));
        });
        assertThat(after.get(10, TimeUnit.SECONDS) - before.get(10, TimeUnit.SECONDS)).isEqualTo(101);
        // an iteration is counted when the next one starts; read from this thread, it shows up eventually
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.metrics().iterations() > 0);
    }

    @Test
    void aBlockedLoopShowsAsBusyTimeLagAndAStallWithItsJfrEvent() throws Exception {
        BlockingQueue<RecordedEvent> stalls = new ArrayBlockingQueue<>(16);
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("dev.torsion.LoopStall");
            stream.onEvent("dev.torsion.LoopStall", stalls::add);
            stream.startAsync();
            LoopMetrics metrics = loop.metrics();
            long busyBefore = onLoop(metrics::busyNanos);
            long stallsBefore = onLoop(metrics::stalls);
            // the probe is armed 100 ms ahead at most: blocking 350 ms makes its next run at least 250 ms late
            loop.execute(() -> block(350));
            await().atMost(Duration.ofSeconds(10)).until(() -> onLoop(metrics::maxLagNanos) >= 200_000_000L);
            // at least this one: on a loaded machine the scheduler can also hold the loop past the threshold
            assertThat(onLoop(metrics::stalls)).isGreaterThanOrEqualTo(stallsBefore + 1);
            assertThat(onLoop(metrics::busyNanos) - busyBefore).isGreaterThanOrEqualTo(350_000_000L);
            assertThat(onLoop(metrics::lagSamples)).isPositive();
            assertThat(onLoop(metrics::lagSumNanos)).isGreaterThanOrEqualTo(onLoop(metrics::maxLagNanos));

            RecordedEvent event = stalls.poll(20, TimeUnit.SECONDS);
            while (event != null && event.getDuration("stall").compareTo(Duration.ofMillis(350)) < 0) {
                event = stalls.poll(20, TimeUnit.SECONDS); // a stall the machine's load made, not the block's
            }
            assertThat(event).as("a dev.torsion.LoopStall event").isNotNull();
            assertThat(event.getString("loop")).isEqualTo(metrics.loopName()).startsWith("torsion-loop-");
            assertThat(event.getDuration("stall")).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        }
    }

    @Test
    void anIdleLoopKeepsSamplingASmallLag() throws Exception {
        LoopMetrics metrics = loop.metrics();
        long start = System.nanoTime();
        long busyBefore = onLoop(metrics::busyNanos);
        await().atMost(Duration.ofSeconds(10)).until(() -> onLoop(metrics::lagSamples) >= 3);
        long elapsed = System.nanoTime() - start;
        // waiting is not busy time: an idle loop is busy for a small part of the time even when the machine's
        // load delays its wake-ups (bounds that hold under a load average of 30 on two cores, where single
        // wake-ups were seen 114 ms late)
        assertThat(onLoop(metrics::busyNanos) - busyBefore).isLessThan(elapsed / 2);
        assertThat(onLoop(metrics::lastLagNanos)).isBetween(0L, Duration.ofSeconds(1).toNanos());
    }

    /** Reads a value on the loop: exact, not eventually consistent. */
    private long onLoop(java.util.function.LongSupplier value) throws Exception {
        CompletableFuture<Long> result = new CompletableFuture<>();
        loop.execute(() -> result.complete(value.getAsLong()));
        return result.get(10, TimeUnit.SECONDS);
    }

    /** The workload of a stall: a callback that blocks its loop. */
    private static void block(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
