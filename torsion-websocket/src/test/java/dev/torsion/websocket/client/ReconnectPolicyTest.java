package dev.torsion.websocket.client;

import dev.torsion.websocket.CloseCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backoff arithmetic and the checks on a policy's settings. */
class ReconnectPolicyTest {

    @Test
    void withoutJitterTheDelayDoublesUpToTheCap() {
        ReconnectPolicy p = ReconnectPolicy.defaults().withDelays(Duration.ofMillis(100), Duration.ofSeconds(1))
                .withJitter(0);
        Random r = new Random(1);
        assertThat(p.delay(1, r)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.delay(2, r)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.delay(4, r)).isEqualTo(Duration.ofMillis(800));
        assertThat(p.delay(5, r)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delay(10_000, r)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterSpreadsDelaysWithinItsBoundsAndNeverPastTheCap() {
        ReconnectPolicy p = ReconnectPolicy.defaults().withDelays(Duration.ofSeconds(1), Duration.ofSeconds(3))
                .withFactor(3).withJitter(0.25);
        Random r = new Random(42);
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Duration d = p.delay(1, r);
            assertThat(d).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250));
            seen.add(d);
            assertThat(p.delay(2, r)).isBetween(Duration.ofMillis(2250), Duration.ofSeconds(3));
        }
        assertThat(seen).hasSizeGreaterThan(900);
    }

    @Test
    void whatItReconnectsAfter() {
        ReconnectPolicy p = ReconnectPolicy.defaults();
        assertThat(p.reconnectsAfter(CloseCode.ABNORMAL_CLOSURE, false)).isTrue();
        assertThat(p.reconnectsAfter(CloseCode.GOING_AWAY, true)).isTrue();
        assertThat(p.reconnectsAfter(CloseCode.SERVICE_RESTART, true)).isTrue();
        assertThat(p.reconnectsAfter(CloseCode.NORMAL_CLOSURE, true)).isFalse();
        assertThat(p.reconnectsAfter(CloseCode.POLICY_VIOLATION, true)).isFalse();
        assertThat(p.withReconnectCodes().reconnectsAfter(CloseCode.GOING_AWAY, true)).isFalse();
    }

    @Test
    void badSettingsAreRefusedWithAReason() {
        ReconnectPolicy p = ReconnectPolicy.defaults();
        assertThatThrownBy(() -> p.withDelays(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("positive");
        assertThatThrownBy(() -> p.withDelays(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("shorter");
        assertThatThrownBy(() -> p.withFactor(0.5)).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> p.withFactor(Double.NaN)).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> p.withJitter(1.5)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> p.withMaxAttempts(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> p.withGoodConnection(Duration.ofSeconds(-1))).hasMessageContaining("negative");
        assertThatThrownBy(() -> p.delay(0, new Random())).hasMessageContaining("from 1");
    }
}
