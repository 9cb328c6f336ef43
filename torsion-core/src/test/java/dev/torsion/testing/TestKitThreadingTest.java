package dev.torsion.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * The test kit honours {@link Transport}'s and {@code Scheduler}'s threading contract: every method may be
 * called from any thread; calls from a thread other than the one playing the event loop (the thread that
 * made the {@link FakeClock}) hop onto it and take effect, in each thread's order, when the test runs the
 * clock's pending tasks. The test-side controls (receive, written, ...) belong to the loop's thread and fail
 * loudly elsewhere. A protocol that writes from another thread is thereby caught: its bytes are not there
 * until the loop runs.
 */
class TestKitThreadingTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 20_000;

    /** Runs {@code body(threadIndex)} on {@link #THREADS} threads released at once, and waits for them. */
    private static void onManyThreads(java.util.function.IntConsumer body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    body.accept(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "writer-" + t);
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(60).toMillis());
            assertThat(thread.isAlive()).as("%s finished", thread.getName()).isFalse();
        }
        assertThat(failure.get()).as("a thread failed").isNull();
    }

    @Test
    void tasksExecutedFromManyThreadsAllRunOnTheClocksThreadInEachThreadsOrder() throws Exception {
        FakeClock clock = new FakeClock();
        Thread loop = Thread.currentThread();
        int[] next = new int[THREADS];
        AtomicInteger wrongThread = new AtomicInteger();
        onManyThreads(id -> {
            assertThat(clock.inEventLoop()).isFalse();
            for (int i = 0; i < PER_THREAD; i++) {
                int seq = i;
                clock.execute(() -> {
                    if (Thread.currentThread() != loop || next[id] != seq) {
                        wrongThread.incrementAndGet();
                    }
                    next[id]++;
                });
            }
        });
        assertThat(clock.inEventLoop()).isTrue();
        clock.runPending();
        assertThat(next).containsOnly(PER_THREAD);
        assertThat(wrongThread).hasValue(0);
    }

    @Test
    void timersSetFromAnotherThreadFireOnTheClocksThread() throws Exception {
        FakeClock clock = new FakeClock();
        List<String> fired = new ArrayList<>();
        onManyThreads(id -> clock.callLater(Duration.ofSeconds(1 + id), () -> fired.add(id + "@" + Thread.currentThread().getName())));
        clock.advance(Duration.ofSeconds(10));
        String me = Thread.currentThread().getName();
        assertThat(fired).containsExactly("0@" + me, "1@" + me, "2@" + me, "3@" + me);
    }

    @Test
    void writesFromOtherThreadsHopOntoTheLoopAndKeepEachThreadsOrder() throws Exception {
        FakeClock clock = new FakeClock();
        MemoryTransport transport = new MemoryTransport(clock);
        Sink sink = new Sink();
        transport.connect(sink);
        onManyThreads(id -> {
            for (int i = 0; i < PER_THREAD; i++) {
                sink.transport.write(ByteBuffer.allocate(8).putInt(id).putInt(i).flip());
            }
        });
        assertThat(transport.written()).as("nothing is written off the loop").isEmpty();
        clock.runPending();
        ByteBuffer all = ByteBuffer.wrap(transport.written());
        assertThat(all.remaining()).isEqualTo(THREADS * PER_THREAD * 8);
        int[] next = new int[THREADS];
        while (all.hasRemaining()) {
            int id = all.getInt();
            assertThat(all.getInt()).as("thread %d's order", id).isEqualTo(next[id]++);
        }
    }

    @Test
    void bufferedAmountCountsEveryWriteFromEveryThreadOnABlockedSocket() throws Exception {
        FakeClock clock = new FakeClock();
        MemoryTransport transport = new MemoryTransport(clock);
        Sink sink = new Sink();
        transport.connect(sink);
        transport.setSocketBlocked(true);
        onManyThreads(id -> {
            for (int i = 0; i < PER_THREAD; i++) {
                sink.transport.write(ByteBuffer.allocate(8).putInt(id).putInt(i).flip());
                sink.transport.bufferedAmount();
            }
        });
        clock.runPending();
        assertThat(transport.bufferedAmount()).isEqualTo(THREADS * PER_THREAD * 8L);
        assertThat(sink.writability).containsExactly(false);
        transport.setSocketBlocked(false);
        assertThat(transport.written()).hasSize(THREADS * PER_THREAD * 8);
        assertThat(transport.bufferedAmount()).isZero();
    }

    @Test
    void closingFromAnotherThreadTakesEffectOnTheLoopAfterTheWritesBeforeIt() throws Exception {
        FakeClock clock = new FakeClock();
        MemoryTransport transport = new MemoryTransport(clock);
        Sink sink = new Sink();
        transport.connect(sink);
        Thread other = new Thread(() -> {
            sink.transport.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            sink.transport.loseConnection();
            sink.transport.write(ByteBuffer.wrap(new byte[] {4}));
        });
        other.start();
        other.join();
        assertThat(transport.isLost()).isFalse();
        clock.runPending();
        assertThat(transport.written()).containsExactly(1, 2, 3);
        assertThat(transport.isLost()).isTrue();
        assertThat(sink.lostOn).isEqualTo(Thread.currentThread());
    }

    @Test
    void theTestSideControlsFailLoudlyOffTheLoop() throws Exception {
        FakeClock clock = new FakeClock();
        MemoryTransport transport = new MemoryTransport(clock);
        transport.connect(new Sink());
        assertThat(thrownOn("intruder", () -> transport.receive(new byte[] {1})))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("receive").hasMessageContaining("intruder");
        assertThat(thrownOn("claimer", () -> transport.claimWrite(4)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("claimWrite").hasMessageContaining("claimer");
        assertThat(thrownOn("driver", () -> clock.advance(Duration.ofSeconds(1))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("advance").hasMessageContaining("driver");
    }

    /** What {@code call} throws when run on a new thread named {@code name}, or null. */
    private static Throwable thrownOn(String name, Runnable call) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                call.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, name);
        thread.start();
        thread.join();
        return thrown.get();
    }

    /** A protocol that keeps its transport and records what the transport tells it. */
    private static final class Sink implements Protocol {
        volatile Transport transport;
        final List<Boolean> writability = new ArrayList<>();
        volatile Thread lostOn;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            data.position(data.limit());
        }

        @Override
        public void writabilityChanged(boolean writable) {
            writability.add(writable);
        }

        @Override
        public void connectionLost(Throwable reason) {
            lostOn = Thread.currentThread();
        }
    }
}
