package dev.torsion.web.http2;

/**
 * Counts what a peer can make a connection do cheaply and repeatedly, against the limits of
 * {@link Http2Config}: stream resets per time window (rapid reset, CVE-2023-44487: open a stream, reset it,
 * again, never reaching the concurrent-stream limit), and control frames this end had to answer while the
 * peer was not reading them (SETTINGS and PING floods).
 *
 * <p><b>Threading.</b> Not thread-safe: the connection's event loop only.
 */
final class FloodGuard {

    private final int maxResets;
    private final long resetWindowNanos;
    private final int maxQueuedControlFrames;
    private long windowStart = Long.MIN_VALUE;
    private int resets;
    private int controlWhileBlocked;

    FloodGuard(Http2Config config) {
        maxResets = config.maxResetsPerWindow();
        resetWindowNanos = config.resetWindow().toNanos();
        maxQueuedControlFrames = config.maxQueuedControlFrames();
    }

    /** A RST_STREAM arrived at {@code now}; true when the peer is over its allowance. */
    boolean resetReceived(long now) {
        if (windowStart == Long.MIN_VALUE || now - windowStart >= resetWindowNanos) {
            windowStart = now;
            resets = 0;
        }
        return ++resets > maxResets;
    }

    /** A control frame was written while the transport was above its high watermark; true when too many were. */
    boolean controlFrameWhileBlocked() {
        return ++controlWhileBlocked > maxQueuedControlFrames;
    }

    /** The transport drained below its low watermark. */
    void drained() {
        controlWhileBlocked = 0;
    }
}
