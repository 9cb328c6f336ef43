package dev.torsion.websocket.client;

import dev.torsion.websocket.CloseCode;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * When and how often a {@link ReconnectingWebSocket} tries again: exponential backoff with jitter, capped,
 * for a bounded or unbounded number of attempts (the shape of Twisted's {@code ReconnectingClientFactory}).
 *
 * <p>The wait before retry {@code n} (1 for the first retry after a failure or a drop) is
 * {@code min(maxDelay, initialDelay * factor^(n-1))}, then spread uniformly by {@code ±jitter} of itself
 * (and capped at {@code maxDelay} again) so that many clients dropped at once do not all come back at once.
 * Defaults: 1 s initial, factor 2, 60 s maximum, jitter 0.2, unlimited attempts.
 *
 * <p>Attempts count from the last <em>good</em> connection: one that opened and stayed open for at least
 * {@link #goodConnection()} (default: any connection that opened). A good connection resets the backoff, so
 * a client that was connected for hours starts again at the initial delay; a server that accepts and drops
 * at once keeps backing off instead.
 *
 * <p>What counts as a reason to reconnect: every failed attempt (refused, unreachable, timed out, handshake
 * refused), every connection that ended without a closing handshake (1006: reset, vanished peer, pong
 * timeout), and a clean close whose code is in {@link #reconnectCodes()} (default 1001 Going Away, 1012
 * Service Restart, 1013 Try Again Later: a server restarting says these). A clean close with another code
 * (1000, 1008, ...) and a local {@code close()} end the reconnecting.
 *
 * <p><b>Threading.</b> Immutable; share freely.
 */
public final class ReconnectPolicy {

    private static final ReconnectPolicy DEFAULTS = new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60),
            2.0, 0.2, Integer.MAX_VALUE, Duration.ZERO,
            Set.of(CloseCode.GOING_AWAY, CloseCode.SERVICE_RESTART, CloseCode.TRY_AGAIN_LATER));

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double factor;
    private final double jitter;
    private final int maxAttempts;
    private final Duration goodConnection;
    private final Set<CloseCode> reconnectCodes;

    private ReconnectPolicy(Duration initialDelay, Duration maxDelay, double factor, double jitter, int maxAttempts,
                            Duration goodConnection, Set<CloseCode> reconnectCodes) {
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.factor = factor;
        this.jitter = jitter;
        this.maxAttempts = maxAttempts;
        this.goodConnection = goodConnection;
        this.reconnectCodes = reconnectCodes;
    }

    /** 1 s, doubling, up to 60 s, ±20 % jitter, unlimited attempts. */
    public static ReconnectPolicy defaults() {
        return DEFAULTS;
    }

    /** The same policy starting at {@code initial} and never waiting longer than {@code max}. */
    public ReconnectPolicy withDelays(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("the initial delay must be positive, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the maximum delay " + max + " is shorter than the initial delay " + initial);
        }
        return new ReconnectPolicy(initial, max, factor, jitter, maxAttempts, goodConnection, reconnectCodes);
    }

    /** The same policy multiplying the delay by {@code factor} (at least 1) after each failed attempt. */
    public ReconnectPolicy withFactor(double factor) {
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("the backoff factor must be a finite number >= 1, got " + factor);
        }
        return new ReconnectPolicy(initialDelay, maxDelay, factor, jitter, maxAttempts, goodConnection, reconnectCodes);
    }

    /** The same policy spreading each delay by up to {@code ±fraction} of itself (0 to 1; 0: no jitter). */
    public ReconnectPolicy withJitter(double fraction) {
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, got " + fraction);
        }
        return new ReconnectPolicy(initialDelay, maxDelay, factor, fraction, maxAttempts, goodConnection, reconnectCodes);
    }

    /**
     * The same policy giving up after {@code attempts} attempts in a row without a good connection (at
     * least 1; the first connect counts).
     */
    public ReconnectPolicy withMaxAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + attempts);
        }
        return new ReconnectPolicy(initialDelay, maxDelay, factor, jitter, attempts, goodConnection, reconnectCodes);
    }

    /** The same policy counting a connection as good (resetting the backoff) once it stayed open this long. */
    public ReconnectPolicy withGoodConnection(Duration minimumUptime) {
        Objects.requireNonNull(minimumUptime, "minimumUptime");
        if (minimumUptime.isNegative()) {
            throw new IllegalArgumentException("the good-connection time cannot be negative, got " + minimumUptime);
        }
        return new ReconnectPolicy(initialDelay, maxDelay, factor, jitter, maxAttempts, minimumUptime, reconnectCodes);
    }

    /** The same policy reconnecting after a clean close with one of {@code codes} (none: only after errors). */
    public ReconnectPolicy withReconnectCodes(CloseCode... codes) {
        return new ReconnectPolicy(initialDelay, maxDelay, factor, jitter, maxAttempts, goodConnection, Set.of(codes));
    }

    public Duration initialDelay() {
        return initialDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public double factor() {
        return factor;
    }

    public double jitter() {
        return jitter;
    }

    /** Attempts in a row without a good connection before giving up ({@link Integer#MAX_VALUE}: never). */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration goodConnection() {
        return goodConnection;
    }

    public Set<CloseCode> reconnectCodes() {
        return reconnectCodes;
    }

    /** The wait before retry {@code retry} (1 = the first retry), with jitter drawn from {@code random}. */
    public Duration delay(int retry, Random random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1, got " + retry);
        }
        double max = maxDelay.toNanos();
        double base = Math.min(max, initialDelay.toNanos() * Math.pow(factor, retry - 1));
        double spread = jitter == 0 ? 0 : base * jitter * (2 * random.nextDouble() - 1);
        return Duration.ofNanos((long) Math.max(0, Math.min(max, base + spread)));
    }

    /** True when a connection that ended this way should be followed by another attempt. */
    public boolean reconnectsAfter(CloseCode code, boolean clean) {
        return !clean || reconnectCodes.contains(code);
    }

    @Override
    public String toString() {
        return "ReconnectPolicy[initial " + initialDelay + ", max " + maxDelay + ", factor " + factor + ", jitter "
                + jitter + ", attempts " + (maxAttempts == Integer.MAX_VALUE ? "unlimited" : maxAttempts) + "]";
    }
}
