package dev.torsion.web.http2;

import dev.torsion.protocols.Echo;
import dev.torsion.reactor.ConnectionDone;
import dev.torsion.reactor.Transport;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@link Protocol} that knows nothing of HTTP/2 (Twisted's {@code Echo}) running on a stream as on a
 * TCP connection: the stream is its {@link Transport} (the shape RFC 8441 will run WebSocket on). Data in
 * DATA frames, END_STREAM as EOF, back-pressure through the watermarks, and close mapped onto the stream.
 */
class Http2StreamTransportTest {

    final FakeClock clock = new FakeClock();
    final MemoryTransport tcp = new MemoryTransport(clock);
    final Wire.Reader reader = new Wire.Reader();
    final List<StreamEcho> protocols = new ArrayList<>();

    /** Echo, which knows nothing of HTTP/2, with its transport visible to the test. */
    final class StreamEcho extends Echo {
        Http2Stream stream() {
            return (Http2Stream) transport;
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost.add(reason);
        }
    }
    final List<Throwable> lost = new ArrayList<>();

    Http2StreamTransportTest() {
        Http2Connection connection = new Http2Connection(Http2Connection.Role.SERVER, Http2Config.defaults(),
                (stream, headers, endStream) -> {
                    stream.sendHeaders(new Http2Headers().add(":status", "200"), false);
                    StreamEcho echo = new StreamEcho();
                    protocols.add(echo);
                    return echo;
                });
        tcp.connect(connection);
        tcp.receive(Wire.wire().preface().settings().settingsAck()
                .headers(1, false, true, Wire.block(":method", "POST", ":scheme", "http", ":path", "/echo",
                        ":authority", "x")).bytes());
        frames();
    }

    List<Wire.Frame> frames() {
        clock.runPending();
        return reader.read(tcp.takeWritten());
    }

    @Test
    void data_frames_are_the_protocols_bytes_both_ways() {
        tcp.receive(Wire.wire().data(1, false, "hello".getBytes()).data(1, false, " world".getBytes()).bytes());
        List<Wire.Frame> out = frames();
        assertThat(out).extracting(Wire.Frame::type).containsOnly(FrameType.DATA);
        StringBuilder echoed = new StringBuilder();
        out.forEach(f -> echoed.append(new String(f.payload())));
        assertThat(echoed).hasToString("hello world");
        assertThat(out).as("one read, one DATA frame").hasSize(1);
    }

    @Test
    void end_stream_is_eof_and_the_protocol_closing_ends_the_stream() {
        tcp.receive(Wire.wire().data(1, true, "bye".getBytes()).bytes());
        List<Wire.Frame> out = frames();
        // Echo keeps no half-open side: EOF makes the transport flush and close, so END_STREAM follows the echo
        Wire.Frame last = out.get(out.size() - 1);
        assertThat(last.type()).isEqualTo(FrameType.DATA);
        assertThat(last.has(FrameType.FLAG_END_STREAM)).isTrue();
        assertThat(new String(last.payload())).isEqualTo("bye");
        assertThat(lost).singleElement().isInstanceOf(ConnectionDone.class);
    }

    @Test
    void a_reset_from_the_peer_is_connection_lost_with_its_code() {
        tcp.receive(Wire.wire().rst(1, ErrorCode.CANCEL).bytes());
        assertThat(lost).singleElement().isInstanceOf(StreamResetException.class);
        assertThat(((StreamResetException) lost.get(0)).code()).isEqualTo(ErrorCode.CANCEL);
    }

    @Test
    void abort_resets_the_stream_with_cancel() {
        Http2Stream stream = protocols.get(0).stream();
        stream.abortConnection();
        Wire.Frame rst = frames().get(0);
        assertThat(rst.type()).isEqualTo(FrameType.RST_STREAM);
        assertThat(ErrorCode.of(rst.errorCode())).isEqualTo(ErrorCode.CANCEL);
        assertThat(stream.isOpen()).isFalse();
    }

    @Test
    void the_transport_reports_addresses_scheduler_and_watermarks_like_a_socket() {
        Http2Stream stream = protocols.get(0).stream();
        assertThat(stream.remoteAddress()).isEqualTo(tcp.remoteAddress());
        assertThat(stream.localAddress()).isEqualTo(tcp.localAddress());
        assertThat(stream.scheduler()).isSameAs(clock);
        assertThat(stream.supportsSendFile()).isFalse();
        stream.setWatermarks(10, 20);
        tcp.receive(Wire.wire().settings(Http2Settings.INITIAL_WINDOW_SIZE, 0).bytes());
        stream.write(ByteBuffer.allocate(30));
        assertThat(stream.bufferedAmount()).isEqualTo(30);
        assertThat(stream.isWritable()).isFalse();
        tcp.receive(Wire.wire().windowUpdate(1, 25).bytes());
        assertThat(stream.bufferedAmount()).isEqualTo(5);
        assertThat(stream.isWritable()).isTrue();
    }
}
