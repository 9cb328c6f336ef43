package dev.torsion.web;

import dev.torsion.web.http2.Http2Config;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The limits and timeouts of a {@link Site}, each with the answer the server gives when it is exceeded.
 *
 * <table>
 *   <caption>Limits and their defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>answer when exceeded</th></tr>
 *   <tr><td>{@link #withMaxRequestLineLength}</td><td>8 KiB</td><td>414 URI Too Long</td></tr>
 *   <tr><td>{@link #withMaxHeaderSize}</td><td>16 KiB (all header lines together)</td><td>431</td></tr>
 *   <tr><td>{@link #withMaxHeaderCount}</td><td>100</td><td>431</td></tr>
 *   <tr><td>{@link #withMaxBodySize}</td><td>8 MiB (bodies held in memory)</td><td>413</td></tr>
 *   <tr><td>{@link #withMaxStreamedBodySize}</td><td>1 GiB (bodies given to a {@link BodyReceiver})</td><td>413</td></tr>
 *   <tr><td>{@link #withMaxChunkHeaderLength}</td><td>1 KiB (a chunk-size line with its extensions)</td><td>400</td></tr>
 *   <tr><td>{@link #withHeaderTimeout}</td><td>30 s from the start of a request to the end of its headers</td><td>408, then close</td></tr>
 *   <tr><td>{@link #withBodyTimeout}</td><td>60 s without a byte while a request body is expected</td><td>408, then close</td></tr>
 *   <tr><td>{@link #withIdleTimeout}</td><td>60 s between requests on a keep-alive connection</td><td>close</td></tr>
 * </table>
 *
 * <p>A malformed request gets 400 with {@code Connection: close}; an unsupported transfer coding gets 501.
 * {@link #withBareLfInHead} chooses whether a bare LF may end a line of the request head (default: yes);
 * the chunked framing always needs CRLF.
 *
 * <p>Start from {@link #defaults()} and change what differs, each {@code withX} giving a copy (as
 * {@code ReactorConfig}, {@code TlsConfig} and {@code WebSocketConfig} do):
 * {@code HttpConfig.defaults().withMaxBodySize(64 << 20).withIdleTimeout(Duration.ofSeconds(10))}. Every
 * {@code withX} checks its argument and names it in the exception.
 *
 * <p><b>Threading and lifecycle.</b> Immutable; made once and shared by every connection of a site.
 */
public final class HttpConfig {

    private static final HttpConfig DEFAULTS = new HttpConfig(new Settings());

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

    private HttpConfig(Settings b) {
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

    /** See {@link #maxRequestLineLength()}; default 8192. */
    public HttpConfig withMaxRequestLineLength(int bytes) {
        int checked = positive("maxRequestLineLength", bytes);
        return with(s -> s.maxRequestLineLength = checked);
    }

    /** See {@link #maxHeaderSize()}; default 16384. */
    public HttpConfig withMaxHeaderSize(int bytes) {
        int checked = positive("maxHeaderSize", bytes);
        return with(s -> s.maxHeaderSize = checked);
    }

    /** See {@link #maxHeaderCount()}; default 100. */
    public HttpConfig withMaxHeaderCount(int count) {
        int checked = positive("maxHeaderCount", count);
        return with(s -> s.maxHeaderCount = checked);
    }

    /** See {@link #maxBodySize()}; default 8 MiB. */
    public HttpConfig withMaxBodySize(long bytes) {
        if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBodySize must be in [0, 2^31-9], got " + bytes);
        }
        return with(s -> s.maxBodySize = bytes);
    }

    /** See {@link #maxStreamedBodySize()}; default 1 GiB. */
    public HttpConfig withMaxStreamedBodySize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxStreamedBodySize must not be negative, got " + bytes);
        }
        return with(s -> s.maxStreamedBodySize = bytes);
    }

    /** See {@link #maxChunkHeaderLength()}; default 1024. */
    public HttpConfig withMaxChunkHeaderLength(int bytes) {
        int checked = positive("maxChunkHeaderLength", bytes);
        return with(s -> s.maxChunkHeaderLength = checked);
    }

    /** See {@link #headerTimeout()}; default 30 s. */
    public HttpConfig withHeaderTimeout(Duration timeout) {
        Duration checked = positive("headerTimeout", timeout);
        return with(s -> s.headerTimeout = checked);
    }

    /** See {@link #bodyTimeout()}; default 60 s. */
    public HttpConfig withBodyTimeout(Duration timeout) {
        Duration checked = positive("bodyTimeout", timeout);
        return with(s -> s.bodyTimeout = checked);
    }

    /** See {@link #idleTimeout()}; default 60 s. */
    public HttpConfig withIdleTimeout(Duration timeout) {
        Duration checked = positive("idleTimeout", timeout);
        return with(s -> s.idleTimeout = checked);
    }

    /** See {@link #serverName()}; default "Torsion", null for no Server header. */
    public HttpConfig withServerName(String name) {
        return with(s -> s.serverName = name);
    }

    /**
     * See {@link #bareLfInHead()}; default true (accepted, as most servers do); false refuses a head line ended
     * by a bare LF with 400.
     */
    public HttpConfig withBareLfInHead(boolean accepted) {
        return with(s -> s.bareLfInHead = accepted);
    }

    /** See {@link #clock()}; default {@link Clock#systemUTC()}. */
    public HttpConfig withClock(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return with(s -> s.clock = clock);
    }

    /** See {@link #http2()}; default {@link Http2Config#defaults()}, null to serve HTTP/1.1 only. */
    public HttpConfig withHttp2(Http2Config config) {
        return with(s -> s.http2 = config);
    }

    /** A copy of this configuration with one change. */
    private HttpConfig with(Consumer<Settings> change) {
        Settings settings = new Settings(this);
        change.accept(settings);
        return new HttpConfig(settings);
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

    /** The values while a copy is made (the defaults, or another configuration's). */
    private static final class Settings {
        int maxRequestLineLength = 8 * 1024;
        int maxHeaderSize = 16 * 1024;
        int maxHeaderCount = 100;
        long maxBodySize = 8L * 1024 * 1024;
        long maxStreamedBodySize = 1024L * 1024 * 1024;
        int maxChunkHeaderLength = 1024;
        Duration headerTimeout = Duration.ofSeconds(30);
        Duration bodyTimeout = Duration.ofSeconds(60);
        Duration idleTimeout = Duration.ofSeconds(60);
        String serverName = "Torsion";
        boolean bareLfInHead = true;
        Clock clock = Clock.systemUTC();
        Http2Config http2 = Http2Config.defaults();

        Settings() {
        }

        Settings(HttpConfig c) {
            maxRequestLineLength = c.maxRequestLineLength;
            maxHeaderSize = c.maxHeaderSize;
            maxHeaderCount = c.maxHeaderCount;
            maxBodySize = c.maxBodySize;
            maxStreamedBodySize = c.maxStreamedBodySize;
            maxChunkHeaderLength = c.maxChunkHeaderLength;
            headerTimeout = c.headerTimeout;
            bodyTimeout = c.bodyTimeout;
            idleTimeout = c.idleTimeout;
            serverName = c.serverName;
            bareLfInHead = c.bareLfInHead;
            clock = c.clock;
            http2 = c.http2;
        }
    }
}
