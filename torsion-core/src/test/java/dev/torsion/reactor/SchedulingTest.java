package dev.torsion.reactor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** callLater, callEvery, cancellation and callFromThread on a real event loop. */
class SchedulingTest {

    private Reactor reactor;

    @BeforeEach
    void start() {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    @Test
    void callLaterRunsOnTheLoopAfterTheDelayNeverBefore() throws Exception {
        EventLoop loop = reactor.eventLoops().get(0);
        long asked = loop.nanoTime();
        CompletableFuture<Long> ranAt = new CompletableFuture<>();
        DelayedCall call = loop.callLater(Duration.ofMillis(50), () -> {
            if (loop.inEventLoop()) {
                ranAt.complete(loop.nanoTime());
            } else {
                ranAt.completeExceptionally(new AssertionError("ran off the loop"));
            }
        });
        assertThat(call.isActive()).isTrue();
        // a loaded machine can only make it later: the lower bound is the property, on the loop's own clock
        assertThat(ranAt.get(5, TimeUnit.SECONDS) - asked).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(call.isActive()).isFalse();
    }

    /** Completes once a call set now, {@code delay} ahead on {@code loop}, has run: the calls due before it have too. */
    private static CompletableFuture<Void> markerAfter(EventLoop loop, Duration delay) {
        CompletableFuture<Void> marker = new CompletableFuture<>();
        loop.callLater(delay, () -> marker.complete(null));
        return marker;
    }

    @Test
    void aCancelledCallNeverRuns() throws Exception {
        EventLoop loop = reactor.eventLoops().get(0);
        AtomicInteger runs = new AtomicInteger();
        DelayedCall call = loop.callLater(Duration.ofMillis(30), runs::incrementAndGet);
        call.cancel();
        assertThat(call.isActive()).isFalse();
        // timers run in due order, so once a later marker has run the cancelled call would have too
        markerAfter(loop, Duration.ofMillis(60)).get(5, TimeUnit.SECONDS);
        assertThat(runs).hasValue(0);
    }

    @Test
    void callEveryRepeatsUntilCancelled() throws Exception {
        EventLoop loop = reactor.eventLoops().get(0);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        DelayedCall[] call = new DelayedCall[1];
        CompletableFuture<DelayedCall> scheduled = new CompletableFuture<>();
        loop.execute(() -> {
            call[0] = loop.callEvery(Duration.ofMillis(10), () -> {
                if (runs.incrementAndGet() == 3) {
                    call[0].cancel(); // on the loop, from the third run itself: no run can be under way
                }
                three.countDown();
            });
            scheduled.complete(call[0]);
        });
        scheduled.get(5, TimeUnit.SECONDS);
        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(call[0].isActive()).isFalse();
        // five periods later: a repeating call that survived its cancellation would have run again
        markerAfter(loop, Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);
        assertThat(runs).hasValue(3);
    }

    @Test
    void callFromThreadFromManyThreadsRunsEveryTaskOnTheLoopInPerThreadOrder() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        EventLoop loop = reactor.eventLoops().get(1);
        int[] lastSeen = new int[threads];
        java.util.Arrays.fill(lastSeen, -1);
        List<String> problems = new ArrayList<>(); // touched only on the loop
        int[] total = {0};                          // a plain counter: safe only because the loop is one thread
        CountDownLatch done = new CountDownLatch(threads * perThread);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int seq = i;
                    loop.execute(() -> {
                        if (!loop.inEventLoop()) {
                            problems.add("ran off the loop");
                        }
                        if (lastSeen[id] != seq - 1) {
                            problems.add("thread " + id + " task " + seq + " after " + lastSeen[id]);
                        }
                        lastSeen[id] = seq;
                        total[0]++;
                        done.countDown();
                    });
                }
            }));
        }
        workers.forEach(Thread::start);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> count = new CompletableFuture<>();
        loop.execute(() -> count.complete(total[0]));
        assertThat(count.get(5, TimeUnit.SECONDS)).isEqualTo(threads * perThread);
        CompletableFuture<List<String>> seen = new CompletableFuture<>();
        loop.execute(() -> seen.complete(new ArrayList<>(problems)));
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void runBlocksUntilStopped() throws Exception {
        Thread runner = new Thread(() -> {
            try {
                reactor.run();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (runner.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(runner.getState()).as("run() blocks until the reactor stops").isEqualTo(Thread.State.WAITING);
        reactor.stop();
        runner.join(5000);
        assertThat(runner.isAlive()).isFalse();
    }
}
