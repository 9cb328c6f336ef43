package dev.torsion.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retention as configured: a count or an age, parsed from the command line, refused when meaningless. */
class RetentionTest {

    @Test
    void aNumberIsACountAndASuffixAnAge() {
        assertThat(Retention.parse("10000").messages()).isEqualTo(10_000);
        assertThat(Retention.parse("10000").byAge()).isFalse();
        assertThat(Retention.parse("30s").age()).isEqualTo(Duration.ofSeconds(30));
        assertThat(Retention.parse("15m").age()).isEqualTo(Duration.ofMinutes(15));
        assertThat(Retention.parse("2h").age()).isEqualTo(Duration.ofHours(2));
        assertThat(Retention.parse("1d").age()).isEqualTo(Duration.ofDays(1));
        assertThat(Retention.DEFAULT.toString()).isEqualTo("the last 10000 messages");
    }

    @Test
    void nonsenseIsRefusedWithTheRule() {
        for (String bad : new String[] {"", "soon", "10x", "-5", "0", "0s", "s"}) {
            assertThatThrownBy(() -> Retention.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Retention.parse("soon")).hasMessage("retention must be a number of messages "
                + "(10000) or an age (30s, 15m, 2h, 1d), got \"soon\"");
        assertThatThrownBy(() -> Retention.messages(0)).hasMessage("retention must keep at least 1 message, got 0");
    }
}
