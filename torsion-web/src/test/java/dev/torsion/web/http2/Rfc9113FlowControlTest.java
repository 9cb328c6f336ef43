package dev.torsion.web.http2;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9113 sections 5.2 and 6.9: flow control on the connection and on each stream, in both directions;
 * SETTINGS_INITIAL_WINDOW_SIZE changes; window overflows; back-pressure on the stream's transport.
 */
class Rfc9113FlowControlTest {

    private static ServerHarness withClientWindow(int streamWindow) {
        ServerHarness h = new ServerHarness();
        h.send(Wire.wire().preface().settings(Http2Settings.INITIAL_WINDOW_SIZE, streamWindow).settingsAck());
        h.frames();
        return h;
    }

    private static int dataBytes(List<Wire.Frame> frames) {
        return frames.stream().filter(f -> f.type() == FrameType.DATA).mapToInt(f -> f.payload().length).sum();
    }

    private static void respond(ServerHarness h, int bytes) {
        Http2Stream s = h.stream(h.streams.size() - 1).stream;
        s.sendHeaders(new Http2Headers().add(":status", "200"), false);
        s.write(ByteBuffer.allocate(bytes));
        s.loseConnection();
        h.clock.runPending();
    }

    @Test
    void section_6_9_1_the_server_sends_no_more_than_the_stream_window() {
        ServerHarness h = withClientWindow(10);
        h.send(Wire.wire().headers(1, true, true, Wire.get("/")));
        respond(h, 25);
        List<Wire.Frame> frames = h.frames();
        assertThat(dataBytes(frames)).isEqualTo(10);
        h.send(Wire.wire().windowUpdate(1, 10));
        assertThat(dataBytes(h.frames())).isEqualTo(10);
        h.send(Wire.wire().windowUpdate(1, 100));
        List<Wire.Frame> last = h.frames();
        assertThat(dataBytes(last)).isEqualTo(5);
        assertThat(last.get(last.size() - 1).has(FrameType.FLAG_END_STREAM)).isTrue();
    }

    @Test
    void section_6_9_1_the_server_sends_no_more_than_the_connection_window() {
        ServerHarness h = withClientWindow(1 << 20);
        h.send(Wire.wire().headers(1, true, true, Wire.get("/a")));
        respond(h, 40_000);
        h.send(Wire.wire().headers(3, true, true, Wire.get("/b")));
        respond(h, 40_000);
        assertThat(dataBytes(h.frames())).isEqualTo(65_535);
        h.send(Wire.wire().windowUpdate(0, 14_465));
        assertThat(dataBytes(h.frames())).isEqualTo(14_465);
    }

    @Test
    void section_6_9_data_frames_respect_the_peers_max_frame_size_and_streams_take_turns() {
        ServerHarness h = withClientWindow(1 << 20);
        h.send(Wire.wire().windowUpdate(0, 1 << 20).headers(1, true, true, Wire.get("/a")).headers(3, true, true, Wire.get("/b")));
        h.frames();
        for (int i = 0; i < 2; i++) {
            Http2Stream s = h.stream(i).stream;
            s.sendHeaders(new Http2Headers().add(":status", "200"), false);
            s.write(ByteBuffer.allocate(40_000));
            s.loseConnection();
        }
        h.clock.runPending();
        List<Integer> order = h.frames().stream().filter(f -> f.type() == FrameType.DATA).map(Wire.Frame::streamId).toList();
        assertThat(order).startsWith(1, 3, 1, 3);
        assertThat(h.frames()).isEmpty();
    }

    @Test
    void section_6_9_2_a_settings_change_of_the_initial_window_adjusts_open_streams() {
        ServerHarness h = withClientWindow(10);
        h.send(Wire.wire().headers(1, true, true, Wire.get("/")));
        respond(h, 30);
        assertThat(dataBytes(h.frames())).isEqualTo(10);
        h.send(Wire.wire().settings(Http2Settings.INITIAL_WINDOW_SIZE, 5));   // window now 5 - 10 = -5
        h.send(Wire.wire().windowUpdate(1, 8));                                   // 3
        List<Wire.Frame> frames = h.frames();
        assertThat(dataBytes(frames)).isEqualTo(3);
        h.send(Wire.wire().settings(Http2Settings.INITIAL_WINDOW_SIZE, 100));   // +95
        assertThat(dataBytes(h.frames())).isEqualTo(17);
    }

    @Test
    void section_6_9_1_a_window_past_2_to_the_31_is_a_flow_control_error() {
        ServerHarness h = withClientWindow(10);
        h.send(Wire.wire().windowUpdate(0, Integer.MAX_VALUE));
        assertThat(ErrorCode.of(h.only(FrameType.GOAWAY).errorCode())).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);

        ServerHarness s = withClientWindow(10);
        s.send(Wire.wire().headers(1, false, true, Wire.get("/")).windowUpdate(1, Integer.MAX_VALUE));
        Wire.Frame rst = s.only(FrameType.RST_STREAM);
        assertThat(ErrorCode.of(rst.errorCode())).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
    }

    @Test
    void section_6_9_2_an_initial_window_change_past_2_to_the_31_is_a_flow_control_error() {
        ServerHarness h = withClientWindow(10);
        h.send(Wire.wire().headers(1, false, true, Wire.get("/")).windowUpdate(1, Integer.MAX_VALUE - 10)
                .settings(Http2Settings.INITIAL_WINDOW_SIZE, 11));
        assertThat(ErrorCode.of(h.only(FrameType.GOAWAY).errorCode())).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
    }

    private static byte[] post() {
        return Wire.block(":method", "POST", ":scheme", "http", ":path", "/", ":authority", "x");
    }

    @Test
    void section_6_9_1_a_client_past_the_servers_windows_is_a_flow_control_error() {
        // before the server's SETTINGS are acknowledged, the stream window is 65,535; the stream reads nothing
        ServerHarness h = new ServerHarness().answerWith(r -> r.stream.pauseReading());
        h.send(Wire.wire().preface().settings().headers(1, false, true, post()));
        Wire data = Wire.wire();
        for (int i = 0; i < 4; i++) {
            data.data(1, false, new byte[16_384]);
        }
        h.frames();
        h.send(data);
        Wire.Frame rst = h.only(FrameType.RST_STREAM);
        assertThat(ErrorCode.of(rst.errorCode())).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
    }

    @Test
    void section_6_9_the_server_credits_consumed_data_back_on_the_stream_and_the_connection() {
        ServerHarness h = new ServerHarness(Http2Config.defaults().withInitialWindowSize(65_535)
                .withConnectionWindowSize(65_535)).handshake();
        h.send(Wire.wire().headers(1, false, true, post()).data(1, false, new byte[16_384]).data(1, false, new byte[16_384]));
        List<Wire.Frame> updates = h.frames().stream().filter(f -> f.type() == FrameType.WINDOW_UPDATE).toList();
        assertThat(updates).extracting(Wire.Frame::streamId).containsExactlyInAnyOrder(1, 0);
        for (Wire.Frame u : updates) {
            assertThat(ByteBuffer.wrap(u.payload()).getInt()).isEqualTo(32_768);
        }
    }

    @Test
    void section_6_9_padding_is_credited_back_at_once() {
        ServerHarness h = new ServerHarness().handshake();
        byte[] padded = new byte[1 + 3 + 100];
        padded[0] = 100;
        padded[1] = 'a';
        h.send(Wire.wire().headers(1, false, true, post()).frame(FrameType.DATA, FrameType.FLAG_PADDED, 1, padded));
        Wire.Frame update = h.only(FrameType.WINDOW_UPDATE);
        assertThat(update.streamId()).isEqualTo(1);
        assertThat(ByteBuffer.wrap(update.payload()).getInt()).isEqualTo(101);
        assertThat(h.stream(0).body).hasSize(3);
    }

    @Test
    void a_paused_stream_gives_no_credit_and_holds_what_arrives() {
        ServerHarness h = new ServerHarness(Http2Config.defaults().withInitialWindowSize(65_535)).handshake();
        h.send(Wire.wire().headers(1, false, true, post()));
        ServerHarness.Recorder r = h.stream(0);
        r.stream.pauseReading();
        h.send(Wire.wire().data(1, false, new byte[16_000]).data(1, false, new byte[16_000]).data(1, false, new byte[8_000])
                .data(1, true, new byte[10]));
        assertThat(r.events).containsExactly("made");
        assertThat(h.frames().stream().filter(f -> f.type() == FrameType.WINDOW_UPDATE && f.streamId() == 1)).isEmpty();
        r.stream.resumeReading();
        assertThat(r.events).containsExactly("made", "data 16000", "data 16000", "data 8000", "data 10", "eof");
    }

    @Test
    void the_streams_transport_pushes_back_when_the_peer_gives_no_window() {
        ServerHarness h = withClientWindow(0);
        h.send(Wire.wire().headers(1, true, true, Wire.get("/")));
        ServerHarness.Recorder r = h.stream(0);
        r.stream.sendHeaders(new Http2Headers().add(":status", "200"), false);
        r.stream.write(ByteBuffer.allocate(70_000));
        assertThat(r.stream.isWritable()).isFalse();
        assertThat(r.stream.bufferedAmount()).isEqualTo(70_000);
        assertThat(r.events).contains("writable false");
        h.send(Wire.wire().windowUpdate(1, 40_000));
        assertThat(r.stream.bufferedAmount()).isEqualTo(30_000);
        assertThat(r.events).endsWith("writable true");
    }

    @Test
    void data_waits_while_the_tcp_connection_is_full_and_reading_stops() {
        ServerHarness h = withClientWindow(1 << 20);
        h.send(Wire.wire().windowUpdate(0, 1 << 20).headers(1, true, true, Wire.get("/")));
        h.transport.setSocketBlocked(true);
        respond(h, 1_000_000);
        // framing stops at the connection's high watermark (512 KiB by default) plus one frame
        assertThat(h.transport.bufferedAmount()).isLessThan(512 * 1024 + 17_000);
        assertThat(h.transport.isReadingPaused()).isTrue();
        h.transport.setSocketBlocked(false);
        h.clock.runPending();
        assertThat(h.transport.isReadingPaused()).isFalse();
        assertThat(dataBytes(h.frames())).isEqualTo(1_000_000);
    }
}
