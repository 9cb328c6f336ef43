package dev.torsion.web.http2;

import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.web.FileResource;
import dev.torsion.web.HttpConfig;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link Site} over HTTP/2 with prior knowledge, sans I/O: the twisted.web shape unchanged (traversal,
 * render, async answers, body limits, errors), static files with ranges and conditional requests, and a
 * resource that can tell which protocol it got; HTTP/1.1 still served on the same port.
 */
class Http2SiteTest {

    @TempDir
    Path tmp;
    Path www;
    byte[] big;
    final FakeClock clock = new FakeClock();
    final MemoryTransport transport = new MemoryTransport(clock);
    final Wire.Reader reader = new Wire.Reader();
    Request lastAsync;

    @BeforeEach
    void site() throws IOException {
        www = Files.createDirectory(tmp.resolve("www"));
        Files.writeString(www.resolve("data.txt"), "0123456789");
        Files.setLastModifiedTime(www.resolve("data.txt"), FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
        big = new byte[300_000];
        new Random(3).nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        Resource root = new Resource();
        root.putChild("proto", new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.setHeader("Content-Type", "text/plain");
                request.setHeader("Connection", "keep-alive");
                request.finish((request.version() + " " + request.isHttp2() + " " + request.getHeader("Host") + " "
                        + request.getHeader("cookie")).getBytes(StandardCharsets.UTF_8));
            }
        });
        root.putChild("echo", new Resource() {
            @Override
            protected void renderPost(Request request) {
                request.write(request.body());
                request.write(("|" + request.trailers().get("x-sum")).getBytes(StandardCharsets.UTF_8));
                request.finish();
            }
        });
        root.putChild("async", new Resource() {
            @Override
            protected void renderGet(Request request) {
                lastAsync = request;
            }
        });
        root.putChild("boom", new Resource() {
            @Override
            protected void renderGet(Request request) {
                throw new IllegalStateException("boom");
            }
        });
        root.putChild("static", new FileResource(www));
        HttpConfig config = HttpConfig.defaults().withMaxBodySize(100).withClock(java.time.Clock.fixed(
                Instant.parse("2024-05-06T07:08:09Z"), java.time.ZoneOffset.UTC));
        transport.connect(new Site(root, config).buildProtocol(transport.remoteAddress()));
    }

    /** One response read back: head, body, and whether the stream was reset. */
    record Answer(Http2Headers head, String body, byte[] bytes, ErrorCode reset) {
        String status() {
            return head == null ? null : head.get(":status");
        }
    }

    private int nextStream = 1;
    private boolean started;

    private Answer request(byte[] block, byte[]... data) {
        int id = nextStream;
        nextStream += 2;
        Wire w = Wire.wire();
        if (!started) {
            w.preface().settings(Http2Settings.INITIAL_WINDOW_SIZE, 1 << 20).settingsAck().windowUpdate(0, 1 << 20);
            started = true;
        }
        w.headers(id, data.length == 0, true, block);
        for (int i = 0; i < data.length; i++) {
            w.data(id, i == data.length - 1, data[i]);
        }
        transport.receive(w.bytes());
        clock.runPending();
        return answer(id);
    }

    private Answer answer(int id) {
        Http2Headers head = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ErrorCode reset = null;
        for (Wire.Frame f : reader.read(transport.takeWritten())) {
            if (f.streamId() != id) {
                continue;
            }
            if (f.type() == FrameType.HEADERS && f.headers() != null && !"100".equals(f.headers().get(":status"))) {
                head = head == null ? f.headers() : head;
            } else if (f.type() == FrameType.DATA) {
                body.writeBytes(f.payload());
            } else if (f.type() == FrameType.RST_STREAM) {
                reset = ErrorCode.of(f.errorCode());
            }
        }
        return new Answer(head, body.toString(StandardCharsets.ISO_8859_1), body.toByteArray(), reset);
    }

    private static byte[] get(String path, String... extra) {
        return Wire.get(path, extra);
    }

    @Test
    void a_resource_can_tell_it_got_http2_and_connection_fields_are_dropped() {
        Answer a = request(get("/proto", "cookie", "a=1", "cookie", "b=2"));
        assertThat(a.status()).isEqualTo("200");
        assertThat(a.body).isEqualTo("HTTP/2 true localhost a=1; b=2");
        assertThat(a.head.get("connection")).isNull();
        assertThat(a.head.get("content-type")).isEqualTo("text/plain");
        assertThat(a.head.get("content-length")).isEqualTo("30");
        assertThat(a.head.get("date")).isEqualTo("Mon, 06 May 2024 07:08:09 GMT");
        assertThat(a.head.get("server")).isEqualTo("Torsion");
    }

    @Test
    void http_1_1_is_still_the_default_on_plain_tcp() {
        transport.receive("GET /proto HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String out = new String(transport.takeWritten(), StandardCharsets.ISO_8859_1);
        assertThat(out).startsWith("HTTP/1.1 200 OK").endsWith("HTTP/1.1 false h null");
    }

    @Test
    void the_preface_cut_into_pieces_is_still_recognised() {
        byte[] wire = Wire.wire().preface().settings().headers(1, true, true, get("/proto")).bytes();
        for (byte b : wire) {
            transport.receive(new byte[] {b});
        }
        clock.runPending();
        assertThat(answer(1).body).startsWith("HTTP/2 true");
    }

    @Test
    void a_request_body_and_its_trailers_reach_the_resource() {
        byte[] post = Wire.block(":method", "POST", ":scheme", "http", ":path", "/echo", ":authority", "x");
        int id = 1;
        transport.receive(Wire.wire().preface().settings().headers(id, false, true, post)
                .data(id, false, "abc".getBytes()).data(id, false, "def".getBytes())
                .headers(id, true, true, Wire.literals("x-sum", "42")).bytes());
        clock.runPending();
        Answer a = answer(id);
        assertThat(a.status()).isEqualTo("200");
        assertThat(a.body).isEqualTo("abcdef|42");
    }

    @Test
    void a_body_over_the_limit_gets_413() {
        byte[] post = Wire.block(":method", "POST", ":scheme", "http", ":path", "/echo", ":authority", "x");
        Answer a = request(post, new byte[60], new byte[60]);
        assertThat(a.status()).isEqualTo("413");
        byte[] declared = Wire.block(":method", "POST", ":scheme", "http", ":path", "/echo", ":authority", "x",
                "content-length", "1000");
        assertThat(request(declared, new byte[0]).status()).isEqualTo("413");
    }

    @Test
    void a_resource_that_throws_gets_500_and_the_connection_goes_on() {
        assertThat(request(get("/boom")).status()).isEqualTo("500");
        assertThat(request(get("/proto")).status()).isEqualTo("200");
    }

    @Test
    void unknown_paths_get_404_and_methods_405() {
        assertThat(request(get("/nope")).status()).isEqualTo("404");
        Answer a = request(Wire.block(":method", "DELETE", ":scheme", "http", ":path", "/proto", ":authority", "x"));
        assertThat(a.status()).isEqualTo("405");
        assertThat(a.head.get("allow")).contains("GET");
    }

    @Test
    void an_asynchronous_answer_from_another_turn_of_the_loop() {
        Answer pending = request(get("/async"));
        assertThat(pending.head).isNull();
        lastAsync.setHeader("Content-Type", "text/plain");
        lastAsync.write("later".getBytes(StandardCharsets.UTF_8));
        lastAsync.finish();
        clock.runPending();
        Answer a = answer(1);
        assertThat(a.status()).isEqualTo("200");
        assertThat(a.body).isEqualTo("later");
    }

    @Test
    void head_requests_get_headers_only() {
        Answer a = request(Wire.block(":method", "HEAD", ":scheme", "http", ":path", "/static/data.txt", ":authority", "x"));
        assertThat(a.status()).isEqualTo("200");
        assertThat(a.head.get("content-length")).isEqualTo("10");
        assertThat(a.bytes).isEmpty();
    }

    @Test
    void static_files_whole_and_large_under_flow_control() {
        assertThat(request(get("/static/data.txt")).body).isEqualTo("0123456789");
        Answer a = request(get("/static/big.bin"));
        assertThat(a.bytes).isEqualTo(big);
        assertThat(a.head.get("content-length")).isEqualTo("300000");
    }

    @Test
    void static_files_with_a_range() {
        Answer a = request(get("/static/data.txt", "range", "bytes=2-4"));
        assertThat(a.status()).isEqualTo("206");
        assertThat(a.head.get("content-range")).isEqualTo("bytes 2-4/10");
        assertThat(a.body).isEqualTo("234");
        assertThat(request(get("/static/data.txt", "range", "bytes=20-")).status()).isEqualTo("416");
    }

    @Test
    void static_files_with_conditional_requests() {
        Answer first = request(get("/static/data.txt"));
        String etag = first.head.get("etag");
        assertThat(etag).isNotNull();
        Answer again = request(get("/static/data.txt", "if-none-match", etag));
        assertThat(again.status()).isEqualTo("304");
        assertThat(again.bytes).isEmpty();
        Answer since = request(get("/static/data.txt", "if-modified-since", "Thu, 02 Jan 2020 03:04:05 GMT"));
        assertThat(since.status()).isEqualTo("304");
        Answer range = request(get("/static/data.txt", "range", "bytes=0-1", "if-range", "\"other\""));
        assertThat(range.status()).as("an If-Range that does not match gets the whole file").isEqualTo("200");
    }

    @Test
    void many_streams_at_once_are_answered_each_on_its_own() {
        Wire w = Wire.wire().preface().settings().settingsAck();
        for (int i = 0; i < 50; i++) {
            w.headers(1 + 2 * i, true, true, get("/static/data.txt"));
        }
        transport.receive(w.bytes());
        clock.runPending();
        List<Wire.Frame> frames = reader.read(transport.takeWritten());
        long answered = frames.stream().filter(f -> f.type() == FrameType.DATA && f.has(FrameType.FLAG_END_STREAM)
                && new String(f.payload()).equals("0123456789")).count();
        assertThat(answered).isEqualTo(50);
    }
}
