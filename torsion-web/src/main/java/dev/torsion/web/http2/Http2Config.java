package dev.torsion.web.http2;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The limits and timeouts of HTTP/2 connections, each with the answer a peer gets past it (docs/http2.md):
 * what this end announces in SETTINGS, and the defences against the known attacks.
 *
 * <pre>{@code
 * Http2Config config = Http2Config.defaults().withMaxConcurrentStreams(200);
 * }</pre>
 *
 * <p>Each {@code withX} gives a copy with one change, as {@code HttpConfig} and the other configurations do, and
 * refuses a bad value by name.
 *
 * <p><b>Threading.</b> Immutable and thread-safe.
 */
public final class Http2Config {

    private static final Http2Config DEFAULTS = new Http2Config(new Settings());

    private final int maxConcurrentStreams;
    private final int initialWindowSize;
    private final int connectionWindowSize;
    private final int maxFrameSize;
    private final int maxHeaderListSize;
    private final int headerTableSize;
    private final int maxHeaderBlockSize;
    private final int maxContinuationFrames;
    private final int maxResetsPerWindow;
    private final Duration resetWindow;
    private final int maxQueuedControlFrames;
    private final Duration stallTimeout;
    private final Duration settingsTimeout;
    private final Duration idleTimeout;
    private final boolean connectProtocol;
    private final int connectionLowWatermark;
    private final int connectionHighWatermark;

    private Http2Config(Settings b) {
        maxConcurrentStreams = b.maxConcurrentStreams;
        initialWindowSize = b.initialWindowSize;
        connectionWindowSize = b.connectionWindowSize;
        maxFrameSize = b.maxFrameSize;
        maxHeaderListSize = b.maxHeaderListSize;
        headerTableSize = b.headerTableSize;
        maxHeaderBlockSize = b.maxHeaderBlockSize;
        maxContinuationFrames = b.maxContinuationFrames;
        maxResetsPerWindow = b.maxResetsPerWindow;
        resetWindow = b.resetWindow;
        maxQueuedControlFrames = b.maxQueuedControlFrames;
        stallTimeout = b.stallTimeout;
        settingsTimeout = b.settingsTimeout;
        idleTimeout = b.idleTimeout;
        connectProtocol = b.connectProtocol;
        connectionLowWatermark = b.connectionLowWatermark;
        connectionHighWatermark = b.connectionHighWatermark;
    }

    /** The defaults (see each {@code withX}). */
    public static Http2Config defaults() {
        return DEFAULTS;
    }

    /** SETTINGS_MAX_CONCURRENT_STREAMS announced; a stream past it is refused with REFUSED_STREAM. */
    public int maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    /** SETTINGS_INITIAL_WINDOW_SIZE announced: how much each stream may send before this end reads it. */
    public int initialWindowSize() {
        return initialWindowSize;
    }

    /** The connection's receive window, raised from 65,535 with a WINDOW_UPDATE at the start. */
    public int connectionWindowSize() {
        return connectionWindowSize;
    }

    /** SETTINGS_MAX_FRAME_SIZE announced; a larger frame is a FRAME_SIZE_ERROR. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** SETTINGS_MAX_HEADER_LIST_SIZE announced; a larger request head is answered 431. */
    public int maxHeaderListSize() {
        return maxHeaderListSize;
    }

    /** SETTINGS_HEADER_TABLE_SIZE announced: the HPACK table the peer may fill. */
    public int headerTableSize() {
        return headerTableSize;
    }

    /** The most bytes of one compressed field block (HEADERS plus CONTINUATION); more is ENHANCE_YOUR_CALM. */
    public int maxHeaderBlockSize() {
        return maxHeaderBlockSize;
    }

    /** The most CONTINUATION frames in one field block; more is ENHANCE_YOUR_CALM (the 2024 flood). */
    public int maxContinuationFrames() {
        return maxContinuationFrames;
    }

    /** The most RST_STREAM frames a peer may send per {@link #resetWindow()}; more is ENHANCE_YOUR_CALM. */
    public int maxResetsPerWindow() {
        return maxResetsPerWindow;
    }

    public Duration resetWindow() {
        return resetWindow;
    }

    /**
     * The most control frames (SETTINGS and PING acknowledgements, RST_STREAM) this end queues while the peer
     * does not read; past it the connection is closed (the SETTINGS and PING floods).
     */
    public int maxQueuedControlFrames() {
        return maxQueuedControlFrames;
    }

    /**
     * A stream whose queued data makes no progress for this long is reset with CANCEL (zero-window stall); a
     * peer that reads nothing of the connection for this long, while this end has stopped reading it, is cut.
     */
    public Duration stallTimeout() {
        return stallTimeout;
    }

    /** How long the peer has to send its preface and acknowledge this end's SETTINGS (SETTINGS_TIMEOUT). */
    public Duration settingsTimeout() {
        return settingsTimeout;
    }

    /** A connection without streams for this long is closed with GOAWAY(NO_ERROR). */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * True (the default) to announce SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441): clients may then open
     * WebSocket connections (and other protocols named by {@code :protocol}) as streams of this connection.
     */
    public boolean connectProtocol() {
        return connectProtocol;
    }

    /**
     * The TCP (or TLS) connection's high watermark: above it this end frames no more DATA and stops reading
     * until the peer has read down to {@link #connectionLowWatermark()} (the zero-window and flood defences).
     */
    public int connectionHighWatermark() {
        return connectionHighWatermark;
    }

    /** The TCP (or TLS) connection's low watermark (see {@link #connectionHighWatermark()}). */
    public int connectionLowWatermark() {
        return connectionLowWatermark;
    }

    /** Default 100. */
    public Http2Config withMaxConcurrentStreams(int n) {
        return with(s -> {
            s.maxConcurrentStreams = positive("maxConcurrentStreams", n);
        });
    }

    /** Default 1 MiB; at most 2^31 - 1. */
    public Http2Config withInitialWindowSize(int bytes) {
        return with(s -> {
            s.initialWindowSize = positive("initialWindowSize", bytes);
        });
    }

    /** Default 4 MiB; at least 65,535. */
    public Http2Config withConnectionWindowSize(int bytes) {
        return with(s -> {
            if (bytes < Http2Settings.DEFAULT_WINDOW) {
                throw new IllegalArgumentException("connectionWindowSize must be at least 65535, got " + bytes);
            }
            s.connectionWindowSize = bytes;
        });
    }

    /** Default 16,384; between 16,384 and 16,777,215. */
    public Http2Config withMaxFrameSize(int bytes) {
        return with(s -> {
            if (bytes < Http2Settings.MIN_MAX_FRAME_SIZE || bytes > Http2Settings.MAX_MAX_FRAME_SIZE) {
                throw new IllegalArgumentException("maxFrameSize must be within 16384 .. 16777215, got " + bytes);
            }
            s.maxFrameSize = bytes;
        });
    }

    /** Default 16 KiB (as HTTP/1.1's maxHeaderSize). */
    public Http2Config withMaxHeaderListSize(int bytes) {
        return with(s -> {
            s.maxHeaderListSize = positive("maxHeaderListSize", bytes);
        });
    }

    /** Default 4096. */
    public Http2Config withHeaderTableSize(int bytes) {
        return with(s -> {
            if (bytes < 0) {
                throw new IllegalArgumentException("headerTableSize cannot be negative, got " + bytes);
            }
            s.headerTableSize = bytes;
        });
    }

    /** Default 64 KiB. */
    public Http2Config withMaxHeaderBlockSize(int bytes) {
        return with(s -> {
            s.maxHeaderBlockSize = positive("maxHeaderBlockSize", bytes);
        });
    }

    /** Default 32. */
    public Http2Config withMaxContinuationFrames(int n) {
        return with(s -> {
            s.maxContinuationFrames = positive("maxContinuationFrames", n);
        });
    }

    /** Default 200 per 30 seconds. */
    public Http2Config withMaxResets(int n, Duration window) {
        return with(s -> {
            s.maxResetsPerWindow = positive("maxResets", n);
            s.resetWindow = positive("resetWindow", window);
        });
    }

    /** Default 1000. */
    public Http2Config withMaxQueuedControlFrames(int n) {
        return with(s -> {
            s.maxQueuedControlFrames = positive("maxQueuedControlFrames", n);
        });
    }

    /** Default 30 seconds. */
    public Http2Config withStallTimeout(Duration timeout) {
        return with(s -> {
            s.stallTimeout = positive("stallTimeout", timeout);
        });
    }

    /** Default 10 seconds. */
    public Http2Config withSettingsTimeout(Duration timeout) {
        return with(s -> {
            s.settingsTimeout = positive("settingsTimeout", timeout);
        });
    }

    /** Default 60 seconds. */
    public Http2Config withIdleTimeout(Duration timeout) {
        return with(s -> {
            s.idleTimeout = positive("idleTimeout", timeout);
        });
    }

    /**
     * Default on: announce SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441), so that a {@code WebSocketResource}
     * serves WebSocket over HTTP/2 streams as well as over HTTP/1.1 upgrades. Off: a request with
     * {@code :protocol} is malformed (RST_STREAM PROTOCOL_ERROR), and browsers open their WebSockets on
     * HTTP/1.1 connections of their own.
     */
    public Http2Config withConnectProtocol(boolean enabled) {
        return with(s -> {
            s.connectProtocol = enabled;
        });
    }

    /**
     * Default 128 KiB and 512 KiB: the watermarks of the connection below the streams. A connection carries
     * many streams, so it gets more room than a socket's default 64 KiB; with that default, a busy connection
     * (100 WebSockets echoing 16 KiB messages) stopped and restarted reading so often that each message cost
     * about three times the CPU (bench/ws-h2.sh, docs/benchmarks.md).
     */
    public Http2Config withConnectionWatermarks(int low, int high) {
        return with(s -> {
            if (low < 0 || high < low) {
                throw new IllegalArgumentException("connectionWatermarks need 0 <= low <= high, got " + low + ", " + high);
            }
            s.connectionLowWatermark = low;
            s.connectionHighWatermark = high;
        });
    }

    /** A copy of this configuration with one change. */
    private Http2Config with(Consumer<Settings> change) {
        Settings settings = new Settings(this);
        change.accept(settings);
        return new Http2Config(settings);
    }

    private static int positive(String name, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + n);
        }
        return n;
    }

    private static Duration positive(String name, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }

    /** The values while a copy is made (the defaults, or another configuration's). */
    private static final class Settings {
        int maxConcurrentStreams = 100;
        int initialWindowSize = 1 << 20;
        int connectionWindowSize = 4 << 20;
        int maxFrameSize = Http2Settings.MIN_MAX_FRAME_SIZE;
        int maxHeaderListSize = 16 * 1024;
        int headerTableSize = 4096;
        int maxHeaderBlockSize = 64 * 1024;
        int maxContinuationFrames = 32;
        int maxResetsPerWindow = 200;
        Duration resetWindow = Duration.ofSeconds(30);
        int maxQueuedControlFrames = 1000;
        Duration stallTimeout = Duration.ofSeconds(30);
        Duration settingsTimeout = Duration.ofSeconds(10);
        Duration idleTimeout = Duration.ofSeconds(60);
        boolean connectProtocol = true;
        int connectionLowWatermark = 128 * 1024;
        int connectionHighWatermark = 512 * 1024;

        Settings() {
        }

        Settings(Http2Config c) {
            maxConcurrentStreams = c.maxConcurrentStreams;
            initialWindowSize = c.initialWindowSize;
            connectionWindowSize = c.connectionWindowSize;
            maxFrameSize = c.maxFrameSize;
            maxHeaderListSize = c.maxHeaderListSize;
            headerTableSize = c.headerTableSize;
            maxHeaderBlockSize = c.maxHeaderBlockSize;
            maxContinuationFrames = c.maxContinuationFrames;
            maxResetsPerWindow = c.maxResetsPerWindow;
            resetWindow = c.resetWindow;
            maxQueuedControlFrames = c.maxQueuedControlFrames;
            stallTimeout = c.stallTimeout;
            settingsTimeout = c.settingsTimeout;
            idleTimeout = c.idleTimeout;
            connectProtocol = c.connectProtocol;
            connectionLowWatermark = c.connectionLowWatermark;
            connectionHighWatermark = c.connectionHighWatermark;
        }
    }
}
