package dev.torsion.web.http2;

import dev.torsion.reactor.ConnectionDone;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9113 sections 3.4, 5, 6 and 8 on a server connection, sans I/O: the preface and SETTINGS exchange,
 * requests and responses with bodies and trailers, CONTINUATION, the stream rules of section 5.1, PING,
 * GOAWAY and graceful shutdown, malformed requests, and the whole exchange fed at every split.
 */
class Rfc9113ConnectionTest {

    private static final byte[] GET = Wire.get("/");

    @Test
    void section_3_4_the_server_sends_its_settings_and_a_connection_window_at_once() {
        ServerHarness h = new ServerHarness();
        List<Wire.Frame> frames = h.frames();
        assertThat(frames).extracting(Wire.Frame::type).containsExactly(FrameType.SETTINGS, FrameType.WINDOW_UPDATE);
        ByteBuffer p = ByteBuffer.wrap(frames.get(0).payload());
        StringBuilder settings = new StringBuilder();
        while (p.hasRemaining()) {
            settings.append(p.getShort()).append('=').append(p.getInt()).append(' ');
        }
        assertThat(settings.toString()).isEqualTo("3=100 4=1048576 5=16384 6=16384 8=1 ");
        assertThat(ByteBuffer.wrap(frames.get(1).payload()).getInt()).isEqualTo((4 << 20) - 65_535);
    }

    @Test
    void section_3_4_a_bad_preface_is_a_protocol_error() {
        ServerHarness h = new ServerHarness();
        h.frames();
        h.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
        Wire.Frame goAway = h.only(FrameType.GOAWAY);
        assertThat(ErrorCode.of(goAway.errorCode())).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(goAway.debugText()).contains("preface");
        assertThat(h.transport.isDisconnecting()).isTrue();
    }

    @Test
    void section_3_4_the_first_frame_must_be_settings() {
        ServerHarness h = new ServerHarness();
        h.frames();
        h.send(Wire.wire().preface().ping(1));
        Wire.Frame goAway = h.only(FrameType.GOAWAY);
        assertThat(ErrorCode.of(goAway.errorCode())).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(goAway.debugText()).isEqualTo("the first frame was PING, not SETTINGS");
    }

    @Test
    void section_6_5_3_settings_are_acknowledged_and_applied() {
        ServerHarness h = new ServerHarness();
        h.frames();
        h.send(Wire.wire().preface().settings(Http2Settings.MAX_FRAME_SIZE, 20_000, Http2Settings.HEADER_TABLE_SIZE, 0));
        Wire.Frame ack = h.only(FrameType.SETTINGS);
        assertThat(ack.has(FrameType.FLAG_ACK)).isTrue();
        assertThat(ack.payload()).isEmpty();
        assertThat(h.connection.peerSettings().maxFrameSize()).isEqualTo(20_000);
        // a zero table: the next block starts with a size update to 0 (RFC 7541 section 4.2)
        h.send(Wire.wire().settingsAck().headers(1, true, true, GET));
        h.stream(0).respond("x");
        Wire.Frame headers = h.frames().get(0);
        assertThat(headers.payload()[0]).isEqualTo((byte) 0x20);
    }

    @Test
    void section_6_5_3_settings_not_acknowledged_in_time_is_a_settings_timeout() {
        ServerHarness h = new ServerHarness();
        h.send(Wire.wire().preface().settings());
        h.frames();
        h.clock.advance(Duration.ofSeconds(10));
        assertThat(ErrorCode.of(h.only(FrameType.GOAWAY).errorCode())).isEqualTo(ErrorCode.SETTINGS_TIMEOUT);
    }

    @Test
    void section_6_7_ping_is_answered_with_the_same_data() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().ping(0x0102030405060708L));
        Wire.Frame pong = h.only(FrameType.PING);
        assertThat(pong.has(FrameType.FLAG_ACK)).isTrue();
        assertThat(ByteBuffer.wrap(pong.payload()).getLong()).isEqualTo(0x0102030405060708L);
    }

    @Test
    void section_8_1_a_request_and_its_response() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().headers(1, true, true, Wire.get("/hello", "user-agent", "test")));
        ServerHarness.Recorder r = h.stream(0);
        assertThat(r.requestHeaders.get(":path")).isEqualTo("/hello");
        assertThat(r.requestHeaders.get("user-agent")).isEqualTo("test");
        assertThat(r.events).containsExactly("made", "eof");
        assertThat(r.stream.state()).isEqualTo(StreamState.HALF_CLOSED_REMOTE);
        r.respond("hello");
        List<Wire.Frame> frames = h.frames();
        assertThat(frames).extracting(Wire.Frame::type).containsExactly(FrameType.HEADERS, FrameType.DATA);
        assertThat(frames.get(0).headers().get(":status")).isEqualTo("200");
        assertThat(frames.get(1).has(FrameType.FLAG_END_STREAM)).isTrue();
        assertThat(new String(frames.get(1).payload())).isEqualTo("hello");
        assertThat(r.lost).isInstanceOf(ConnectionDone.class);
        assertThat(h.connection.activeStreams()).isZero();
    }

    @Test
    void section_8_1_a_request_body_and_trailers() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().headers(1, false, true, Wire.block(":method", "POST", ":scheme", "http", ":path", "/up",
                        ":authority", "x", "content-length", "11"))
                .data(1, false, "hello ".getBytes()).data(1, false, "world".getBytes())
                .headers(1, true, true, Wire.literals("checksum", "abc")));
        ServerHarness.Recorder r = h.stream(0);
        assertThat(r.body).hasToString("hello world");
        assertThat(r.events).containsExactly("made", "data 6", "data 5", "trailers", "eof");
        assertThat(r.trailers.get("checksum")).isEqualTo("abc");
    }

    @Test
    void section_8_1_trailers_on_the_response_follow_its_data() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().headers(1, true, true, GET));
        Http2Stream s = h.stream(0).stream;
        s.sendHeaders(new Http2Headers().add(":status", "200"), false);
        s.write(ByteBuffer.wrap("body".getBytes()));
        s.sendHeaders(new Http2Headers().add("grpc-status", "0"), true);
        List<Wire.Frame> frames = h.frames();
        assertThat(frames).extracting(Wire.Frame::type).containsExactly(FrameType.HEADERS, FrameType.DATA, FrameType.HEADERS);
        assertThat(frames.get(1).has(FrameType.FLAG_END_STREAM)).isFalse();
        assertThat(frames.get(2).has(FrameType.FLAG_END_STREAM)).isTrue();
        assertThat(frames.get(2).headers().get("grpc-status")).isEqualTo("0");
    }

    @Test
    void section_8_1_a_response_before_the_request_ends_resets_it_with_no_error() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().headers(1, false, true, Wire.block(":method", "POST", ":scheme", "http", ":path", "/", ":authority", "x")));
        h.stream(0).respond("early");
        List<Wire.Frame> frames = h.frames();
        assertThat(frames).extracting(Wire.Frame::type).containsExactly(FrameType.HEADERS, FrameType.DATA, FrameType.RST_STREAM);
        assertThat(ErrorCode.of(frames.get(2).errorCode())).isEqualTo(ErrorCode.NO_ERROR);
        h.send(Wire.wire().data(1, true, "late".getBytes()));
        assertThat(h.frames()).as("data in flight after the reset is ignored").isEmpty();
    }

    @Test
    void section_6_10_a_header_block_continues_in_continuation_frames() {
        ServerHarness h = new ServerHarness().handshake();
        byte[] block = Wire.get("/split", "x-long", "v".repeat(100));
        byte[] a = java.util.Arrays.copyOfRange(block, 0, 10);
        byte[] b = java.util.Arrays.copyOfRange(block, 10, 50);
        byte[] c = java.util.Arrays.copyOfRange(block, 50, block.length);
        h.send(Wire.wire().headers(1, true, false, a).continuation(1, false, b).continuation(1, true, c));
        assertThat(h.stream(0).requestHeaders.get(":path")).isEqualTo("/split");
        assertThat(h.stream(0).requestHeaders.get("x-long")).hasSize(100);
    }

    @Test
    void section_6_10_another_frame_inside_a_header_block_is_a_protocol_error() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().headers(1, true, false, Wire.get("/")).ping(1));
        assertThat(h.only(FrameType.GOAWAY).debugText()).isEqualTo("PING frame while the field block of stream 1 waits for CONTINUATION");
    }

    @Test
    void section_6_10_continuation_on_another_stream_or_without_headers_is_a_protocol_error() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().headers(1, true, false, Wire.get("/")).continuation(3, true, new byte[0]));
        assertThat(ErrorCode.of(h.only(FrameType.GOAWAY).errorCode())).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        ServerHarness h2 = new ServerHarness().handshake();
        h2.send(Wire.wire().continuation(1, true, GET));
        assertThat(h2.only(FrameType.GOAWAY).debugText()).contains("without a HEADERS frame");
    }

    private static void expectConnectionError(Wire frames, ErrorCode code, String text) {
        ServerHarness h = new ServerHarness().handshake();
        h.send(frames);
        Wire.Frame goAway = h.only(FrameType.GOAWAY);
        assertThat(ErrorCode.of(goAway.errorCode())).isEqualTo(code);
        assertThat(goAway.debugText()).contains(text);
        assertThat(h.transport.isDisconnecting()).isTrue();
    }

    private static Wire.Frame expectStreamError(Wire frames, int streamId) {
        ServerHarness h = new ServerHarness().handshake();
        h.send(frames);
        List<Wire.Frame> out = h.frames().stream().filter(f -> f.type() == FrameType.RST_STREAM).toList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).streamId()).isEqualTo(streamId);
        assertThat(h.transport.isDisconnecting()).isFalse();
        return out.get(0);
    }

    @Test
    void section_5_1_frames_on_idle_streams_are_protocol_errors() {
        expectConnectionError(Wire.wire().data(1, true, new byte[1]), ErrorCode.PROTOCOL_ERROR, "DATA on idle stream 1");
        expectConnectionError(Wire.wire().rst(1, ErrorCode.CANCEL), ErrorCode.PROTOCOL_ERROR, "RST_STREAM on idle stream 1");
        expectConnectionError(Wire.wire().windowUpdate(1, 1), ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream 1");
    }

    @Test
    void section_5_1_1_stream_identifiers_from_a_client_are_odd_and_increasing() {
        expectConnectionError(Wire.wire().headers(2, true, true, GET), ErrorCode.PROTOCOL_ERROR, "an identifier of this end's");
        expectConnectionError(Wire.wire().headers(5, true, true, GET).headers(3, true, true, GET),
                ErrorCode.STREAM_CLOSED, "HEADERS on closed stream 3");
    }

    @Test
    void section_5_1_data_after_end_stream_is_stream_closed() {
        Wire.Frame rst = expectStreamError(Wire.wire().headers(1, true, true, GET).data(1, false, new byte[3]), 1);
        assertThat(ErrorCode.of(rst.errorCode())).isEqualTo(ErrorCode.STREAM_CLOSED);
    }

    @Test
    void section_5_1_headers_after_end_stream_is_stream_closed() {
        Wire.Frame rst = expectStreamError(Wire.wire().headers(1, true, true, GET).headers(1, true, true, Wire.literals("a", "b")), 1);
        assertThat(ErrorCode.of(rst.errorCode())).isEqualTo(ErrorCode.STREAM_CLOSED);
    }

    @Test
    void section_5_1_frames_on_a_stream_the_peer_reset_are_ignored_or_stream_closed() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().headers(1, false, true, GET).rst(1, ErrorCode.CANCEL));
        assertThat(h.stream(0).lost).isInstanceOf(StreamResetException.class);
        assertThat(((StreamResetException) h.stream(0).lost).code()).isEqualTo(ErrorCode.CANCEL);
        h.frames();
        h.send(Wire.wire().windowUpdate(1, 10).rst(1, ErrorCode.CANCEL).frame(FrameType.PRIORITY, 0, 1, new byte[5]));
        assertThat(h.frames()).isEmpty();
        assertThat(h.transport.isDisconnecting()).isFalse();
    }

    @Test
    void section_5_1_2_streams_past_max_concurrent_streams_are_refused() {
        ServerHarness h = new ServerHarness(Http2Config.defaults().withMaxConcurrentStreams(2)).handshake();
        h.send(Wire.wire().headers(1, true, true, GET).headers(3, true, true, GET).headers(5, true, true, GET));
        Wire.Frame rst = h.only(FrameType.RST_STREAM);
        assertThat(rst.streamId()).isEqualTo(5);
        assertThat(ErrorCode.of(rst.errorCode())).isEqualTo(ErrorCode.REFUSED_STREAM);
        h.stream(0).respond("a");
        h.send(Wire.wire().headers(7, true, true, GET));
        assertThat(h.streams).hasSize(3);
    }

    @Test
    void section_5_3_1_a_stream_depending_on_itself_is_a_stream_error() {
        Wire.Frame rst = expectStreamError(Wire.wire().frame(FrameType.PRIORITY, 0, 1, new byte[] {0, 0, 0, 1, 16}), 1);
        assertThat(ErrorCode.of(rst.errorCode())).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void section_5_5_unknown_frame_types_are_ignored() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().frame(0xfa, 0xff, 1, new byte[] {1, 2, 3}).ping(5));
        assertThat(h.only(FrameType.PING)).isNotNull();
    }

    @Test
    void section_6_2_a_block_that_hpack_cannot_decode_is_a_compression_error() {
        expectConnectionError(Wire.wire().headers(1, true, true, new byte[] {(byte) 0xff, (byte) 0xff}),
                ErrorCode.COMPRESSION_ERROR, "cannot be decoded");
    }

    @Test
    void section_6_6_push_promise_from_a_client_is_a_protocol_error() {
        expectConnectionError(Wire.wire().frame(FrameType.PUSH_PROMISE, FrameType.FLAG_END_HEADERS, 1, new byte[] {0, 0, 0, 2}),
                ErrorCode.PROTOCOL_ERROR, "a client sent PUSH_PROMISE");
    }

    @Test
    void section_8_2_malformed_requests_are_reset_with_protocol_error() {
        String[][] cases = {
            {":method", "GET", ":scheme", "http", ":path", "/", ":authority", "x", "Upper", "1"},
            {":method", "GET", ":scheme", "http", ":path", "/", ":authority", "x", "connection", "close"},
            {":method", "GET", ":scheme", "http", ":path", "/", ":authority", "x", "te", "gzip"},
            {":method", "GET", ":scheme", "http", ":authority", "x", "a", "b"},
            {":method", "GET", ":scheme", "http", ":path", "", ":authority", "x"},
            {":method", "GET", ":scheme", "http", ":path", "/", "a", "b", ":authority", "x"},
            {":method", "GET", ":method", "GET", ":scheme", "http", ":path", "/"},
            {":method", "GET", ":scheme", "http", ":path", "/", ":status", "200"},
            {":method", "GET", ":scheme", "http", ":path", "/", ":protocol", "websocket"},
            {":method", "GET", ":scheme", "http", ":path", "/", "x", " padded"},
            {":method", "CONNECT", ":scheme", "http", ":path", "/", ":authority", "x"},
        };
        for (String[] c : cases) {
            ServerHarness h = new ServerHarness().handshake();
            h.send(Wire.wire().headers(1, true, true, Wire.literals(c)));
            Wire.Frame rst = h.only(FrameType.RST_STREAM);
            assertThat(ErrorCode.of(rst.errorCode())).as(String.join(" ", c)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            assertThat(h.streams).isEmpty();
        }
    }

    @Test
    void section_8_1_1_a_body_that_does_not_match_content_length_is_malformed() {
        byte[] post = Wire.block(":method", "POST", ":scheme", "http", ":path", "/", ":authority", "x", "content-length", "3");
        Wire.Frame rst = expectStreamError(Wire.wire().headers(1, false, true, post).data(1, true, new byte[2]), 1);
        assertThat(ErrorCode.of(rst.errorCode())).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        expectStreamError(Wire.wire().headers(1, false, true, post).data(1, false, new byte[4]), 1);
    }

    @Test
    void section_6_8_graceful_shutdown_drains_open_streams_then_closes() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().headers(1, true, true, GET).headers(3, true, true, GET));
        h.connection.shutdownRequested();
        Wire.Frame goAway = h.only(FrameType.GOAWAY);
        assertThat(ErrorCode.of(goAway.errorCode())).isEqualTo(ErrorCode.NO_ERROR);
        assertThat(ByteBuffer.wrap(goAway.payload()).getInt()).isEqualTo(3);
        assertThat(h.stream(0).events).contains("shutdown");
        h.send(Wire.wire().headers(5, true, true, GET));
        assertThat(h.streams).as("a stream after the last announced is ignored").hasSize(2);
        h.stream(0).respond("a");
        assertThat(h.transport.isDisconnecting()).isFalse();
        h.stream(1).respond("b");
        assertThat(h.frames()).extracting(Wire.Frame::type).containsExactly(FrameType.HEADERS, FrameType.DATA,
                FrameType.HEADERS, FrameType.DATA);
        assertThat(h.transport.isDisconnecting()).isTrue();
    }

    @Test
    void section_6_8_goaway_from_the_client_closes_once_its_streams_are_answered() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().headers(1, true, true, GET).goAway(0, ErrorCode.NO_ERROR));
        assertThat(h.transport.isDisconnecting()).isFalse();
        h.stream(0).respond("a");
        assertThat(h.transport.isDisconnecting()).isTrue();
    }

    @Test
    void an_idle_connection_is_closed_with_goaway_no_error() {
        ServerHarness h = new ServerHarness(Http2Config.defaults().withIdleTimeout(Duration.ofSeconds(5))).handshake();
        h.clock.advance(Duration.ofSeconds(5));
        assertThat(ErrorCode.of(h.only(FrameType.GOAWAY).errorCode())).isEqualTo(ErrorCode.NO_ERROR);
        assertThat(h.transport.isDisconnecting()).isTrue();
    }

    @Test
    void streams_get_connection_lost_when_the_connection_ends_first() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().headers(1, false, true, GET));
        h.transport.simulateConnectionLost(new dev.torsion.reactor.ConnectionLost("reset by peer"));
        assertThat(h.stream(0).lost).isInstanceOf(dev.torsion.reactor.ConnectionLost.class)
                .hasMessageContaining("before stream 1");
    }

    /** The whole client side of an exchange, for the split tests. */
    private static byte[] exchange() {
        byte[] block = Wire.block(":method", "POST", ":scheme", "http", ":path", "/a", ":authority", "x",
                "content-length", "10");
        return Wire.wire().preface().settings(Http2Settings.INITIAL_WINDOW_SIZE, 100_000).settingsAck()
                .headers(1, false, false, java.util.Arrays.copyOfRange(block, 0, 7))
                .continuation(1, true, java.util.Arrays.copyOfRange(block, 7, block.length))
                .ping(42).data(1, false, "01234".getBytes()).frame(FrameType.PRIORITY, 0, 3, new byte[] {0, 0, 0, 1, 1})
                .data(1, false, "56789".getBytes()).headers(1, true, true, Wire.literals("t", "1"))
                .headers(3, true, true, Wire.get("/b")).bytes();
    }

    private static String transcript(List<byte[]> pieces) {
        ServerHarness h = new ServerHarness().answerWith(r -> { });
        for (byte[] p : pieces) {
            h.send(p);
        }
        StringBuilder sb = new StringBuilder();
        for (Wire.Frame f : h.frames()) {
            sb.append(f).append('\n');
        }
        for (ServerHarness.Recorder r : h.streams) {
            sb.append(r.requestHeaders.get(":path")).append(' ').append(r.events).append(' ').append(r.body).append('\n');
        }
        return sb.toString();
    }

    @Test
    void section_4_1_the_exchange_fed_at_every_split_gives_the_same_result() {
        byte[] wire = exchange();
        String whole = transcript(List.of(wire));
        assertThat(whole).contains("/a [made, data 5, data 5, trailers, eof] 0123456789").contains("/b [made, eof]");
        for (int at = 1; at < wire.length; at++) {
            assertThat(transcript(List.of(java.util.Arrays.copyOfRange(wire, 0, at),
                    java.util.Arrays.copyOfRange(wire, at, wire.length)))).as("cut at %d", at).isEqualTo(whole);
        }
        List<byte[]> bytes = new java.util.ArrayList<>();
        for (byte b : wire) {
            bytes.add(new byte[] {b});
        }
        assertThat(transcript(bytes)).as("byte by byte").isEqualTo(whole);
    }
}
