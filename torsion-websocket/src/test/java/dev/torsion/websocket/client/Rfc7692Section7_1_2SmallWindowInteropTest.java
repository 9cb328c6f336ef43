package dev.torsion.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.deflate.DeflateSettings;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.deflate.SampleMessages;
import dev.torsion.websocket.server.EchoHandler;
import dev.torsion.websocket.server.WebSocketResource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 7692 sections 7.1.2.1 and 7.1.2.2 against real peers over real sockets: small LZ77 windows, both ways.
 * A Torsion server honours the {@code server_max_window_bits=N} that Python {@code websockets} and node
 * {@code ws} offer, with and without context takeover, and they inflate its 300 echoes with zlib at N bits (a
 * server configured with {@code serverMaxWindowBits(10)} answers at most 10, offered or not);
 * the Torsion client offers {@code client_max_window_bits} and compresses 120 messages under the N bits a
 * Python {@code websockets} server asks for.
 */
class Rfc7692Section7_1_2SmallWindowInteropTest {

    private static final DeflateSettings COMPRESS_ALL = new DeflateSettings(6, 0, 2);

    static Reactor reactor;
    static ListeningPort port;
    static PerMessageDeflateServer keeps;
    static PerMessageDeflateServer resets;
    static PerMessageDeflateServer capped;

    @BeforeAll
    static void start() throws Exception {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        keeps = PerMessageDeflateServer.builder().serverNoContextTakeover(false).settings(COMPRESS_ALL).build();
        resets = PerMessageDeflateServer.builder().serverNoContextTakeover(true).settings(COMPRESS_ALL).build();
        capped = PerMessageDeflateServer.builder().serverNoContextTakeover(false).serverMaxWindowBits(10)
                .settings(COMPRESS_ALL).build();
        Resource root = new Resource();
        root.putChild("keep", WebSocketResource.builder(new EchoHandler()).deflate(keeps).build());
        root.putChild("reset", WebSocketResource.builder(new EchoHandler()).deflate(resets).build());
        root.putChild("capped", WebSocketResource.builder(new EchoHandler()).deflate(capped).build());
        port = reactor.listenTcp("127.0.0.1", 0, new Site(root));
    }

    @AfterAll
    static void stop() {
        reactor.close();
        keeps.close();
        resets.close();
        capped.close();
    }

    @ParameterizedTest(name = "{0} offers server_max_window_bits={1} to /{2}")
    @CsvSource({
        "python, 8, keep", "python, 9, keep", "python, 12, keep", "python, 15, keep",
        "python, 8, reset", "python, 9, reset", "python, 12, reset",
        "node, 8, keep", "node, 9, keep", "node, 12, keep", "node, 15, keep",
        "node, 8, reset", "node, 9, reset", "node, 12, reset",
        "python, 15, capped", "python, 9, capped", "node, 15, capped"})
    void theServerCompressesUnderTheWindowARealClientOffers(String peer, int bits, String path) throws Exception {
        String url = "ws://127.0.0.1:" + port.port() + "/" + path;
        int agreed = path.equals("capped") ? Math.min(bits, 10) : bits; // /capped compresses with 10 bits at most
        List<String> command = peer.equals("python")
                ? List.of("/usr/bin/python3", ClientInteropTest.interop("python_window_client.py").toString(), url,
                        Integer.toString(bits), Integer.toString(agreed))
                : List.of("/usr/bin/node", ClientInteropTest.interop("node_window_client.js").toString(), url,
                        Integer.toString(bits), Integer.toString(agreed));
        requireExecutable(command.get(0));
        // output to a file read after the wait: reading the pipe first would leave the wait's timeout no chance
        java.nio.file.Path out = java.nio.file.Files.createTempFile("torsion-window-client-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("NODE_PATH", "/usr/share/nodejs");
        Process client = builder.start();
        try {
            boolean exited = client.waitFor(120, TimeUnit.SECONDS);
            String output = java.nio.file.Files.readString(out, StandardCharsets.UTF_8).trim();
            java.nio.file.Files.delete(out);
            assertThat(exited).as("the client exited (it printed: %s)", output).isTrue();
            assertThat(output).startsWith("ok messages=300");
            assertThat(output).contains("server_max_window_bits=" + agreed);
            if (peer.equals("python")) {
                assertThat(output).contains("server_no_context_takeover=" + path.equals("reset"));
            } else {
                assertThat(output.contains("server_no_context_takeover")).isEqualTo(path.equals("reset"));
            }
            assertThat(client.exitValue()).isZero();
        } finally {
            client.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "a Python server asks for client_max_window_bits={0}, client resets={1}")
    @CsvSource({"8, false", "9, false", "12, false", "15, false", "8, true", "10, true"})
    void theClientCompressesUnderTheWindowARealServerAsksFor(int bits, boolean clientResets) throws Exception {
        requireExecutable("/usr/bin/python3");
        Process server = new ProcessBuilder("/usr/bin/python3",
                ClientInteropTest.interop("python_server.py").toString(), "0", "--window", Integer.toString(bits))
                .redirectErrorStream(true).start();
        try (PerMessageDeflateClient deflate = PerMessageDeflateClient.builder().clientNoContextTakeover(clientResets)
                .settings(COMPRESS_ALL).build()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).startsWith("listening ");
            int serverPort = Integer.parseInt(line.substring("listening ".length()).trim());
            Recording handler = new Recording();
            WebSocketSession session = WebSocketClient.builder(reactor).deflate(deflate).build()
                    .connect(URI.create("ws://127.0.0.1:" + serverPort + "/"), handler).get(10, TimeUnit.SECONDS);
            assertThat(out.readLine()).isEqualTo("agreed client_max_window_bits=" + bits
                    + " server_max_window_bits=" + Math.max(bits, 9));
            for (byte[] message : SampleMessages.of(bits)) {
                session.sendBinary(ByteBuffer.wrap(message));
                assertThat((byte[]) handler.next()).isEqualTo(message);
            }
            session.close(CloseCode.NORMAL_CLOSURE, "");
            assertThat(handler.closed.get(10, TimeUnit.SECONDS)).startsWith("1000 clean");
        } finally {
            server.destroyForcibly();
        }
    }

    private static void requireExecutable(String program) {
        if (!Files.isExecutable(Path.of(program))) {
            throw new AssertionError(program + " is missing: install python3-websockets and node-ws (.ci/run does)");
        }
    }
}
