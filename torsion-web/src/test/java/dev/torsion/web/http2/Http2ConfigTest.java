package dev.torsion.web.http2;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Http2Config}'s withers: each changes its setting in a copy, and refuses a bad value by name. */
class Http2ConfigTest {

    @Test
    void eachWitherChangesOnlyItsSettingInACopy() {
        Http2Config c = Http2Config.defaults().withMaxConcurrentStreams(7).withInitialWindowSize(1000)
                .withConnectionWindowSize(70_000).withMaxFrameSize(20_000).withMaxHeaderListSize(2000)
                .withHeaderTableSize(0).withMaxHeaderBlockSize(3000).withMaxContinuationFrames(4)
                .withMaxResets(5, Duration.ofSeconds(6)).withMaxQueuedControlFrames(8)
                .withStallTimeout(Duration.ofSeconds(9)).withSettingsTimeout(Duration.ofSeconds(10))
                .withIdleTimeout(Duration.ofSeconds(11)).withConnectProtocol(false).withConnectionWatermarks(12, 13);
        assertThat(new Object[] {c.maxConcurrentStreams(), c.initialWindowSize(), c.connectionWindowSize(),
                c.maxFrameSize(), c.maxHeaderListSize(), c.headerTableSize(), c.maxHeaderBlockSize(),
                c.maxContinuationFrames(), c.maxResetsPerWindow(), c.resetWindow(), c.maxQueuedControlFrames(),
                c.stallTimeout(), c.settingsTimeout(), c.idleTimeout(), c.connectProtocol(), c.connectionLowWatermark(),
                c.connectionHighWatermark()})
                .containsExactly(7, 1000, 70_000, 20_000, 2000, 0, 3000, 4, 5, Duration.ofSeconds(6), 8,
                        Duration.ofSeconds(9), Duration.ofSeconds(10), Duration.ofSeconds(11), false, 12, 13);
        Http2Config d = Http2Config.defaults();
        assertThat(new Object[] {d.maxConcurrentStreams(), d.initialWindowSize(), d.connectProtocol(),
                d.connectionLowWatermark(), d.connectionHighWatermark()})
                .as("the defaults are untouched").containsExactly(100, 1 << 20, true, 128 * 1024, 512 * 1024);
    }

    @Test
    void aBadValueIsRefusedWithItsName() {
        Http2Config d = Http2Config.defaults();
        assertThatThrownBy(() -> d.withMaxConcurrentStreams(0)).hasMessage("maxConcurrentStreams must be positive, got 0");
        assertThatThrownBy(() -> d.withConnectionWindowSize(100))
                .hasMessage("connectionWindowSize must be at least 65535, got 100");
        assertThatThrownBy(() -> d.withMaxFrameSize(100)).hasMessage("maxFrameSize must be within 16384 .. 16777215, got 100");
        assertThatThrownBy(() -> d.withConnectionWatermarks(10, 5))
                .hasMessage("connectionWatermarks need 0 <= low <= high, got 10, 5");
        assertThatThrownBy(() -> d.withIdleTimeout(Duration.ZERO)).hasMessage("idleTimeout must be positive, got PT0S");
    }
}
