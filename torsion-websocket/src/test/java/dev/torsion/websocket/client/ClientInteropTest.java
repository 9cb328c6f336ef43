package dev.torsion.websocket.client;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Torsion client against real servers: Python websockets and node ws (Debian packages). */
class ClientInteropTest {

    static Reactor reactor;

    @BeforeAll
    static void start() {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
    }

    @AfterAll
    static void stop() {
        reactor.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node", "python --compression", "node --compression"})
    void echoesThroughARealServer(String peer) throws Exception {
        boolean compression = peer.endsWith("--compression");
        Process server = startServer(peer);
        try {
            int port = port(server, peer);
            Recording handler = new Recording();
            WebSocketClient.Builder client = WebSocketClient.builder(reactor);
            if (compression) {
                client.deflate(dev.torsion.websocket.deflate.PerMessageDeflateClient.builder().build());
            }
            WebSocketSession session = client.build()
                    .connect(URI.create("ws://127.0.0.1:" + port + "/"), handler).get(10, TimeUnit.SECONDS);
            String repeated = "compress me please, ".repeat(500);
            session.sendText(repeated);
            assertThat(handler.next()).isEqualTo(repeated);
            session.sendText("hello " + peer + " \u00e9");
            assertThat(handler.next()).isEqualTo("hello " + peer + " \u00e9");
            byte[] data = new byte[3 << 20];
            new Random(9).nextBytes(data);
            session.sendBinary(data);
            assertThat((byte[]) handler.next()).isEqualTo(data);
            var stream = session.startText();
            stream.write("frag");
            stream.write("mented");
            stream.finish();
            assertThat(handler.next()).isEqualTo("fragmented");
            session.close(CloseCode.NORMAL_CLOSURE, "");
            assertThat(handler.closed.get(10, TimeUnit.SECONDS)).startsWith("1000 clean");
        } finally {
            server.destroyForcibly();
        }
    }

    /**
     * Starts the echo server {@code peer} names ("python" or "node", optionally followed by " --compression") on a
     * free port; see {@link #port}.
     */
    static Process startServer(String peer) throws java.io.IOException {
        List<String> command = new java.util.ArrayList<>(peer.startsWith("python")
                ? List.of("/usr/bin/python3", interop("python_server.py").toString(), "0")
                : List.of("/usr/bin/node", interop("node_server.js").toString(), "0"));
        if (peer.endsWith("--compression")) {
            command.add("--compression");
        }
        if (!Files.isExecutable(Path.of(command.get(0)))) {
            throw new AssertionError(command.get(0) + " is missing: install python3-websockets and node-ws "
                    + "(.ci/run does)");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", "/usr/share/nodejs");
        return pb.start();
    }

    /** The port a server from {@link #startServer} listens on, from its first line (within 30 s). */
    static int port(Process server, String peer) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        // read on another thread: a blocked pipe read ignores interrupts, so a silent peer would hang the test
        // past every timeout; the caller's destroy ends the read
        String line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(30, TimeUnit.SECONDS);
        assertThat(line).as("the %s server's first line", peer).startsWith("listening ");
        return Integer.parseInt(line.substring("listening ".length()).trim());
    }

    static Path interop(String script) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("interop").resolve(script);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("interop/" + script + " not found");
    }
}
