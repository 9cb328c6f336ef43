package dev.torsion.testing;

import dev.torsion.reactor.Timer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The default {@code Scheduler.newTimer} and {@code Transport.claimWrite/commitWrite}, as the test kit uses them. */
class DefaultTimerAndClaimTest {

    @Test
    void aTimerRunsOnceAfterItsDelayAndCanBeReArmed() {
        FakeClock clock = new FakeClock();
        List<Long> fired = new ArrayList<>();
        Timer timer = clock.newTimer(() -> fired.add(clock.nanoTime()));
        timer.schedule(Duration.ofSeconds(2).toNanos());
        assertThat(timer.isPending()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        timer.schedule(Duration.ofSeconds(2).toNanos()); // re-armed: now due at 3 s, not 2 s
        clock.advance(Duration.ofSeconds(5));
        assertThat(fired).containsExactly(3_000_000_000L);
        assertThat(timer.isPending()).isFalse();
        assertThat(clock.pendingCalls()).isEmpty();
    }

    @Test
    void aCancelledTimerDoesNotRun() {
        FakeClock clock = new FakeClock();
        List<String> fired = new ArrayList<>();
        Timer timer = clock.newTimer(() -> fired.add("ran"));
        timer.schedule(1_000);
        timer.cancel();
        timer.cancel();
        clock.advance(Duration.ofSeconds(1));
        assertThat(fired).isEmpty();
        assertThat(timer.isPending()).isFalse();
    }

    @Test
    void aTimerMayReArmItselfFromItsTask() {
        FakeClock clock = new FakeClock();
        List<Long> fired = new ArrayList<>();
        Timer[] timer = new Timer[1];
        timer[0] = clock.newTimer(() -> {
            fired.add(clock.nanoTime());
            if (fired.size() < 3) {
                timer[0].schedule(1_000_000_000L);
            }
        });
        timer[0].schedule(1_000_000_000L);
        clock.advance(Duration.ofSeconds(10));
        assertThat(fired).containsExactly(1_000_000_000L, 2_000_000_000L, 3_000_000_000L);
    }

    @Test
    void claimedBytesAreWrittenInOrderWithOtherWrites() {
        MemoryTransport transport = new MemoryTransport();
        transport.write(ByteBuffer.wrap("a".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer claimed = transport.claimWrite(3);
        assertThat(claimed.remaining()).isGreaterThanOrEqualTo(3);
        claimed.put((byte) 'b').put((byte) 'c');
        transport.commitWrite(claimed);
        transport.write(ByteBuffer.wrap("d".getBytes(StandardCharsets.US_ASCII)));
        assertThat(transport.writtenText()).isEqualTo("abcd");
    }
}
