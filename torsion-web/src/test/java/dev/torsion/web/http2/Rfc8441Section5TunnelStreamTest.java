package dev.torsion.web.http2;

import dev.torsion.reactor.ConnectionDone;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8441 section 5 (and RFC 9113 section 8.5): a stream answered 2xx to an extended CONNECT is a tunnel.
 * Orderly TCP-level closure is END_STREAM, each side on its own (a half-close, never a reset while the peer
 * still sends); an abort is RST_STREAM CANCEL; a reset from the peer is the protocol's connection loss; flow
 * control holds both ways.
 */
class Rfc8441Section5TunnelStreamTest {

    private static final byte[] CONNECT = Wire.literals(":method", "CONNECT", ":protocol", "websocket",
            ":scheme", "http", ":path", "/chat", ":authority", "localhost");

    private ServerHarness h;

    /** A server with one extended CONNECT answered 200 and its stream made a tunnel. */
    private ServerHarness.Recorder tunnel(long... settings) {
        h = new ServerHarness().answerWith(r -> {
            r.stream.sendHeaders(new Http2Headers().add(":status", "200"), false);
            r.stream.useAsTunnel();
        });
        h.send(Wire.wire().preface().settings(settings).settingsAck().headers(1, false, true, CONNECT));
        List<Wire.Frame> out = h.frames().stream().filter(f -> f.streamId() == 1).toList();
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FrameType.HEADERS);
            assertThat(f.headers().get(":status")).isEqualTo("200");
            assertThat(f.has(FrameType.FLAG_END_STREAM)).isFalse();
        });
        return h.stream(0);
    }

    @Test
    void closing_this_side_is_end_stream_and_the_stream_closes_when_the_peer_ends_too() {
        ServerHarness.Recorder r = tunnel();
        r.stream.write(ByteBuffer.wrap("bye".getBytes()));
        r.stream.loseConnection();
        List<Wire.Frame> out = h.frames();
        assertThat(out).extracting(Wire.Frame::toString).containsExactly("DATA(1, flags=0x1, 3 bytes)");
        assertThat(r.stream.state()).isEqualTo(StreamState.HALF_CLOSED_LOCAL);
        assertThat(r.stream.isOpen()).isFalse();
        assertThat(r.lost).isNull();
        // the peer's last bytes still arrive, then its END_STREAM closes the stream
        h.send(Wire.wire().data(1, false, "last".getBytes()).data(1, true, new byte[0]));
        assertThat(r.body).hasToString("last");
        assertThat(r.events).endsWith("data 4", "eof", "lost ConnectionDone");
        assertThat(r.lost).isInstanceOf(ConnectionDone.class);
        assertThat(h.frames()).noneMatch(f -> f.type() == FrameType.RST_STREAM);
        assertThat(h.connection.activeStreams()).isZero();
    }

    @Test
    void the_peer_ending_first_is_eof_and_the_protocol_closing_answers_with_end_stream() {
        ServerHarness.Recorder r = tunnel();
        r.keepWritingOnEof = false;
        h.send(Wire.wire().data(1, true, new byte[0]));
        assertThat(r.events).containsExactly("made", "eof", "lost ConnectionDone");
        assertThat(h.frames()).extracting(Wire.Frame::toString).containsExactly("DATA(1, flags=0x1, 0 bytes)");
    }

    @Test
    void a_half_closed_tunnel_still_carries_the_other_way() {
        ServerHarness.Recorder r = tunnel();
        h.send(Wire.wire().data(1, true, "request".getBytes()));
        assertThat(r.events).containsExactly("made", "data 7", "eof");
        r.stream.write(ByteBuffer.wrap("answer".getBytes()));
        assertThat(h.frames()).extracting(Wire.Frame::toString).containsExactly("DATA(1, flags=0x0, 6 bytes)");
        r.stream.loseConnection();
        assertThat(h.frames()).extracting(Wire.Frame::toString).containsExactly("DATA(1, flags=0x1, 0 bytes)");
        assertThat(r.lost).isInstanceOf(ConnectionDone.class);
    }

    @Test
    void an_abort_is_rst_stream_cancel() {
        ServerHarness.Recorder r = tunnel();
        r.stream.abortConnection();
        Wire.Frame rst = h.only(FrameType.RST_STREAM);
        assertThat(ErrorCode.of(rst.errorCode())).isEqualTo(ErrorCode.CANCEL);
        assertThat(r.lost).hasMessageContaining("CANCEL");
    }

    @Test
    void a_reset_from_the_peer_is_the_protocols_connection_loss() {
        ServerHarness.Recorder r = tunnel();
        h.send(Wire.wire().rst(1, ErrorCode.CANCEL));
        assertThat(r.lost).isInstanceOf(StreamResetException.class).hasMessageContaining("CANCEL");
        assertThat(h.frames()).isEmpty();
    }

    @Test
    void sending_waits_for_the_peers_window() {
        ServerHarness.Recorder r = tunnel(Http2Settings.INITIAL_WINDOW_SIZE, 1000);
        r.stream.write(ByteBuffer.wrap(new byte[5000]));
        assertThat(h.frames()).extracting(Wire.Frame::toString).containsExactly("DATA(1, flags=0x0, 1000 bytes)");
        assertThat(r.stream.bufferedAmount()).isEqualTo(4000);
        h.send(Wire.wire().windowUpdate(1, 2500));
        assertThat(h.frames()).extracting(Wire.Frame::toString).containsExactly("DATA(1, flags=0x0, 2500 bytes)");
        r.stream.loseConnection();
        h.send(Wire.wire().windowUpdate(1, 10_000));
        assertThat(h.frames()).extracting(Wire.Frame::toString).containsExactly("DATA(1, flags=0x1, 1500 bytes)");
    }

    @Test
    void a_paused_protocol_gives_the_peer_no_more_window() {
        ServerHarness.Recorder r = tunnel();
        int frames = h.connection.localInitialWindow() / 16384 * 3 / 4;   // three quarters of the window
        r.stream.pauseReading();
        Wire data = Wire.wire();
        for (int i = 0; i < frames; i++) {
            data.data(1, false, new byte[16384]);
        }
        h.send(data);
        assertThat(h.frames()).noneMatch(f -> f.type() == FrameType.WINDOW_UPDATE && f.streamId() == 1);
        assertThat(r.body).isEmpty();
        r.stream.resumeReading();
        assertThat(r.body).hasSize(frames * 16384);
        assertThat(h.frames()).anyMatch(f -> f.type() == FrameType.WINDOW_UPDATE && f.streamId() == 1);
    }

    @Test
    void a_flush_notice_waits_for_the_peers_window_and_then_the_socket() {
        ServerHarness.Recorder r = tunnel(Http2Settings.INITIAL_WINDOW_SIZE, 1000);
        r.stream.write(ByteBuffer.wrap(new byte[3000]));
        long mark = r.stream.writeMark();
        assertThat(mark).isEqualTo(3000);
        assertThat(r.stream.notifyFlushed(mark)).isFalse();   // 2000 bytes wait for window
        h.frames();
        assertThat(r.events).doesNotContain("flushed");
        h.transport.setSocketBlocked(true);
        h.send(Wire.wire().windowUpdate(1, 5000));
        h.clock.runPending();
        assertThat(r.events).as("framed, but still in the socket's queue").doesNotContain("flushed");
        h.transport.setSocketBlocked(false);
        h.clock.runPending();
        assertThat(r.events).containsOnlyOnce("flushed");
        assertThat(r.stream.notifyFlushed(mark)).isTrue();
        assertThat(dataBytes(h.frames())).as("the 2000 bytes after the first 1000").isEqualTo(2000);
    }

    private static int dataBytes(List<Wire.Frame> frames) {
        return frames.stream().filter(f -> f.type() == FrameType.DATA).mapToInt(f -> f.payload().length).sum();
    }
}
