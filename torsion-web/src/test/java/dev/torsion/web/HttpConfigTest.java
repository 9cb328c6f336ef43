package dev.torsion.web;

import dev.torsion.web.http2.Http2Config;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HttpConfig}'s withers: each changes its one setting in a copy, and refuses a bad value by name. */
class HttpConfigTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        HttpConfig d = HttpConfig.defaults();
        assertThat(d.maxRequestLineLength()).isEqualTo(8 * 1024);
        assertThat(d.maxHeaderSize()).isEqualTo(16 * 1024);
        assertThat(d.maxHeaderCount()).isEqualTo(100);
        assertThat(d.maxBodySize()).isEqualTo(8L << 20);
        assertThat(d.maxStreamedBodySize()).isEqualTo(1L << 30);
        assertThat(d.maxChunkHeaderLength()).isEqualTo(1024);
        assertThat(d.headerTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.bodyTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.serverName()).isEqualTo("Torsion");
        assertThat(d.bareLfInHead()).isTrue();
        assertThat(d.clock()).isEqualTo(Clock.systemUTC());
        assertThat(d.http2()).isNotNull();
    }

    @Test
    void eachWitherChangesOnlyItsSettingInACopy() {
        Clock fixed = Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC);
        Http2Config h2 = Http2Config.defaults();
        HttpConfig c = HttpConfig.defaults().withMaxRequestLineLength(1).withMaxHeaderSize(2).withMaxHeaderCount(3)
                .withMaxBodySize(4).withMaxStreamedBodySize(5).withMaxChunkHeaderLength(6)
                .withHeaderTimeout(Duration.ofSeconds(7)).withBodyTimeout(Duration.ofSeconds(8))
                .withIdleTimeout(Duration.ofSeconds(9)).withServerName(null).withBareLfInHead(false).withClock(fixed)
                .withHttp2(h2);
        assertThat(new Object[] {c.maxRequestLineLength(), c.maxHeaderSize(), c.maxHeaderCount(), c.maxBodySize(),
                c.maxStreamedBodySize(), c.maxChunkHeaderLength(), c.headerTimeout(), c.bodyTimeout(), c.idleTimeout(),
                c.serverName(), c.bareLfInHead(), c.clock(), c.http2()})
                .containsExactly(1, 2, 3, 4L, 5L, 6, Duration.ofSeconds(7), Duration.ofSeconds(8), Duration.ofSeconds(9),
                        null, false, fixed, h2);
        assertThat(HttpConfig.defaults().maxBodySize()).as("the defaults are untouched").isEqualTo(8L << 20);
        assertThat(c.withHttp2(null).http2()).as("HTTP/1.1 only").isNull();
        assertThat(c.withHttp2(null).maxBodySize()).isEqualTo(4L);
    }

    @Test
    void aBadValueIsRefusedWithItsName() {
        HttpConfig d = HttpConfig.defaults();
        assertThatThrownBy(() -> d.withMaxHeaderCount(0)).hasMessage("maxHeaderCount must be positive, got 0");
        assertThatThrownBy(() -> d.withMaxBodySize(-1)).hasMessage("maxBodySize must be in [0, 2^31-9], got -1");
        assertThatThrownBy(() -> d.withMaxStreamedBodySize(-1))
                .hasMessage("maxStreamedBodySize must not be negative, got -1");
        assertThatThrownBy(() -> d.withIdleTimeout(Duration.ZERO)).hasMessage("idleTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> d.withClock(null)).isInstanceOf(NullPointerException.class).hasMessage("clock");
    }
}
