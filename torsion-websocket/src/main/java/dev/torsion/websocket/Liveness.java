package dev.torsion.websocket;

import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Scheduler;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The liveness timers of one connection: a ping every {@link WebSocketConfig#pingInterval()}, an abort when no
 * pong comes within {@link WebSocketConfig#pongTimeout()}, the round-trip time of timed pings, and the idle
 * timeout (no message either way for {@link WebSocketConfig#idleTimeout()}).
 *
 * <p>A timed ping carries the 8-byte scheduler time it was sent at; a pong echoing it gives the round-trip
 * time. Any pong counts as a sign of life and disarms the pong timeout. The idle timer is not re-armed per
 * message: it fires once per period and re-schedules itself for the time left since the last message.
 *
 * <p><b>Threading.</b> Not thread-safe, except {@link #lastRoundTripNanos()}: used on the connection's loop.
 *
 * <p><b>Lifecycle.</b> {@link #start()} when the connection opens, {@link #stop()} when it starts closing.
 */
final class Liveness {

    /** What the timers make happen. */
    interface Actions {
        /** Send a ping with this payload (if the connection is still open). */
        void sendPing(ByteBuffer payload);

        /** No pong came in time: abort. */
        void pongTimedOut(Duration timeout);

        /** No message for the idle timeout: close. */
        void idleTimedOut();
    }

    private final Scheduler scheduler;
    private final WebSocketConfig config;
    private final Actions actions;
    private DelayedCall pingTimer;
    private DelayedCall pongTimer;
    private DelayedCall idleTimer;
    private long lastPingStamp;
    private boolean pinged;
    private long lastMessageAt;
    private volatile long lastRoundTripNanos = -1;
    private boolean stopped;

    Liveness(Scheduler scheduler, WebSocketConfig config, Actions actions) {
        this.scheduler = scheduler;
        this.config = config;
        this.actions = actions;
    }

    void start() {
        lastMessageAt = scheduler.nanoTime();
        if (!config.pingInterval().isZero()) {
            pingTimer = scheduler.callEvery(config.pingInterval(), this::pingDue);
        }
        if (!config.idleTimeout().isZero()) {
            idleTimer = scheduler.callLater(config.idleTimeout(), this::idleCheck);
        }
    }

    void stop() {
        stopped = true;
        cancel(pingTimer);
        cancel(pongTimer);
        cancel(idleTimer);
        pingTimer = pongTimer = idleTimer = null;
    }

    /** A payload for a ping whose pong measures the round-trip time. */
    ByteBuffer timedPingPayload() {
        lastPingStamp = scheduler.nanoTime();
        pinged = true;
        return ByteBuffer.allocate(8).putLong(0, lastPingStamp);
    }

    void pongReceived(ByteBuffer payload) {
        cancel(pongTimer);
        pongTimer = null;
        if (pinged && payload.remaining() == 8 && payload.getLong(payload.position()) == lastPingStamp) {
            lastRoundTripNanos = scheduler.nanoTime() - lastPingStamp;
            pinged = false;
        }
    }

    void messageActivity() {
        lastMessageAt = scheduler.nanoTime();
    }

    /** The last measured round-trip time in nanoseconds, or -1; readable from any thread. */
    long lastRoundTripNanos() {
        return lastRoundTripNanos;
    }

    private void pingDue() {
        if (stopped || pongTimer != null) {
            return;
        }
        Duration timeout = config.pongTimeout();
        pongTimer = scheduler.callLater(timeout, () -> {
            pongTimer = null;
            if (!stopped) {
                actions.pongTimedOut(timeout);
            }
        });
        actions.sendPing(timedPingPayload());
    }

    private void idleCheck() {
        if (stopped) {
            return;
        }
        long idle = config.idleTimeout().toNanos();
        long elapsed = scheduler.nanoTime() - lastMessageAt;
        if (elapsed >= idle) {
            idleTimer = null;
            actions.idleTimedOut();
        } else {
            idleTimer = scheduler.callLater(Duration.ofNanos(idle - elapsed), this::idleCheck);
        }
    }

    private static void cancel(DelayedCall call) {
        if (call != null) {
            call.cancel();
        }
    }
}
