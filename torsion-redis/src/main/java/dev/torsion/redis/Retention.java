package dev.torsion.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the Redis stream of a topic keeps its messages for resuming subscribers: the last N messages
 * ({@code XADD ... MAXLEN ~ N}) or the messages of the last D ({@code XADD ... MINID ~ now-D}). Trimming is
 * Redis's approximate kind ({@code ~}): a stream keeps at least what the bound says, sometimes a little more.
 * A subscriber whose last id is older than what is kept is told so (see {@link RedisBackplane}).
 *
 * <p><b>Threading.</b> Immutable.
 */
public final class Retention {

    /** The default: the last 10,000 messages of each topic. */
    public static final Retention DEFAULT = messages(10_000);

    private final long messages;
    private final Duration age;

    private Retention(long messages, Duration age) {
        this.messages = messages;
        this.age = age;
    }

    /** Keep the last {@code count} messages of each topic (at least 1). */
    public static Retention messages(long count) {
        if (count < 1) {
            throw new IllegalArgumentException("retention must keep at least 1 message, got " + count);
        }
        return new Retention(count, null);
    }

    /** Keep the messages of the last {@code age} (at least 1 ms) of each topic. */
    public static Retention age(Duration age) {
        Objects.requireNonNull(age, "age");
        if (age.toMillis() < 1) {
            throw new IllegalArgumentException("retention must keep at least 1 ms of messages, got " + age);
        }
        return new Retention(0, age);
    }

    /** Parses {@code 10000} (messages) or a duration such as {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}. */
    public static Retention parse(String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            return messages(Long.parseLong(t));
        }
        if (t.length() > 1) {
            long n;
            try {
                n = Long.parseLong(t.substring(0, t.length() - 1));
            } catch (NumberFormatException e) {
                n = -1;
            }
            switch (t.charAt(t.length() - 1)) {
                case 's':
                    return age(Duration.ofSeconds(n));
                case 'm':
                    return age(Duration.ofMinutes(n));
                case 'h':
                    return age(Duration.ofHours(n));
                case 'd':
                    return age(Duration.ofDays(n));
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("retention must be a number of messages (10000) or an age (30s, 15m, 2h, "
                + "1d), got \"" + text + "\"");
    }

    /** True when bounded by age, false when by count. */
    public boolean byAge() {
        return age != null;
    }

    /** The count bound (0 when by age). */
    public long messages() {
        return messages;
    }

    /** The age bound (null when by count). */
    public Duration age() {
        return age;
    }

    @Override
    public String toString() {
        return age != null ? "the messages of the last " + age : "the last " + messages + " messages";
    }
}
