package dev.torsion.reactor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EventLoop#execute} racing the loop's end: a task is either run or refused with
 * {@link RejectedExecutionException}, never accepted and then dropped (its future would never complete).
 * Many threads submit while the loop stops, over many short-lived loops, for a bounded time.
 */
class ExecuteShutdownRaceTest {

    private static final int SUBMITTERS = 4;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final int MAX_ROUNDS = 400;

    @Test
    void everyAcceptedTaskRunsWhenTheLoopStopsUnderSubmission() throws Exception {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int rounds = 0;
        long acceptedTotal = 0;
        while (rounds < MAX_ROUNDS && System.nanoTime() < deadline) {
            rounds++;
            Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
            EventLoop loop = reactor.eventLoops().get(0);
            AtomicLong accepted = new AtomicLong();
            AtomicLong ran = new AtomicLong();
            AtomicBoolean started = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < SUBMITTERS; i++) {
                Thread t = new Thread(() -> {
                    while (true) {
                        try {
                            loop.execute(ran::incrementAndGet);
                        } catch (RejectedExecutionException refused) {
                            return;
                        }
                        accepted.incrementAndGet();
                        started.set(true);
                    }
                }, "submitter-" + i);
                t.start();
                threads.add(t);
            }
            while (!started.get()) {
                Thread.onSpinWait();
            }
            reactor.close();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(10));
                assertThat(t.isAlive()).as("a submitter still running after the loop stopped").isFalse();
            }
            assertThat(ran.get()).as("tasks run in round %d (accepted %d)", rounds, accepted.get())
                    .isEqualTo(accepted.get());
            acceptedTotal += accepted.get();
        }
        assertThat(acceptedTotal).isPositive();
    }
}
