package dev.torsion.web.http2;

import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An extended CONNECT (RFC 8441) served by a {@link Site}, sans I/O: the resource sees a CONNECT request with
 * its {@link Request#connectProtocol()}, rendered as soon as the head arrives; {@link Request#switchProtocols}
 * answers 200 (no END_STREAM) and the stream becomes the protocol's tunnel, with the bytes that came before the
 * switch; a refusal is an ordinary response that ends the stream; the whole exchange fed at every split gives
 * the same frames.
 */
class Rfc8441ExtendedConnectSiteTest {

    final FakeClock clock = new FakeClock();
    final MemoryTransport transport = new MemoryTransport(clock);
    final Wire.Reader reader = new Wire.Reader();
    final List<String> events = new ArrayList<>();
    /** The events again, per stream. */
    final java.util.TreeMap<Integer, StringBuilder> byStream = new java.util.TreeMap<>();
    Request seen;
    Request later;

    /** Echoes what it gets, closes when the peer closes, and writes down what happened. */
    final class Echo implements Protocol {
        Transport transport;

        private void event(String what) {
            events.add(what);
            StringBuilder sb = byStream.computeIfAbsent(((Http2Stream) transport).id(), id -> new StringBuilder());
            if (what.startsWith("data ")) {
                sb.append(what, 5, what.length());   // the bytes, not how they were cut
            } else {
                sb.append('(').append(what).append(')');
            }
        }

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
            event("made");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            event("data " + new String(b, StandardCharsets.ISO_8859_1));
            transport.write(ByteBuffer.wrap(b));
        }

        @Override
        public boolean eofReceived() {
            event("eof");
            return false;
        }

        @Override
        public void connectionLost(Throwable reason) {
            event("lost " + reason.getClass().getSimpleName());
        }
    }

    @BeforeEach
    void site() {
        Resource root = new Resource();
        root.putChild("tunnel", new Resource() {
            @Override
            public void render(Request request) {
                seen = request;
                if ("x-echo".equals(request.connectProtocol())) {
                    request.setHeader("x-agreed", "yes");
                    request.switchProtocols(new Echo());
                } else {
                    request.setResponseCode(501);
                    request.setHeader("Content-Type", "text/plain");
                    request.finish(("no " + request.connectProtocol() + " here").getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        root.putChild("later", new Resource() {
            @Override
            public void render(Request request) {
                later = request;
            }
        });
        root.putChild("page", new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.switchProtocols(new Echo());
            }
        });
        transport.connect(new Site(root).buildProtocol(transport.remoteAddress()));
    }

    private static byte[] connect(String path, String protocol) {
        return Wire.literals(":method", "CONNECT", ":protocol", protocol, ":scheme", "http", ":path", path,
                ":authority", "localhost");
    }

    private static Wire start() {
        return Wire.wire().preface().settings().settingsAck();
    }

    private List<Wire.Frame> frames() {
        clock.runPending();
        return reader.read(transport.takeWritten()).stream().filter(f -> f.streamId() != 0).toList();
    }

    private static String describe(List<Wire.Frame> frames) {
        StringBuilder sb = new StringBuilder();
        for (Wire.Frame f : frames) {
            sb.append(FrameType.name(f.type())).append(f.has(FrameType.FLAG_END_STREAM) ? "+END" : "");
            if (f.type() == FrameType.HEADERS) {
                sb.append(' ').append(f.headers().get(":status"));
            } else if (f.type() == FrameType.DATA) {
                sb.append(' ').append(new String(f.payload(), StandardCharsets.ISO_8859_1));
            } else if (f.type() == FrameType.RST_STREAM) {
                sb.append(' ').append(ErrorCode.of(f.errorCode()));
            }
            sb.append("; ");
        }
        return sb.toString();
    }

    @Test
    void the_resource_switches_and_the_stream_carries_the_protocol() {
        transport.receive(start().headers(1, false, true, connect("/tunnel", "x-echo")).bytes());
        List<Wire.Frame> out = frames();
        assertThat(describe(out)).isEqualTo("HEADERS 200; ");
        assertThat(out.get(0).headers().get("x-agreed")).isEqualTo("yes");
        assertThat(seen.method()).isEqualTo("CONNECT");
        assertThat(seen.connectProtocol()).isEqualTo("x-echo");
        assertThat(seen.isHttp2()).isTrue();
        assertThat(seen.path()).isEqualTo("/tunnel");
        transport.receive(Wire.wire().data(1, false, "ping".getBytes()).bytes());
        assertThat(describe(frames())).isEqualTo("DATA ping; ");
        transport.receive(Wire.wire().data(1, true, new byte[0]).bytes());
        assertThat(describe(frames())).isEqualTo("DATA+END ; ");
        assertThat(events).containsExactly("made", "data ping", "eof", "lost ConnectionDone");
    }

    @Test
    void bytes_in_the_same_read_as_the_head_reach_the_protocol_after_connection_made() {
        transport.receive(start().headers(1, false, true, connect("/tunnel", "x-echo"))
                .data(1, false, "early".getBytes()).bytes());
        assertThat(describe(frames())).isEqualTo("HEADERS 200; DATA early; ");
        assertThat(events).containsExactly("made", "data early");
    }

    @Test
    void a_resource_that_answers_later_gets_the_held_bytes_and_end_stream_after_its_switch() {
        transport.receive(start().headers(1, false, true, connect("/later", "x-echo"))
                .data(1, false, "one".getBytes()).data(1, true, "two".getBytes()).bytes());
        assertThat(frames()).isEmpty();
        assertThat(later.connectProtocol()).isEqualTo("x-echo");
        later.switchProtocols(new Echo());
        assertThat(describe(frames())).isEqualTo("HEADERS 200; DATA+END onetwo; ");
        assertThat(events).containsExactly("made", "data onetwo", "eof", "lost ConnectionDone");
    }

    @Test
    void a_refusal_is_an_ordinary_response_that_ends_the_stream() {
        transport.receive(start().headers(1, false, true, connect("/tunnel", "x-other")).bytes());
        assertThat(describe(frames())).isEqualTo("HEADERS 501; DATA+END no x-other here; RST_STREAM NO_ERROR; ");
        assertThat(events).isEmpty();
    }

    @Test
    void an_extended_connect_to_a_resource_that_does_not_take_connect_gets_405() {
        transport.receive(start().headers(1, false, true, connect("/page", "x-echo")).bytes());
        List<Wire.Frame> out = frames();
        assertThat(out.get(0).headers().get(":status")).isEqualTo("405");
        assertThat(out.get(0).headers().get("allow")).contains("GET");
        transport.receive(Wire.wire().headers(3, false, true, connect("/nope", "x-echo")).bytes());
        assertThat(frames().get(0).headers().get(":status")).isEqualTo("404");
    }

    @Test
    void switching_on_an_ordinary_http2_request_is_still_http_1_1_required() {
        transport.receive(start().headers(1, true, true, Wire.get("/page")).bytes());
        assertThat(describe(frames())).isEqualTo("RST_STREAM HTTP_1_1_REQUIRED; ");
        assertThat(events).isEmpty();
    }

    /** Per stream: the statuses, the data and the ends the server sent, and what its protocol saw. */
    private String transcript(List<byte[]> pieces) {
        Rfc8441ExtendedConnectSiteTest fresh = new Rfc8441ExtendedConnectSiteTest();
        fresh.site();
        for (byte[] p : pieces) {
            fresh.transport.receive(p);
        }
        java.util.TreeMap<Integer, StringBuilder> streams = new java.util.TreeMap<>();
        for (Wire.Frame f : fresh.frames()) {
            StringBuilder sb = streams.computeIfAbsent(f.streamId(), id -> new StringBuilder());
            if (f.type() == FrameType.HEADERS) {
                sb.append('[').append(f.headers().get(":status")).append(']');
            } else if (f.type() == FrameType.DATA) {
                sb.append(new String(f.payload(), StandardCharsets.ISO_8859_1));
            } else {
                sb.append('[').append(FrameType.name(f.type())).append(']');
            }
            if (f.has(FrameType.FLAG_END_STREAM)) {
                sb.append("[END]");
            }
        }
        return streams + " " + fresh.byStream;
    }

    @Test
    void the_exchange_fed_at_every_split_gives_the_same_frames() {
        byte[] wire = start().headers(1, false, true, connect("/tunnel", "x-echo")).data(1, false, "a".getBytes())
                .ping(7).data(1, false, "bc".getBytes()).headers(3, false, true, connect("/tunnel", "x-echo"))
                .data(3, true, "d".getBytes()).data(1, true, new byte[0]).bytes();
        String whole = transcript(List.of(wire));
        assertThat(whole).isEqualTo("{1=[200]abc[END], 3=[200]d[END]} "
                + "{1=(made)abc(eof)(lost ConnectionDone), 3=(made)d(eof)(lost ConnectionDone)}");
        for (int at = 1; at < wire.length; at++) {
            assertThat(transcript(List.of(Arrays.copyOfRange(wire, 0, at), Arrays.copyOfRange(wire, at, wire.length))))
                    .as("cut at %d", at).isEqualTo(whole);
        }
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : wire) {
            bytes.add(new byte[] {b});
        }
        assertThat(transcript(bytes)).as("byte by byte").isEqualTo(whole);
    }
}
