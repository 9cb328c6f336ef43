package dev.torsion.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a {@link RedisBackplane}. Where Redis is and how to log in are the URI's
 * ({@code redis://[user:password@]host:port[/database]}, or {@code rediss://} for TLS); the rest has defaults.
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>setting</th><th>default</th><th>what</th></tr>
 *   <tr><td>{@link Builder#keyPrefix}</td><td>{@code torsion:}</td><td>prefix of every key and channel
 *       ({@code PREFIXstream:TOPIC}, {@code PREFIXchannel:TOPIC}): several applications share one Redis</td></tr>
 *   <tr><td>{@link Builder#retention}</td><td>last 10,000 messages per topic</td><td>what a topic's stream keeps for
 *       resuming subscribers</td></tr>
 *   <tr><td>{@link Builder#maxBufferedBytes}</td><td>8 MiB</td><td>payload bytes of publishes waiting for Redis (sent
 *       and not yet answered, or held while Redis is away); a publish beyond it fails at once</td></tr>
 *   <tr><td>{@link Builder#reconnectDelay}</td><td>50 ms to 5 s</td><td>backoff between reconnection attempts:
 *       exponential, with full jitter (a random delay between 0 and the step)</td></tr>
 *   <tr><td>{@link Builder#connectTimeout}</td><td>5 s</td><td>for each connection attempt</td></tr>
 *   <tr><td>{@link Builder#trustedCertificates}</td><td>the JDK's</td><td>with {@code rediss://}: PEM certificates to
 *       trust for Redis's (a private CA, a self-signed certificate)</td></tr>
 * </table>
 *
 * <p><b>Threading.</b> Immutable; {@link Builder} is not thread-safe.
 */
public final class RedisBackplaneConfig {

    final String uri;
    final String keyPrefix;
    final Retention retention;
    final long maxBufferedBytes;
    final Duration minReconnectDelay;
    final Duration maxReconnectDelay;
    final Duration connectTimeout;
    final java.nio.file.Path trustedCertificates;

    private RedisBackplaneConfig(Builder b) {
        this.uri = b.uri;
        this.keyPrefix = b.keyPrefix;
        this.retention = b.retention;
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.minReconnectDelay = b.minReconnectDelay;
        this.maxReconnectDelay = b.maxReconnectDelay;
        this.connectTimeout = b.connectTimeout;
        this.trustedCertificates = b.trustedCertificates;
    }

    /** Settings for the Redis at {@code uri} ({@code redis://...} or {@code rediss://...}). */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    public String uri() {
        return uri;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public Retention retention() {
        return retention;
    }

    public long maxBufferedBytes() {
        return maxBufferedBytes;
    }

    /** Configures a {@link RedisBackplaneConfig}. */
    public static final class Builder {
        private final String uri;
        private String keyPrefix = "torsion:";
        private Retention retention = Retention.DEFAULT;
        private long maxBufferedBytes = 8L * 1024 * 1024;
        private Duration minReconnectDelay = Duration.ofMillis(50);
        private Duration maxReconnectDelay = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private java.nio.file.Path trustedCertificates;

        private Builder(String uri) {
            Objects.requireNonNull(uri, "uri");
            if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
                throw new IllegalArgumentException("a Redis URI starts with redis:// or rediss:// (TLS), got \""
                        + uri + "\"");
            }
            this.uri = uri;
        }

        public Builder keyPrefix(String prefix) {
            this.keyPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        public Builder retention(Retention retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        public Builder maxBufferedBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBufferedBytes must be positive, got " + bytes);
            }
            this.maxBufferedBytes = bytes;
            return this;
        }

        public Builder reconnectDelay(Duration min, Duration max) {
            if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("reconnect delays must satisfy 0 < min <= max, got " + min
                        + " and " + max);
            }
            this.minReconnectDelay = min;
            this.maxReconnectDelay = max;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** With {@code rediss://}: trust the certificates in this PEM file (instead of the JDK's default CAs). */
        public Builder trustedCertificates(java.nio.file.Path pem) {
            this.trustedCertificates = Objects.requireNonNull(pem, "pem");
            return this;
        }

        public RedisBackplaneConfig build() {
            return new RedisBackplaneConfig(this);
        }
    }
}
