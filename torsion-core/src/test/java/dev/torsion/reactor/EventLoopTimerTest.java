package dev.torsion.reactor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EventLoop#newTimer} on a running loop: bounded waits for firing, the clock for "not before". */
class EventLoopTimerTest {

    private final Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
    private final EventLoop loop = reactor.eventLoops().get(0);

    @AfterEach
    void stop() {
        reactor.close();
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> call) throws Exception {
        return LoopCalls.onLoop(loop, call);
    }

    @Test
    void aTimerRunsOnTheLoopNoEarlierThanItsDelay() throws Exception {
        CompletableFuture<Long> ranAt = new CompletableFuture<>();
        AtomicBoolean onLoopThread = new AtomicBoolean();
        long delay = TimeUnit.MILLISECONDS.toNanos(30);
        long scheduledAt = onLoop(() -> {
            Timer timer = loop.newTimer(() -> {
                onLoopThread.set(loop.inEventLoop());
                ranAt.complete(loop.nanoTime());
            });
            timer.schedule(delay);
            return loop.nanoTime();
        });
        assertThat(ranAt.get(5, TimeUnit.SECONDS) - scheduledAt).isGreaterThanOrEqualTo(delay);
        assertThat(onLoopThread).isTrue();
    }

    @Test
    void aTimerRearmedFromItsOwnTaskKeepsFiring() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Timer[] timer = new Timer[1];
        onLoop(() -> {
            timer[0] = loop.newTimer(() -> {
                if (runs.incrementAndGet() < 20) {
                    timer[0].schedule(TimeUnit.MILLISECONDS.toNanos(1));
                } else {
                    done.complete(null);
                }
            });
            timer[0].schedule(0);
            return null;
        });
        done.get(5, TimeUnit.SECONDS);
        assertThat(runs).hasValue(20);
        assertThat(onLoop(() -> timer[0].isPending())).isFalse();
    }

    @Test
    void aCancelledTimerDoesNotRunWhileALaterOneDoes() throws Exception {
        AtomicBoolean cancelledRan = new AtomicBoolean();
        CompletableFuture<Void> later = new CompletableFuture<>();
        onLoop(() -> {
            Timer cancelled = loop.newTimer(() -> cancelledRan.set(true));
            cancelled.schedule(TimeUnit.MILLISECONDS.toNanos(5));
            loop.newTimer(() -> later.complete(null)).schedule(TimeUnit.MILLISECONDS.toNanos(40));
            cancelled.cancel();
            return null;
        });
        later.get(5, TimeUnit.SECONDS);
        assertThat(cancelledRan).isFalse();
    }

    @Test
    void tenThousandTimersAllFire() throws Exception {
        int n = 10_000;
        AtomicInteger fired = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        onLoop(() -> {
            for (int i = 0; i < n; i++) {
                loop.newTimer(() -> {
                    if (fired.incrementAndGet() == n) {
                        all.complete(null);
                    }
                }).schedule(TimeUnit.MILLISECONDS.toNanos(i % 200));
            }
            return null;
        });
        all.get(10, TimeUnit.SECONDS);
        assertThat(fired).hasValue(n);
    }

    @Test
    void aTimerUsedOffItsLoopFailsLoudly() throws Exception {
        Timer timer = onLoop(() -> loop.newTimer(() -> { }));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> timer.schedule(1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("event loop thread");
    }
}
