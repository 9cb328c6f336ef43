package dev.torsion.web;

import dev.torsion.web.http2.Http2Config;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits and timeouts of a {@link Site}, each with the answer the server gives when it is exceeded.
 *
 * <table>
 *   <caption>Limits and their defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>answer when exceeded</th></tr>
 *   <tr><td>{@link Builder#maxRequestLineLength}</td><td>8 KiB</td><td>414 URI Too Long</td></tr>
 *   <tr><td>{@link Builder#maxHeaderSize}</td><td>16 KiB (all header lines together)</td><td>431</td></tr>
 *   <tr><td>{@link Builder#maxHeaderCount}</td><td>100</td><td>431</td></tr>
 *   <tr><td>{@link Builder#maxBodySize}</td><td>8 MiB (bodies held in memory)</td><td>413</td></tr>
 *   <tr><td>{@link Builder#maxStreamedBodySize}</td><td>1 GiB (bodies given to a {@link BodyReceiver})</td><td>413</td></tr>
 *   <tr><td>{@link Builder#maxChunkHeaderLength}</td><td>1 KiB (a chunk-size line with its extensions)</td><td>400</td></tr>
 *   <tr><td>{@link Builder#headerTimeout}</td><td>30 s from the start of a request to the end of its headers</td><td>408, then close</td></tr>
 *   <tr><td>{@link Builder#bodyTimeout}</td><td>60 s without a byte while a request body is expected</td><td>408, then close</td></tr>
 *   <tr><td>{@link Builder#idleTimeout}</td><td>60 s between requests on a keep-alive connection</td><td>close</td></tr>
 * </table>
 *
 * <p>A malformed request gets 400 with {@code Connection: close}; an unsupported transfer coding gets 501.
 * {@link Builder#bareLfInHead} chooses whether a bare LF may end a line of the request head (default: yes);
 * the chunked framing always needs CRLF.
 *
 * <p><b>Threading and lifecycle.</b> Immutable; built once with {@link #builder()} and shared by every
 * connection of a site.
 */
public final class HttpConfig {

    private static final HttpConfig DEFAULTS = builder().build();

    private final int maxRequestLineLength;
    private final int maxHeaderSize;
    private final int maxHeaderCount;
    private final long maxBodySize;
    private final long maxStreamedBodySize;
    private final int maxChunkHeaderLength;
    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final Duration idleTimeout;
    private final String serverName;
    private final boolean bareLfInHead;
    private final Clock clock;
    private final Http2Config http2;

    private HttpConfig(Builder b) {
        this.maxRequestLineLength = b.maxRequestLineLength;
        this.maxHeaderSize = b.maxHeaderSize;
        this.maxHeaderCount = b.maxHeaderCount;
        this.maxBodySize = b.maxBodySize;
        this.maxStreamedBodySize = b.maxStreamedBodySize;
        this.maxChunkHeaderLength = b.maxChunkHeaderLength;
        this.headerTimeout = b.headerTimeout;
        this.bodyTimeout = b.bodyTimeout;
        this.idleTimeout = b.idleTimeout;
        this.serverName = b.serverName;
        this.http2 = b.http2;
        this.bareLfInHead = b.bareLfInHead;
        this.clock = b.clock;
    }

    /** The default configuration (see the table above). */
    public static HttpConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Longest request line accepted, in bytes, without its CRLF. */
    public int maxRequestLineLength() {
        return maxRequestLineLength;
    }

    /** Most bytes accepted for all header lines of a request together (and again for its trailers). */
    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    /** Most header lines accepted in a request (and again in its trailers). */
    public int maxHeaderCount() {
        return maxHeaderCount;
    }

    /** Largest request body accepted when the site holds it in memory for {@link Request#body()}. */
    public long maxBodySize() {
        return maxBodySize;
    }

    /** Largest request body accepted when a resource streams it through a {@link BodyReceiver}. */
    public long maxStreamedBodySize() {
        return maxStreamedBodySize;
    }

    /** Longest chunk-size line (size plus extensions) accepted in a chunked body. */
    public int maxChunkHeaderLength() {
        return maxChunkHeaderLength;
    }

    /** Time allowed from the start of a request until its last header line. */
    public Duration headerTimeout() {
        return headerTimeout;
    }

    /** Time allowed without receiving a byte while a request body is expected. */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** Time a keep-alive connection may wait for its next request. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The value of the default {@code Server} header, or null to send none. */
    public String serverName() {
        return serverName;
    }

    /**
     * True if a bare LF (without its CR) ends a line of the request head, the request line and the header
     * fields, as RFC 9112 section 2.2 allows a recipient to accept. The chunked body's framing (chunk-size
     * lines, the CRLF after chunk data, trailer lines) needs CRLF whatever this says: a bare LF there is
     * refused with 400, since a proxy that reads it differently would see another message end.
     */
    public boolean bareLfInHead() {
        return bareLfInHead;
    }

    /** The wall clock used for the {@code Date} header. */
    public Clock clock() {
        return clock;
    }

    /**
     * The limits of HTTP/2 connections (docs/http2.md), or null when HTTP/2 is off. With it on, a connection
     * whose TLS handshake agreed on {@code h2} by ALPN, or whose first bytes are the HTTP/2 preface on plain
     * TCP ({@code h2c} with prior knowledge), is served over HTTP/2; every other one over HTTP/1.1.
     */
    public Http2Config http2() {
        return http2;
    }

    /**
     * Builds an {@link HttpConfig}. Every setter checks its argument and names it in the exception.
     *
     * <p><b>Threading.</b> Not thread-safe; use it from one thread, then share the built config.
     */
    public static final class Builder {
        private int maxRequestLineLength = 8 * 1024;
        private int maxHeaderSize = 16 * 1024;
        private int maxHeaderCount = 100;
        private long maxBodySize = 8L * 1024 * 1024;
        private long maxStreamedBodySize = 1024L * 1024 * 1024;
        private int maxChunkHeaderLength = 1024;
        private Duration headerTimeout = Duration.ofSeconds(30);
        private Duration bodyTimeout = Duration.ofSeconds(60);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private String serverName = "Torsion";
        private boolean bareLfInHead = true;
        private Clock clock = Clock.systemUTC();
        private Http2Config http2 = Http2Config.defaults();

        private Builder() {
        }

        /** See {@link HttpConfig#maxRequestLineLength()}; default 8192. */
        public Builder maxRequestLineLength(int bytes) {
            this.maxRequestLineLength = positive("maxRequestLineLength", bytes);
            return this;
        }

        /** See {@link HttpConfig#maxHeaderSize()}; default 16384. */
        public Builder maxHeaderSize(int bytes) {
            this.maxHeaderSize = positive("maxHeaderSize", bytes);
            return this;
        }

        /** See {@link HttpConfig#maxHeaderCount()}; default 100. */
        public Builder maxHeaderCount(int count) {
            this.maxHeaderCount = positive("maxHeaderCount", count);
            return this;
        }

        /** See {@link HttpConfig#maxBodySize()}; default 8 MiB. */
        public Builder maxBodySize(long bytes) {
            if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxBodySize must be in [0, 2^31-9], got " + bytes);
            }
            this.maxBodySize = bytes;
            return this;
        }

        /** See {@link HttpConfig#maxStreamedBodySize()}; default 1 GiB. */
        public Builder maxStreamedBodySize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxStreamedBodySize must not be negative, got " + bytes);
            }
            this.maxStreamedBodySize = bytes;
            return this;
        }

        /** See {@link HttpConfig#maxChunkHeaderLength()}; default 1024. */
        public Builder maxChunkHeaderLength(int bytes) {
            this.maxChunkHeaderLength = positive("maxChunkHeaderLength", bytes);
            return this;
        }

        /** See {@link HttpConfig#headerTimeout()}; default 30 s. */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = positive("headerTimeout", timeout);
            return this;
        }

        /** See {@link HttpConfig#bodyTimeout()}; default 60 s. */
        public Builder bodyTimeout(Duration timeout) {
            this.bodyTimeout = positive("bodyTimeout", timeout);
            return this;
        }

        /** See {@link HttpConfig#idleTimeout()}; default 60 s. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive("idleTimeout", timeout);
            return this;
        }

        /** See {@link HttpConfig#serverName()}; default "Torsion", null for no Server header. */
        public Builder serverName(String name) {
            this.serverName = name;
            return this;
        }

        /**
         * See {@link HttpConfig#bareLfInHead()}; default true (accepted, as most servers do); false refuses a
         * head line ended by a bare LF with 400.
         */
        public Builder bareLfInHead(boolean accepted) {
            this.bareLfInHead = accepted;
            return this;
        }

        /** See {@link HttpConfig#clock()}; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** See {@link HttpConfig#http2()}; default {@link Http2Config#defaults()}, null to serve HTTP/1.1 only. */
        public Builder http2(Http2Config config) {
            this.http2 = config;
            return this;
        }

        /** The configuration. */
        public HttpConfig build() {
            return new HttpConfig(this);
        }

        private static int positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
