package dev.torsion.websocket;

import dev.torsion.reactor.Scheduler;
import dev.torsion.reactor.Timer;

import java.nio.ByteBuffer;

/**
 * The deadlines of one connection, multiplexed onto one reusable {@link Timer}: a ping every
 * {@link WebSocketConfig#pingInterval()}, an abort when no pong comes within {@link WebSocketConfig#pongTimeout()},
 * the idle timeout (no message either way for {@link WebSocketConfig#idleTimeout()}) and the close timeout.
 * The timer is armed for the earliest deadline; when it fires, every deadline that has passed is handled and
 * the timer is armed again for the next one. A message does not re-arm anything: it only notes the time
 * (when an idle timeout is set), and the idle deadline is checked when it comes.
 *
 * <p>A timed ping carries the 8-byte scheduler time it was sent at; a pong echoing it gives the round-trip
 * time. Any pong counts as a sign of life and disarms the pong timeout.
 *
 * <p><b>Memory.</b> No timer object exists until the first deadline is set (a connection without pings,
 * idle timeout or closing handshake has none); then one, from {@link Scheduler#newTimer}, for the
 * connection's whole life.
 *
 * <p><b>Threading.</b> Not thread-safe, except {@link #lastRoundTripNanos()}: used on the connection's loop.
 *
 * <p><b>Lifecycle.</b> {@link #start()} when the connection opens; {@link #startCloseTimer()} when it starts
 * closing (pings and the idle timeout stop); {@link #stop()} when it is gone.
 */
final class Liveness implements Runnable {

    private static final long NONE = Long.MAX_VALUE;

    private final TransportWebSocket owner;
    private final Scheduler scheduler;
    private final WebSocketConfig config;
    private final long idleNanos;
    private Timer timer;
    private long nextPing = NONE;
    private long pongDue = NONE;
    private long idleDue = NONE;
    private long closeDue = NONE;
    private long armedFor = NONE;
    private long lastPingStamp;
    private boolean pinged;
    private long lastMessageAt;
    private volatile long lastRoundTripNanos = -1;

    Liveness(TransportWebSocket owner, Scheduler scheduler, WebSocketConfig config) {
        this.owner = owner;
        this.scheduler = scheduler;
        this.config = config;
        this.idleNanos = config.idleTimeout().toNanos();
    }

    /** The connection is open: pings and the idle timeout start. */
    void start() {
        long now = scheduler.nanoTime();
        if (!config.pingInterval().isZero()) {
            nextPing = now + config.pingInterval().toNanos();
        }
        if (idleNanos > 0) {
            lastMessageAt = now;
            idleDue = now + idleNanos;
        }
        rearm();
    }

    /** The closing handshake started: pings, pong and idle timeouts stop, the close timeout runs (once). */
    void startCloseTimer() {
        nextPing = pongDue = idleDue = NONE;
        if (closeDue == NONE) {
            closeDue = scheduler.nanoTime() + config.closeTimeout().toNanos();
        }
        rearm();
    }

    /** The connection is gone: nothing more fires. */
    void stop() {
        nextPing = pongDue = idleDue = closeDue = NONE;
        if (timer != null) {
            timer.cancel();
        }
        armedFor = NONE;
    }

    /** A payload for a ping whose pong measures the round-trip time. */
    ByteBuffer timedPingPayload() {
        lastPingStamp = scheduler.nanoTime();
        pinged = true;
        return ByteBuffer.allocate(8).putLong(0, lastPingStamp);
    }

    /** A pong arrived; returns the round-trip time it measured in nanoseconds, or -1 when it measured none. */
    long pongReceived(ByteBuffer payload) {
        pongDue = NONE;
        if (pinged && payload.remaining() == 8 && payload.getLong(payload.position()) == lastPingStamp) {
            long rtt = scheduler.nanoTime() - lastPingStamp;
            lastRoundTripNanos = rtt;
            pinged = false;
            return rtt;
        }
        return -1;
    }

    /** A text or binary message went either way: the idle deadline moves (checked when it comes). */
    void messageActivity() {
        if (idleNanos > 0) {
            lastMessageAt = scheduler.nanoTime();
        }
    }

    /** The last measured round-trip time in nanoseconds, or -1; readable from any thread. */
    long lastRoundTripNanos() {
        return lastRoundTripNanos;
    }

    /** The timer fired: handles every deadline that has passed, then arms the timer for the next. */
    @Override
    public void run() {
        armedFor = NONE;
        long now = scheduler.nanoTime();
        if (closeDue <= now) {
            closeDue = NONE;
            owner.closeTimedOut();
            return;
        }
        if (pongDue <= now) {
            pongDue = NONE;
            owner.pongTimedOut();
            return;
        }
        if (nextPing <= now) {
            long interval = config.pingInterval().toNanos();
            while (nextPing <= now) {
                nextPing += interval;
            }
            if (pongDue == NONE) {
                pongDue = now + config.pongTimeout().toNanos();
                owner.livenessPing(timedPingPayload());
            }
        }
        if (idleDue <= now) {
            if (now - lastMessageAt >= idleNanos) {
                idleDue = NONE;
                owner.idleTimedOut();
            } else {
                idleDue = lastMessageAt + idleNanos;
            }
        }
        rearm();
    }

    private void rearm() {
        long next = Math.min(Math.min(nextPing, pongDue), Math.min(idleDue, closeDue));
        if (next == armedFor) {
            return;
        }
        if (next == NONE) {
            if (timer != null) {
                timer.cancel();
            }
        } else {
            if (timer == null) {
                timer = scheduler.newTimer(this);
            }
            timer.schedule(next - scheduler.nanoTime());
        }
        armedFor = next;
    }
}
