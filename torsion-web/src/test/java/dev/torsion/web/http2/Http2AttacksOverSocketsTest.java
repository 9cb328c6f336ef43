package dev.torsion.web.http2;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.HttpConfig;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The known attacks on HTTP/2 servers sent over real sockets to a Site on one event loop, each with a second,
 * well-behaved connection that must be answered while (and after) the attack runs: rapid reset
 * (CVE-2023-44487), CONTINUATION flood (2024), HPACK bomb, PING and SETTINGS floods from a peer that does not
 * read, and a zero-window stall.
 */
class Http2AttacksOverSocketsTest {

    Reactor reactor;
    ListeningPort port;

    @BeforeEach
    void start() throws IOException {
        Resource root = new Resource();
        root.putChild("hello", new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.finish("hello".getBytes(StandardCharsets.UTF_8));
            }
        });
        root.putChild("big", new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.finish(new byte[4 << 20]);
            }
        });
        Http2Config h2 = Http2Config.defaults().withMaxResets(100, Duration.ofSeconds(30)).withMaxQueuedControlFrames(200)
                .withStallTimeout(Duration.ofSeconds(2));
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        port = reactor.listenTcp("127.0.0.1", 0, new Site(root, HttpConfig.defaults().withHttp2(h2)));
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    /** A raw HTTP/2 client connection for the tests. */
    final class Peer implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final Wire.Reader reader = new Wire.Reader();

        Peer() throws IOException {
            socket = new Socket("127.0.0.1", port.port());
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
            send(Wire.wire().preface().settings().settingsAck());
        }

        void send(Wire w) throws IOException {
            out.write(w.bytes());
            out.flush();
        }

        /** Reads frames until one matches, or the connection ends (returns what was read). */
        List<Wire.Frame> readUntil(java.util.function.Predicate<Wire.Frame> done) throws IOException {
            List<Wire.Frame> all = new ArrayList<>();
            byte[] buffer = new byte[65536];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (java.net.SocketException e) {
                    return all;   // reset by the server
                }
                if (n < 0) {
                    return all;
                }
                for (Wire.Frame f : reader.read(java.util.Arrays.copyOf(buffer, n))) {
                    all.add(f);
                    if (done.test(f)) {
                        return all;
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A second connection gets /hello answered. */
    private void anotherConnectionIsServed() throws IOException {
        try (Peer good = new Peer()) {
            good.send(Wire.wire().headers(1, true, true, Wire.get("/hello")));
            List<Wire.Frame> frames = good.readUntil(f -> f.type() == FrameType.DATA && f.has(FrameType.FLAG_END_STREAM));
            Wire.Frame last = frames.get(frames.size() - 1);
            assertThat(last.type()).isEqualTo(FrameType.DATA);
            assertThat(new String(last.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    private static Wire.Frame goAway(List<Wire.Frame> frames) {
        return frames.stream().filter(f -> f.type() == FrameType.GOAWAY).findFirst()
                .orElseThrow(() -> new AssertionError("no GOAWAY in " + frames));
    }

    @Test
    void rapid_reset() throws IOException {
        try (Peer attacker = new Peer()) {
            Wire attack = Wire.wire();
            for (int i = 0; i < 1000; i++) {
                int id = 1 + 2 * i;
                attack.headers(id, true, true, Wire.get("/hello")).rst(id, ErrorCode.CANCEL);
            }
            attacker.send(attack);
            anotherConnectionIsServed();
            Wire.Frame g = goAway(attacker.readUntil(f -> f.type() == FrameType.GOAWAY));
            assertThat(ErrorCode.of(g.errorCode())).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
        }
        anotherConnectionIsServed();
    }

    @Test
    void continuation_flood() throws IOException {
        try (Peer attacker = new Peer()) {
            attacker.send(Wire.wire().headers(1, true, false, Wire.get("/hello")));
            byte[] junk = new byte[16_000];
            List<Wire.Frame> seen = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    attacker.send(Wire.wire().continuation(1, false, junk));
                }
            } catch (IOException e) {
                // the server closed the connection while the flood was still being sent: that is the answer
            }
            anotherConnectionIsServed();
            seen.addAll(attacker.readUntil(f -> f.type() == FrameType.GOAWAY));
            if (!seen.isEmpty()) {
                assertThat(ErrorCode.of(goAway(seen).errorCode())).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
            }
            assertThat(attacker.in.read()).as("closed by the server").isEqualTo(-1);
        }
    }

    @Test
    void hpack_bomb() throws IOException {
        try (Peer attacker = new Peer()) {
            StringBuilder hex = new StringBuilder("40 01 78 7f a1 1e").append("61".repeat(4000)).append("be".repeat(10_000));
            byte[] bomb = Hex.bytes(hex.toString());
            byte[] head = Wire.get("/hello");
            byte[] block = java.util.Arrays.copyOf(head, head.length + bomb.length);
            System.arraycopy(bomb, 0, block, head.length, bomb.length);
            attacker.send(Wire.wire().headers(1, true, true, block));
            List<Wire.Frame> frames = attacker.readUntil(f -> f.type() == FrameType.HEADERS);
            assertThat(frames.get(frames.size() - 1).headers().get(":status")).isEqualTo("431");
            anotherConnectionIsServed();
            attacker.send(Wire.wire().headers(3, true, true, Wire.get("/hello")));
            List<Wire.Frame> after = attacker.readUntil(f -> f.type() == FrameType.DATA && f.streamId() == 3);
            assertThat(new String(after.get(after.size() - 1).payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void ping_flood_from_a_peer_that_does_not_read() throws IOException {
        try (Peer attacker = new Peer()) {
            attacker.socket.setReceiveBufferSize(4096);
            Wire flood = Wire.wire();
            for (int i = 0; i < 20_000; i++) {
                flood.ping(i);
            }
            floodWithoutReading(attacker, flood);
        }
        anotherConnectionIsServed();
    }

    @Test
    void settings_flood_from_a_peer_that_does_not_read() throws IOException {
        try (Peer attacker = new Peer()) {
            Wire flood = Wire.wire();
            for (int i = 0; i < 20_000; i++) {
                flood.settings(Http2Settings.MAX_CONCURRENT_STREAMS, i);
            }
            floodWithoutReading(attacker, flood);
        }
    }

    /**
     * Sends {@code flood} 50 times without reading the answers, meanwhile another connection must be served,
     * and the flooding one must end up cut.
     */
    private void floodWithoutReading(Peer attacker, Wire flood) throws IOException {
        byte[] bytes = flood.bytes();
        boolean cut = false;
        try {
            for (int round = 0; round < 50; round++) {
                attacker.out.write(bytes);
            }
        } catch (IOException e) {
            cut = true;   // the server stopped reading, then closed the connection
        }
        anotherConnectionIsServed();
        assertThat(cut || drainsToEnd(attacker)).as("the flood connection was cut").isTrue();
    }

    /** True if the connection ends (EOF or reset) once we read what the server had queued. */
    private static boolean drainsToEnd(Peer p) throws IOException {
        byte[] b = new byte[65536];
        try {
            while (p.in.read(b) >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void zero_window_stall() throws IOException {
        try (Peer attacker = new Peer()) {
            attacker.send(Wire.wire().settings(Http2Settings.INITIAL_WINDOW_SIZE, 0).headers(1, true, true, Wire.get("/big")));
            anotherConnectionIsServed();
            List<Wire.Frame> frames = attacker.readUntil(f -> f.type() == FrameType.RST_STREAM);
            Wire.Frame rst = frames.get(frames.size() - 1);
            assertThat(rst.type()).isEqualTo(FrameType.RST_STREAM);
            assertThat(ErrorCode.of(rst.errorCode())).isEqualTo(ErrorCode.CANCEL);
            attacker.send(Wire.wire().settings(Http2Settings.INITIAL_WINDOW_SIZE, 65_535).headers(3, true, true, Wire.get("/hello")));
            List<Wire.Frame> after = attacker.readUntil(f -> f.type() == FrameType.DATA && f.streamId() == 3);
            assertThat(new String(after.get(after.size() - 1).payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }
}
