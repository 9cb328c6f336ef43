package dev.torsion.websocket;

import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.web.HttpConfig;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.web.http2.Http2Config;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.server.WebSocketResource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8441 section 5, sans I/O: a {@link Site} with a {@link WebSocketResource} serves WebSocket on HTTP/2
 * streams with prior knowledge on a memory transport. The extended CONNECT is answered 200 with the agreed
 * subprotocol; WebSocket frames travel in DATA frames (a frame may span DATA frames, a DATA frame may hold
 * several); closing maps onto the stream (the closing handshake, then END_STREAM each way; an abort is
 * RST_STREAM CANCEL; a peer's reset is 1006); flow control holds both ways; each refusal has its answer. The
 * whole conversation, two WebSockets and a page on one connection, is fed at every cut and gives the same
 * result.
 */
class Rfc8441Section5WebSocketOverHttp2Test {

    private static final int CANCEL = 0x8, PROTOCOL_ERROR = 0x1, NO_ERROR = 0x0;

    /** A site with the endpoints on a memory transport, and what its sessions saw. */
    static final class Server {
        final FakeClock clock = new FakeClock();
        final MemoryTransport transport = new MemoryTransport(clock);
        final H2Frames.Reader reader = new H2Frames.Reader();
        /** Each session's events, in the order the sessions opened. */
        final Map<WebSocketSession, List<String>> sessions = new LinkedHashMap<>();

        /** Echoes text and binary, and writes down what each session saw. */
        final class Echo implements WebSocketHandler {
            private List<String> events(WebSocketSession s) {
                return sessions.computeIfAbsent(s, k -> new ArrayList<>());
            }

            @Override
            public void onOpen(WebSocketSession s) {
                events(s).add("open " + s.httpVersion() + " " + s.subprotocol() + " " + s.requestHeaders().get("Host"));
            }

            @Override
            public void onText(WebSocketSession s, String text) {
                events(s).add("text " + text);
                s.sendText(text);
            }

            @Override
            public void onBinary(WebSocketSession s, ByteBuffer data) {
                events(s).add("binary " + data.remaining());
                s.sendBinary(data);
            }

            @Override
            public void onPing(WebSocketSession s, ByteBuffer payload) {
                events(s).add("ping");
            }

            @Override
            public void onClose(WebSocketSession s, CloseCode code, String reason, boolean clean) {
                events(s).add("close " + code.code() + (clean ? " clean" : " " + reason));
            }
        }

        Server() {
            this(HttpConfig.defaults(), WebSocketConfig.defaults());
        }

        Server(HttpConfig http, WebSocketConfig ws) {
            Resource root = new Resource();
            Echo echo = new Echo();
            root.putChild("echo", WebSocketResource.builder(echo).config(ws).subprotocols("chat").build());
            root.putChild("deflate", WebSocketResource.builder(echo).config(ws)
                    .deflate(PerMessageDeflateServer.builder().build()).build());
            root.putChild("page", WebSocketResource.builder(echo).fallback(new Resource() {
                @Override
                protected void renderGet(dev.torsion.web.Request request) {
                    request.finish(("a page over " + request.version()).getBytes(StandardCharsets.UTF_8));
                }
            }).build());
            transport.connect(new Site(root, http).buildProtocol(transport.remoteAddress()));
        }

        void send(H2Frames frames) {
            transport.receive(frames.bytes());
            clock.runPending();
        }

        /** What the server sent on each stream since the last call. */
        Map<Integer, Stream> streams() {
            clock.runPending();
            Map<Integer, Stream> out = new TreeMap<>();
            for (H2Frames.Frame f : reader.read(transport.takeWritten())) {
                if (f.stream() != 0) {
                    out.computeIfAbsent(f.stream(), id -> new Stream()).add(f);
                }
            }
            return out;
        }
    }

    static byte[] text(String s) {
        return Frames.masked(Opcode.TEXT, true, 0, s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] close(int code) {
        return Frames.masked(Opcode.CLOSE, true, 0, new byte[] {(byte) (code >> 8), (byte) code});
    }

    /** One stream's answer: heads, data, end, reset. */
    static final class Stream {
        final List<dev.torsion.web.http2.Http2Headers> heads = new ArrayList<>();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        boolean ended;
        Integer reset;

        void add(H2Frames.Frame f) {
            if (f.type() == H2Frames.HEADERS) {
                heads.add(f.headers());
            } else if (f.type() == H2Frames.DATA) {
                data.writeBytes(f.payload());
            } else if (f.type() == H2Frames.RST_STREAM) {
                reset = f.errorCode();
            }
            ended |= f.has(H2Frames.END_STREAM) && (f.type() == H2Frames.DATA || f.type() == H2Frames.HEADERS);
        }

        String status() {
            return heads.isEmpty() ? null : heads.get(0).get(":status");
        }

        /** The WebSocket frames in the DATA, as {@link Frames#decode} shows them. */
        List<String> frames() {
            return Frames.decode(data.toByteArray(), Role.SERVER);
        }

        String text() {
            return data.toString(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            boolean page = !heads.isEmpty() && heads.get(0).get("content-length") != null;
            return status() + " " + (heads.isEmpty() ? "" : heads.get(0).get("sec-websocket-protocol")) + " "
                    + (page ? "'" + text() + "'" : frames()) + (ended ? " END" : "") + (reset != null ? " RST " + reset : "");
        }
    }

    final Server server = new Server();
    final FakeClock clock = server.clock;
    final MemoryTransport transport = server.transport;
    final H2Frames.Reader reader = server.reader;
    final Map<WebSocketSession, List<String>> sessions = server.sessions;

    void send(H2Frames frames) {
        server.send(frames);
    }

    Map<Integer, Stream> streams() {
        return server.streams();
    }

    // ---------------------------------------------------------------- the conversation at every cut

    /** Two WebSockets and a page on one connection, interleaved, each WebSocket closed cleanly. */
    static byte[] conversation() {
        byte[] binary = Frames.masked(Opcode.BINARY, true, 0, new byte[300]);
        return H2Frames.start()
                .connect(1, "/echo", "sec-websocket-protocol", "chat, superchat")
                .data(1, false, text("hello"))
                .data(1, false, java.util.Arrays.copyOfRange(binary, 0, 100))
                .ping(42)
                .headers(3, true, ":method", "GET", ":scheme", "http", ":path", "/page", ":authority", "localhost")
                .data(1, false, java.util.Arrays.copyOfRange(binary, 100, binary.length))
                .connect(5, "/echo")
                .data(5, false, concat(text("second"), Frames.masked(Opcode.PING, true, 0, new byte[] {'p'})))
                .data(1, false, close(1000))
                .data(5, false, close(1001))
                .data(1, true, new byte[0])
                .data(5, true, new byte[0])
                .bytes();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static String transcript(List<byte[]> pieces) {
        Server server = new Server();
        for (byte[] piece : pieces) {
            server.transport.receive(piece);
        }
        Map<Integer, Stream> answered = server.streams();
        return answered + " " + server.sessions.values() + (server.transport.isDisconnecting() ? " DISCONNECTING" : "");
    }

    @Test
    void the_conversation_fed_at_every_cut_gives_the_same_frames_and_events() {
        byte[] wire = conversation();
        String whole = transcript(List.of(wire));
        assertThat(whole).isEqualTo("{"
                + "1=200 chat [TEXT fin 68656c6c6f, BINARY fin " + "00".repeat(300) + ", CLOSE fin 03e8] END, "
                + "3=200 null 'a page over HTTP/2' END, "
                + "5=200 null [TEXT fin 7365636f6e64, PONG fin 70, CLOSE fin 03e9] END} "
                + "[[open HTTP/2 chat localhost, text hello, binary 300, close 1000 clean], "
                + "[open HTTP/2 null localhost, text second, ping, close 1001 clean]]");
        for (List<byte[]> cut : Cuts.of(wire)) {
            assertThat(transcript(cut)).as("cut into %d pieces", cut.size()).isEqualTo(whole);
        }
    }

    // ---------------------------------------------------------------- the handshake's answers

    @Test
    void the_page_and_the_websocket_share_the_path_and_the_connection() {
        send(H2Frames.start().headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/page",
                ":authority", "localhost").connect(3, "/page"));
        Map<Integer, Stream> out = streams();
        assertThat(out.get(1).text()).isEqualTo("a page over HTTP/2");
        assertThat(out.get(3).status()).isEqualTo("200");
        assertThat(out.get(3).ended).isFalse();
        assertThat(sessions).hasSize(1);
    }

    @Test
    void permessage_deflate_is_negotiated_in_the_200() {
        send(H2Frames.start().connect(1, "/deflate", "sec-websocket-extensions", "permessage-deflate; client_max_window_bits"));
        Stream s = streams().get(1);
        assertThat(s.status()).isEqualTo("200");
        assertThat(s.heads.get(0).get("sec-websocket-extensions")).startsWith("permessage-deflate");
        assertThat(s.heads.get(0).get("sec-websocket-accept")).isNull();
        assertThat(s.heads.get(0).get("upgrade")).isNull();
        send(H2Frames.wire().data(1, false, text("x".repeat(2000))));
        List<String> echoed = streams().get(1).frames();
        assertThat(echoed).singleElement().satisfies(f -> assertThat(f).startsWith("TEXT fin rsv4 "));
    }

    @Test
    void another_protocol_is_501_and_the_stream_ends() {
        send(H2Frames.start().headers(1, false, ":method", "CONNECT", ":protocol", "webtransport", ":scheme", "http",
                ":path", "/echo", ":authority", "localhost", "sec-websocket-version", "13"));
        Stream s = streams().get(1);
        assertThat(s.status()).isEqualTo("501");
        assertThat(s.text()).isEqualTo("this endpoint speaks WebSocket (:protocol websocket), not webtransport");
        assertThat(s.ended).isTrue();
        assertThat(s.reset).isEqualTo(NO_ERROR);   // the client's side is still open: RFC 9113 section 8.1
        assertThat(sessions).isEmpty();
    }

    @Test
    void another_version_is_400_naming_13() {
        send(H2Frames.start().headers(1, false, ":method", "CONNECT", ":protocol", "websocket", ":scheme", "http",
                ":path", "/echo", ":authority", "localhost", "sec-websocket-version", "8"));
        Stream s = streams().get(1);
        assertThat(s.status()).isEqualTo("400");
        assertThat(s.heads.get(0).get("sec-websocket-version")).isEqualTo("13");
        assertThat(s.text()).isEqualTo("Sec-WebSocket-Version 8 is not supported; this server speaks version 13");
    }

    @Test
    void a_get_over_http2_to_an_endpoint_without_a_fallback_is_405_allowing_connect() {
        send(H2Frames.start().headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/echo",
                ":authority", "localhost"));
        Stream s = streams().get(1);
        assertThat(s.status()).isEqualTo("405");
        assertThat(s.heads.get(0).get("allow")).isEqualTo("CONNECT");
    }

    @Test
    void a_connect_without_protocol_to_a_path_is_malformed() {
        send(H2Frames.start().headers(1, false, ":method", "CONNECT", ":scheme", "http", ":path", "/echo",
                ":authority", "localhost", "sec-websocket-version", "13"));
        Stream s = streams().get(1);
        assertThat(s.heads).isEmpty();
        assertThat(s.reset).isEqualTo(PROTOCOL_ERROR);
        assertThat(transport.isDisconnecting()).isFalse();
    }

    @Test
    void with_the_extended_connect_turned_off_protocol_is_malformed() {
        Server off = new Server(HttpConfig.defaults()
                .withHttp2(Http2Config.defaults().withConnectProtocol(false)), WebSocketConfig.defaults());
        off.send(H2Frames.start().connect(1, "/echo"));
        assertThat(off.streams().get(1).reset).isEqualTo(PROTOCOL_ERROR);
        assertThat(off.sessions).isEmpty();
    }

    // ---------------------------------------------------------------- closing mapped onto the stream

    private Map<Integer, Stream> open() {
        send(H2Frames.start().connect(1, "/echo"));
        Map<Integer, Stream> out = streams();
        assertThat(out.get(1).status()).isEqualTo("200");
        return out;
    }

    private List<String> events() {
        return sessions.values().iterator().next();
    }

    @Test
    void a_server_close_is_the_closing_handshake_then_end_stream_each_way() {
        open();
        WebSocketSession session = sessions.keySet().iterator().next();
        session.close(CloseCode.GOING_AWAY, "bye");
        assertThat(streams().get(1).frames()).containsExactly("CLOSE fin 03e9627965");
        send(H2Frames.wire().data(1, false, close(1001)));
        Stream s = streams().get(1);
        assertThat(s.ended).isTrue();
        assertThat(s.reset).isNull();
        assertThat(events()).containsExactly("open HTTP/2 null localhost");   // the stream waits for the client
        send(H2Frames.wire().data(1, true, new byte[0]));
        assertThat(events()).containsExactly("open HTTP/2 null localhost", "close 1001 clean");
        assertThat(streams()).isEmpty();
        assertThat(transport.isDisconnecting()).isFalse();   // the HTTP/2 connection goes on
    }

    @Test
    void a_client_that_never_ends_its_side_is_reset_with_cancel_after_the_close_timeout() {
        open();
        send(H2Frames.wire().data(1, false, close(1000)));
        assertThat(streams().get(1).ended).isTrue();
        clock.advance(Duration.ofSeconds(11));
        assertThat(streams().get(1).reset).isEqualTo(CANCEL);
        assertThat(events()).last().asString().startsWith("close 1000");
    }

    @Test
    void end_stream_without_a_close_frame_is_1006_and_the_server_ends_too() {
        open();
        send(H2Frames.wire().data(1, true, new byte[0]));
        Stream s = streams().get(1);
        assertThat(s.ended).isTrue();
        assertThat(s.reset).isNull();
        assertThat(events()).last().asString().startsWith("close 1006 ");
    }

    @Test
    void a_reset_from_the_client_is_1006() {
        open();
        send(H2Frames.wire().rst(1, CANCEL));
        assertThat(events()).last().asString().startsWith("close 1006 ").contains("CANCEL");
        assertThat(streams()).isEmpty();
    }

    @Test
    void a_protocol_error_in_the_websocket_is_a_close_frame_on_the_stream_not_a_connection_error() {
        open();
        send(H2Frames.wire().data(1, false, Frames.masked(Opcode.TEXT, true, 0, new byte[] {(byte) 0xff})));
        Stream s = streams().get(1);
        assertThat(s.frames()).containsExactly(Frames.close(1007));
        send(H2Frames.wire().connect(3, "/echo").data(3, false, text("still here")));
        assertThat(streams().get(3).frames()).containsExactly("TEXT fin 7374696c6c2068657265");
    }

    @Test
    void shutting_the_server_down_closes_websockets_with_1001_and_goaway() {
        open();
        transport.protocol().shutdownRequested();
        clock.runPending();
        List<H2Frames.Frame> frames = reader.read(transport.takeWritten());
        assertThat(frames).anyMatch(f -> f.type() == H2Frames.GOAWAY);
        byte[] data = frames.stream().filter(f -> f.type() == H2Frames.DATA).map(H2Frames.Frame::payload)
                .reduce(new byte[0], Rfc8441Section5WebSocketOverHttp2Test::concat);
        assertThat(Frames.decode(data, Role.SERVER)).singleElement().asString().startsWith("CLOSE fin 03e9");
    }

    // ---------------------------------------------------------------- flow control both ways

    @Test
    void the_servers_frames_wait_for_the_clients_window() {
        send(H2Frames.start(0x4, 100).connect(1, "/echo"));   // SETTINGS_INITIAL_WINDOW_SIZE 100
        streams();
        send(H2Frames.wire().data(1, false, text("y".repeat(1000))));   // echoed as a 1004-byte frame
        assertThat(streams().get(1).data.size()).isEqualTo(100);
        send(H2Frames.wire().windowUpdate(1, 500));
        assertThat(streams().get(1).data.size()).isEqualTo(500);
        send(H2Frames.wire().windowUpdate(1, 10_000));
        assertThat(streams().get(1).data.size()).isEqualTo(404);
    }

    @Test
    void a_websocket_whose_echoes_back_up_stops_giving_the_client_window() {
        send(H2Frames.start(0x4, 1).connect(1, "/echo"));   // the client reads (almost) nothing
        streams();
        // 600 KB of messages: the echoes queue on the stream past its high watermark, the WebSocket pauses
        // reading, and what the client sends is held, not consumed, so the stream's window (1 MiB, credited back
        // once half is consumed) is not credited
        H2Frames many = H2Frames.wire();
        for (int i = 0; i < 40; i++) {
            many.data(1, false, Frames.masked(Opcode.BINARY, true, 0, new byte[15_000]));
        }
        send(many);
        assertThat(credits(1)).isZero();
        long echoed = events().stream().filter(e -> e.startsWith("binary")).count();
        assertThat(echoed).isLessThan(10);
        assertThat(sessions.keySet().iterator().next().bufferedAmount()).isGreaterThan(64 * 1024);
        // the client opens its windows: the echoes drain, reading resumes, the held messages are echoed and
        // consumed, and the stream's window is credited again
        send(H2Frames.wire().windowUpdate(1, 1 << 30).windowUpdate(0, 1 << 30));
        assertThat(credits(1)).isPositive();
        assertThat(events().stream().filter(e -> e.startsWith("binary")).count()).isEqualTo(40);
    }

    @Test
    void a_send_callback_reports_once_the_stream_sent_the_message_not_when_it_was_queued() {
        send(H2Frames.start(0x4, 100).connect(1, "/echo"));   // a 100-byte stream window
        streams();
        WebSocketSession session = sessions.keySet().iterator().next();
        List<String> outcomes = new ArrayList<>();
        session.sendText("w".repeat(1000), failure -> outcomes.add(failure == null ? "sent" : failure.toString()));
        clock.runPending();
        assertThat(streams().get(1).data.size()).isEqualTo(100);
        assertThat(outcomes).as("904 bytes wait for the window").isEmpty();
        send(H2Frames.wire().windowUpdate(1, 10_000));
        assertThat(streams().get(1).data.size()).isEqualTo(904);
        assertThat(outcomes).containsExactly("sent");
    }

    /** WINDOW_UPDATE increments for {@code stream} written since the last read of the output. */
    private int credits(int stream) {
        clock.runPending();
        int sum = 0;
        for (H2Frames.Frame f : reader.read(transport.takeWritten())) {
            if (f.type() == H2Frames.WINDOW_UPDATE && f.stream() == stream) {
                sum += ByteBuffer.wrap(f.payload()).getInt();
            }
        }
        return sum;
    }
}
