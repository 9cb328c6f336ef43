package dev.torsion.websocket;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits, flow control and timers of WebSocket connections. Immutable: start from {@link #defaults()} and
 * derive with the {@code with...} methods.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #maxFrameSize()}</td><td>16 MiB</td><td>larger received frame: fail with 1009</td></tr>
 *   <tr><td>{@link #maxMessageSize()}</td><td>16 MiB</td><td>larger received message (all fragments): 1009</td></tr>
 *   <tr><td>{@link #maxSendQueueBytes()}</td><td>16 MiB</td><td>bytes queued for sending at which a session refuses messages</td></tr>
 *   <tr><td>{@link #overflowPolicy()}</td><td>{@link OverflowPolicy#FAIL_SEND}</td><td>what a send over the bound does</td></tr>
 *   <tr><td>{@link #pingInterval()}</td><td>30 s</td><td>a ping this often; zero: no pings</td></tr>
 *   <tr><td>{@link #pongTimeout()}</td><td>10 s</td><td>no pong this long after a ping: abort (1006)</td></tr>
 *   <tr><td>{@link #closeTimeout()}</td><td>10 s</td><td>closing handshake or TCP close not done: abort</td></tr>
 *   <tr><td>{@link #idleTimeout()}</td><td>zero (off)</td><td>no message either way this long: close with 1001</td></tr>
 *   <tr><td>{@link #pauseReadingWhileUnwritable()}</td><td>true</td><td>stop reading while the transport is above its high watermark</td></tr>
 *   <tr><td>{@link #keepRequestHeaders()}</td><td>false</td><td>keep the request headers after {@code onOpen}</td></tr>
 * </table>
 *
 * <p><b>Threading.</b> Immutable; safe to share between connections and threads.
 */
public final class WebSocketConfig {

    private static final long MIB = 1024 * 1024;
    /** The largest message size an array can hold. */
    public static final long LARGEST_MESSAGE = Integer.MAX_VALUE - 8;

    private static final WebSocketConfig DEFAULTS = new WebSocketConfig(16 * MIB, 16 * MIB, 16 * MIB,
            OverflowPolicy.FAIL_SEND, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ZERO, true, false, 32 * 1024, 64 * 1024, false);

    private final long maxFrameSize;
    private final long maxMessageSize;
    private final long maxSendQueueBytes;
    private final OverflowPolicy overflowPolicy;
    private final Duration pingInterval;
    private final Duration pongTimeout;
    private final Duration closeTimeout;
    private final Duration idleTimeout;
    private final boolean pauseReadingWhileUnwritable;
    private final boolean keepRequestHeaders;
    private final int sendLowWatermark;
    private final int sendHighWatermark;
    private final boolean receiveInPieces;

    private WebSocketConfig(long maxFrameSize, long maxMessageSize, long maxSendQueueBytes, OverflowPolicy overflowPolicy,
                            Duration pingInterval, Duration pongTimeout, Duration closeTimeout, Duration idleTimeout,
                            boolean pauseReadingWhileUnwritable, boolean keepRequestHeaders, int sendLowWatermark,
                            int sendHighWatermark, boolean receiveInPieces) {
        this.receiveInPieces = receiveInPieces;
        if (sendLowWatermark < 0 || sendHighWatermark < sendLowWatermark) {
            throw new IllegalArgumentException("send watermarks need 0 <= low <= high, got low=" + sendLowWatermark
                    + " high=" + sendHighWatermark);
        }
        this.sendLowWatermark = sendLowWatermark;
        this.sendHighWatermark = sendHighWatermark;
        if (maxFrameSize < 125) {
            throw new IllegalArgumentException("maxFrameSize must be at least 125 (a control frame), got " + maxFrameSize);
        }
        if (maxMessageSize < 1 || maxMessageSize > LARGEST_MESSAGE) {
            throw new IllegalArgumentException("maxMessageSize must be in 1.." + LARGEST_MESSAGE + ", got " + maxMessageSize);
        }
        if (maxSendQueueBytes < 1) {
            throw new IllegalArgumentException("maxSendQueueBytes must be positive, got " + maxSendQueueBytes);
        }
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
        this.maxSendQueueBytes = maxSendQueueBytes;
        this.overflowPolicy = Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        this.pingInterval = nonNegative("pingInterval", pingInterval);
        this.pongTimeout = positive("pongTimeout", pongTimeout);
        this.closeTimeout = positive("closeTimeout", closeTimeout);
        this.idleTimeout = nonNegative("idleTimeout", idleTimeout);
        this.pauseReadingWhileUnwritable = pauseReadingWhileUnwritable;
        this.keepRequestHeaders = keepRequestHeaders;
    }

    /** The defaults listed in the class documentation. */
    public static WebSocketConfig defaults() {
        return DEFAULTS;
    }

    /** Largest payload of one received frame, in bytes; over it the connection fails with 1009. */
    public long maxFrameSize() {
        return maxFrameSize;
    }

    /** Largest received message (sum of its fragments), in bytes; over it the connection fails with 1009. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** Bound on the bytes a session may have queued before it refuses a message (see {@link OverflowPolicy}). */
    public long maxSendQueueBytes() {
        return maxSendQueueBytes;
    }

    /** What a send made while {@link #maxSendQueueBytes()} or more are queued does. */
    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    /** How often a liveness ping is sent; {@link Duration#ZERO} turns pings off. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** How long to wait for a pong after a liveness ping before aborting the connection. */
    public Duration pongTimeout() {
        return pongTimeout;
    }

    /** How long the closing handshake (and, for a client, the server's TCP close) may take before an abort. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** How long without a text or binary message in either direction before closing with 1001; zero: never. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Whether reading pauses while the transport's write queue is above its high watermark. */
    public boolean pauseReadingWhileUnwritable() {
        return pauseReadingWhileUnwritable;
    }

    /** A copy with another frame limit. */
    public WebSocketConfig withMaxFrameSize(long bytes) {
        return new WebSocketConfig(bytes, maxMessageSize, maxSendQueueBytes, overflowPolicy, pingInterval,
                pongTimeout, closeTimeout, idleTimeout, pauseReadingWhileUnwritable, keepRequestHeaders,
                sendLowWatermark, sendHighWatermark, receiveInPieces);
    }

    /** A copy with another message limit. */
    public WebSocketConfig withMaxMessageSize(long bytes) {
        return new WebSocketConfig(maxFrameSize, bytes, maxSendQueueBytes, overflowPolicy, pingInterval,
                pongTimeout, closeTimeout, idleTimeout, pauseReadingWhileUnwritable, keepRequestHeaders,
                sendLowWatermark, sendHighWatermark, receiveInPieces);
    }

    /** A copy with another send-queue bound and overflow policy. */
    public WebSocketConfig withSendQueue(long maxBytes, OverflowPolicy policy) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, maxBytes, policy, pingInterval,
                pongTimeout, closeTimeout, idleTimeout, pauseReadingWhileUnwritable, keepRequestHeaders,
                sendLowWatermark, sendHighWatermark, receiveInPieces);
    }

    /** A copy with another ping interval (zero: no pings) and pong timeout. */
    public WebSocketConfig withPing(Duration interval, Duration pongTimeout) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, maxSendQueueBytes, overflowPolicy, interval,
                pongTimeout, closeTimeout, idleTimeout, pauseReadingWhileUnwritable, keepRequestHeaders,
                sendLowWatermark, sendHighWatermark, receiveInPieces);
    }

    /** A copy with another close timeout. */
    public WebSocketConfig withCloseTimeout(Duration timeout) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, maxSendQueueBytes, overflowPolicy, pingInterval,
                pongTimeout, timeout, idleTimeout, pauseReadingWhileUnwritable, keepRequestHeaders,
                sendLowWatermark, sendHighWatermark, receiveInPieces);
    }

    /** A copy with another idle timeout (zero: none). */
    public WebSocketConfig withIdleTimeout(Duration timeout) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, maxSendQueueBytes, overflowPolicy, pingInterval,
                pongTimeout, closeTimeout, timeout, pauseReadingWhileUnwritable, keepRequestHeaders,
                sendLowWatermark, sendHighWatermark, receiveInPieces);
    }

    /** A copy that does or does not pause reading while the transport is unwritable. */
    public WebSocketConfig withPauseReadingWhileUnwritable(boolean pause) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, maxSendQueueBytes, overflowPolicy, pingInterval,
                pongTimeout, closeTimeout, idleTimeout, pause, keepRequestHeaders, sendLowWatermark, sendHighWatermark, receiveInPieces);
    }

    /**
     * Whether a session keeps the opening request's headers after {@link WebSocketHandler#onOpen} returns
     * (compactly, as one array). Off by default: the headers can be read until then, and an idle connection
     * holds none of them afterwards.
     */
    public boolean keepRequestHeaders() {
        return keepRequestHeaders;
    }

    /** A copy that does or does not keep the request headers after {@code onOpen} (see {@link #keepRequestHeaders()}). */
    public WebSocketConfig withKeepRequestHeaders(boolean keep) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, maxSendQueueBytes, overflowPolicy, pingInterval,
                pongTimeout, closeTimeout, idleTimeout, pauseReadingWhileUnwritable, keep, sendLowWatermark,
                sendHighWatermark, receiveInPieces);
    }

    /**
     * The send queue's high watermark, in bytes: above it {@link WebSocketSession#isWritable()} is false and,
     * with {@link #pauseReadingWhileUnwritable()}, reading pauses. The session sets it (and the low one) on its
     * transport when the connection is made, so the session and the transport go by the same numbers.
     */
    public int sendHighWatermark() {
        return sendHighWatermark;
    }

    /** The send queue's low watermark: a transport that went over the high one is writable again below it. */
    public int sendLowWatermark() {
        return sendLowWatermark;
    }

    /** A copy with other send-queue watermarks ({@code 0 <= low <= high}; defaults 32 KiB and 64 KiB). */
    public WebSocketConfig withSendWatermarks(int low, int high) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, maxSendQueueBytes, overflowPolicy, pingInterval,
                pongTimeout, closeTimeout, idleTimeout, pauseReadingWhileUnwritable, keepRequestHeaders, low, high,
                receiveInPieces);
    }

    /**
     * Whether messages are received in pieces, as they arrive ({@link WebSocketHandler#onTextPiece},
     * {@link WebSocketHandler#onBinaryPiece}), with demand ({@link WebSocketSession#request}), instead of whole
     * ({@code onText}, {@code onBinary}). Off by default. The limits still hold: a message over
     * {@link #maxMessageSize()} fails with 1009 once its pieces add up to more.
     */
    public boolean receiveInPieces() {
        return receiveInPieces;
    }

    /** A copy that receives messages in pieces, or whole (see {@link #receiveInPieces()}). */
    public WebSocketConfig withReceiveInPieces(boolean pieces) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, maxSendQueueBytes, overflowPolicy, pingInterval,
                pongTimeout, closeTimeout, idleTimeout, pauseReadingWhileUnwritable, keepRequestHeaders,
                sendLowWatermark, sendHighWatermark, pieces);
    }

    private static Duration nonNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return value;
    }

    private static Duration positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "WebSocketConfig[maxFrameSize=" + maxFrameSize + ", maxMessageSize=" + maxMessageSize
                + ", maxSendQueueBytes=" + maxSendQueueBytes + ", overflowPolicy=" + overflowPolicy
                + ", pingInterval=" + pingInterval + ", pongTimeout=" + pongTimeout + ", closeTimeout=" + closeTimeout
                + ", idleTimeout=" + idleTimeout + ", pauseReadingWhileUnwritable=" + pauseReadingWhileUnwritable
                + ", keepRequestHeaders=" + keepRequestHeaders + "]";
    }
}
