package dev.torsion.cli.bench;

import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Transport;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sending side of one fan-out publisher connection. Closed loop (the default): it sends its next message
 * when its own copy of the previous one has come back from the server. Fixed rate ({@code --rate}): every
 * millisecond it sends the messages that are due at its share of the rate, without waiting for copies. Either
 * way it holds back while the subscribers as a whole are more than {@link #lagLimit} deliveries behind what
 * was published, so a server is never flooded faster than the load generator can count its deliveries (a
 * rate-limited tick skips what it could not send then).
 *
 * <p>Each message is a fresh frame ({@link FanoutMessage#frame}: sequence number and send time differ), masked
 * with one key fixed for the connection; publishing is rare next to delivering, so this costs little.
 *
 * <p><b>Threading.</b> Every method runs on the connection's event loop. <b>Lifecycle.</b>
 * {@link #start} once the handshake is done; sends nothing more once the run's stop flag is set.
 */
final class FanoutPublisher {

    private static final Duration RETRY = Duration.ofMillis(1);
    private static final int MOST_PER_TICK = 256;

    private final int index;
    private final int size;
    private final double perPublisherRate;
    private final FanoutStats stats;
    private final AtomicBoolean stopFlag;
    private final long base;
    private final int maskKey;
    private final long lagLimit;

    private Transport transport;
    private long sent;
    private long scheduled;
    private long startNanos;
    private DelayedCall ticker;

    /**
     * Publisher {@code index} of a run: messages of {@code settings.common().size()} bytes, times measured from
     * {@code base} ({@link System#nanoTime()} at the run's start).
     */
    FanoutPublisher(int index, FanoutSettings settings, FanoutStats stats, AtomicBoolean stopFlag, long base,
                    int maskKey) {
        this.index = index;
        this.size = settings.common().size();
        this.perPublisherRate = settings.rate() / settings.publishers();
        this.stats = stats;
        this.stopFlag = stopFlag;
        this.base = base;
        this.maskKey = maskKey;
        this.lagLimit = (long) Math.max(8, 4 * settings.publishers()) * settings.subscribers();
    }

    /** The handshake is done: start publishing on {@code transport}. */
    void start(Transport transport) {
        this.transport = transport;
        startNanos = System.nanoTime();
        if (perPublisherRate > 0) {
            ticker = transport.scheduler().callEvery(RETRY, this::tick);
        } else {
            sendNext();
        }
    }

    /** A copy of message {@code sequence} of publisher {@code publisher} arrived on this connection. */
    void copyArrived(int publisher, long sequence) {
        if (publisher == index && sequence == sent - 1 && perPublisherRate == 0) {
            sendNext();
        }
    }

    /** Stops the fixed-rate ticker, if any. */
    void stop() {
        if (ticker != null) {
            ticker.cancel();
            ticker = null;
        }
    }

    private void sendNext() {
        if (stopFlag.get() || !transport.isOpen()) {
            return;
        }
        if (stats.outstanding() > lagLimit) {
            transport.scheduler().callLater(RETRY, this::sendNext);
            return;
        }
        transport.write(message(System.nanoTime()));
    }

    private void tick() {
        if (stopFlag.get() || !transport.isOpen()) {
            stop();
            return;
        }
        long now = System.nanoTime();
        long due = (long) ((now - startNanos) / 1e9 * perPublisherRate);
        long n = Math.min(due - scheduled, MOST_PER_TICK);
        scheduled = due;
        if (n <= 0 || stats.outstanding() > lagLimit) {
            return;
        }
        ByteBuffer[] batch = new ByteBuffer[(int) n];
        for (int i = 0; i < n; i++) {
            batch[i] = message(now);
        }
        transport.write(batch);
    }

    private ByteBuffer message(long now) {
        stats.published();
        return FanoutMessage.frame(size, index, sent++, now - base, maskKey);
    }
}
