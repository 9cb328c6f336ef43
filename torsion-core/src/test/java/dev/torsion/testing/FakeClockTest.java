package dev.torsion.testing;

import dev.torsion.reactor.DelayedCall;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeClockTest {

    @Test
    void advanceRunsDueCallsInOrderAtTheirDueTime() {
        FakeClock clock = new FakeClock();
        List<String> log = new ArrayList<>();
        clock.callLater(Duration.ofSeconds(3), () -> log.add("3s@" + clock.nanoTime()));
        clock.callLater(Duration.ofSeconds(1), () -> log.add("1s@" + clock.nanoTime()));
        clock.callLater(Duration.ofSeconds(10), () -> log.add("10s"));
        clock.advance(Duration.ofSeconds(5));
        assertThat(log).containsExactly("1s@1000000000", "3s@3000000000");
        assertThat(clock.nanoTime()).isEqualTo(5_000_000_000L);
        assertThat(clock.pendingCalls()).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void cancelledCallsDoNotRun() {
        FakeClock clock = new FakeClock();
        List<String> log = new ArrayList<>();
        DelayedCall call = clock.callLater(Duration.ofSeconds(1), () -> log.add("ran"));
        call.cancel();
        clock.advance(Duration.ofSeconds(2));
        assertThat(log).isEmpty();
        assertThat(call.isActive()).isFalse();
        assertThat(clock.pendingCalls()).isEmpty();
    }

    @Test
    void callEveryRepeatsEachInterval() {
        FakeClock clock = new FakeClock();
        int[] runs = {0};
        DelayedCall call = clock.callEvery(Duration.ofMillis(100), () -> runs[0]++);
        clock.advance(Duration.ofMillis(350));
        assertThat(runs[0]).isEqualTo(3);
        call.cancel();
        clock.advance(Duration.ofSeconds(1));
        assertThat(runs[0]).isEqualTo(3);
        assertThatThrownBy(() -> clock.callEvery(Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void executeQueuesUntilRunPendingOrAdvance() {
        FakeClock clock = new FakeClock();
        List<String> log = new ArrayList<>();
        clock.execute(() -> log.add("a"));
        assertThat(log).isEmpty();
        clock.runPending();
        assertThat(log).containsExactly("a");
        clock.execute(() -> log.add("b"));
        clock.advance(Duration.ZERO);
        assertThat(log).containsExactly("a", "b");
    }

    @Test
    void aCallScheduledByACallRunsWhenItsTimeComesInTheSameAdvance() {
        FakeClock clock = new FakeClock();
        List<Long> log = new ArrayList<>();
        clock.callLater(Duration.ofSeconds(1), () ->
                clock.callLater(Duration.ofSeconds(1), () -> log.add(clock.nanoTime())));
        clock.advance(Duration.ofSeconds(3));
        assertThat(log).containsExactly(2_000_000_000L);
    }
}
