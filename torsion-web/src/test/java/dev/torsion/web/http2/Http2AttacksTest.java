package dev.torsion.web.http2;

import dev.torsion.reactor.ConnectionLost;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9113 section 10.5 and the known attacks on HTTP/2 servers, sans I/O: each is sent to a connection and
 * answered as docs/http2.md says (the end-to-end versions, with a second connection served meanwhile, are in
 * {@code Http2AttacksOverSocketsTest}).
 */
class Http2AttacksTest {

    @Test
    void rapid_reset_cve_2023_44487_ends_the_connection_with_enhance_your_calm() {
        ServerHarness h = new ServerHarness(Http2Config.defaults().withMaxResets(100, Duration.ofSeconds(30))).handshake();
        Wire attack = Wire.wire();
        for (int i = 0; i < 101; i++) {
            int id = 1 + 2 * i;
            attack.headers(id, false, true, Wire.get("/")).rst(id, ErrorCode.CANCEL);
        }
        h.send(attack);
        Wire.Frame goAway = h.only(FrameType.GOAWAY);
        assertThat(ErrorCode.of(goAway.errorCode())).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
        assertThat(goAway.debugText()).isEqualTo("more than 100 stream resets in PT30S");
        assertThat(h.transport.isDisconnecting()).isTrue();
        assertThat(h.connection.activeStreams()).isZero();
    }

    @Test
    void resets_spread_over_time_are_allowed() {
        ServerHarness h = new ServerHarness(Http2Config.defaults().withMaxResets(10, Duration.ofSeconds(1))).handshake();
        for (int round = 0; round < 5; round++) {
            Wire w = Wire.wire();
            for (int i = 0; i < 10; i++) {
                int id = 1 + 2 * (round * 10 + i);
                w.headers(id, false, true, Wire.get("/")).rst(id, ErrorCode.CANCEL);
            }
            h.send(w);
            h.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(h.transport.isDisconnecting()).isFalse();
    }

    @Test
    void continuation_flood_2024_is_cut_at_the_block_limit() {
        ServerHarness h = new ServerHarness().handshake();
        Wire flood = Wire.wire().headers(1, true, false, Wire.get("/"));
        byte[] junk = new byte[16_384];
        for (int i = 0; i < 5; i++) {
            flood.continuation(1, false, junk);
        }
        h.send(flood);
        Wire.Frame goAway = h.only(FrameType.GOAWAY);
        assertThat(ErrorCode.of(goAway.errorCode())).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
        assertThat(goAway.debugText()).isEqualTo("field block of stream 1 larger than 65536 bytes");
        assertThat(h.transport.isDisconnecting()).isTrue();
    }

    @Test
    void continuation_flood_of_empty_frames_is_cut_at_the_frame_limit() {
        ServerHarness h = new ServerHarness().handshake();
        Wire flood = Wire.wire().headers(1, true, false, Wire.get("/"));
        for (int i = 0; i < 33; i++) {
            flood.continuation(1, false, new byte[0]);
        }
        h.send(flood);
        assertThat(h.only(FrameType.GOAWAY).debugText()).isEqualTo("more than 32 CONTINUATION frames in one field block");
    }

    @Test
    void hpack_bomb_is_answered_431_and_the_connection_goes_on() {
        ServerHarness h = new ServerHarness().handshake();
        // a 4000-byte header into the dynamic table, then named 5000 times with one byte each: 20 MB decoded
        StringBuilder hex = new StringBuilder("40 01 78 7f a1 1e").append("61".repeat(4000)).append("be".repeat(5000));
        byte[] bomb = Hex.bytes(hex.toString());
        byte[] head = Wire.get("/");
        byte[] block = new byte[head.length + bomb.length];
        System.arraycopy(head, 0, block, 0, head.length);
        System.arraycopy(bomb, 0, block, head.length, bomb.length);
        h.send(Wire.wire().headers(1, true, false, java.util.Arrays.copyOfRange(block, 0, 5000))
                .continuation(1, true, java.util.Arrays.copyOfRange(block, 5000, block.length)));
        var frames = h.frames();
        assertThat(frames.get(0).headers().get(":status")).isEqualTo("431");
        assertThat(frames.get(0).has(FrameType.FLAG_END_STREAM)).isTrue();
        assertThat(h.streams).isEmpty();
        // the table still holds the entry the bomb put there: a later block naming it decodes
        h.send(Wire.wire().headers(3, true, true, concat(Wire.get("/next"), new byte[] {(byte) 0xbe})));
        assertThat(h.stream(0).requestHeaders.get("x")).hasSize(4000);
        assertThat(h.transport.isDisconnecting()).isFalse();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void ping_flood_while_not_reading_stops_reading_then_ends_the_connection() {
        ServerHarness h = new ServerHarness(Http2Config.defaults().withMaxQueuedControlFrames(100)
                .withConnectionWatermarks(32 * 1024, 64 * 1024)).handshake();
        h.transport.setSocketBlocked(true);
        Wire flood = Wire.wire();
        for (int i = 0; i < 5000; i++) {
            flood.ping(i);
        }
        h.send(flood);
        assertThat(h.transport.isAborted()).isTrue();
        assertThat(h.transport.bufferedAmount()).isZero();
    }

    @Test
    void settings_flood_while_not_reading_ends_the_connection() {
        ServerHarness h = new ServerHarness(Http2Config.defaults().withMaxQueuedControlFrames(100)).handshake();
        h.transport.setSocketBlocked(true);
        h.transport.setWatermarks(0, 64);
        Wire flood = Wire.wire();
        for (int i = 0; i < 5000; i++) {
            flood.settings(Http2Settings.MAX_CONCURRENT_STREAMS, i);
        }
        h.send(flood);
        assertThat(h.transport.isAborted()).isTrue();
    }

    @Test
    void pings_from_a_peer_that_reads_are_answered() {
        ServerHarness h = new ServerHarness(Http2Config.defaults().withMaxQueuedControlFrames(100)).handshake();
        Wire many = Wire.wire();
        for (int i = 0; i < 5000; i++) {
            many.ping(i);
        }
        h.send(many);
        assertThat(h.frames()).hasSize(5000);
        assertThat(h.transport.isDisconnecting()).isFalse();
    }

    @Test
    void zero_window_stall_resets_the_stream_after_the_stall_timeout() {
        ServerHarness h = new ServerHarness(Http2Config.defaults().withStallTimeout(Duration.ofSeconds(30)));
        h.send(Wire.wire().preface().settings(Http2Settings.INITIAL_WINDOW_SIZE, 0).settingsAck()
                .headers(1, true, true, Wire.get("/big")).headers(3, true, true, Wire.get("/small")));
        h.frames();
        ServerHarness.Recorder big = h.stream(0);
        big.stream.sendHeaders(new Http2Headers().add(":status", "200"), false);
        big.stream.write(ByteBuffer.allocate(1_000_000));
        h.clock.advance(Duration.ofSeconds(20));
        h.stream(1).stream.sendHeaders(new Http2Headers().add(":status", "204"), true);
        h.clock.advance(Duration.ofSeconds(10));
        var frames = h.frames();
        Wire.Frame rst = frames.stream().filter(f -> f.type() == FrameType.RST_STREAM).findFirst().orElseThrow();
        assertThat(rst.streamId()).isEqualTo(1);
        assertThat(ErrorCode.of(rst.errorCode())).isEqualTo(ErrorCode.CANCEL);
        assertThat(big.lost).isInstanceOf(ConnectionLost.class).hasMessageContaining("stalled");
        assertThat(big.stream.bufferedAmount()).isZero();
        assertThat(h.connection.activeStreams()).isZero();
        assertThat(h.transport.isDisconnecting()).isFalse();
    }

    @Test
    void a_stream_that_makes_progress_is_not_reset() {
        ServerHarness h = new ServerHarness(Http2Config.defaults().withStallTimeout(Duration.ofSeconds(30)));
        h.send(Wire.wire().preface().settings(Http2Settings.INITIAL_WINDOW_SIZE, 1000).settingsAck()
                .headers(1, true, true, Wire.get("/slow")));
        ServerHarness.Recorder slow = h.stream(0);
        slow.stream.sendHeaders(new Http2Headers().add(":status", "200"), false);
        slow.stream.write(ByteBuffer.allocate(10_000));
        for (int i = 0; i < 5; i++) {
            h.clock.advance(Duration.ofSeconds(20));
            h.send(Wire.wire().windowUpdate(1, 1000));
        }
        assertThat(slow.lost).isNull();
        assertThat(h.frames().stream().filter(f -> f.type() == FrameType.RST_STREAM)).isEmpty();
    }
}
