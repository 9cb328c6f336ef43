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
    void callLaterRunsOnTheLoopAfterTheDelay() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        EventLoop loop = reactor.eventLoops().get(0);
        DelayedCall call = loop.callLater(Duration.ofMillis(50), () -> ran.complete(loop.inEventLoop()));
        assertThat(call.isActive()).isTrue();
        assertThat(ran.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(call.isActive()).isFalse();
    }

    @Test
    void aCancelledCallNeverRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        DelayedCall call = reactor.callLater(Duration.ofMillis(30), runs::incrementAndGet);
        call.cancel();
        assertThat(call.isActive()).isFalse();
        Thread.sleep(100);
        assertThat(runs).hasValue(0);
    }

    @Test
    void callEveryRepeatsUntilCancelled() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        DelayedCall call = reactor.callEvery(Duration.ofMillis(10), () -> {
            runs.incrementAndGet();
            three.countDown();
        });
        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        call.cancel();
        Thread.sleep(30); // a run already under way may finish
        int after = runs.get();
        Thread.sleep(100);
        assertThat(runs.get()).isEqualTo(after);
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
        Thread.sleep(50);
        assertThat(runner.isAlive()).isTrue();
        reactor.stop();
        runner.join(5000);
        assertThat(runner.isAlive()).isFalse();
    }
}
