package dev.torsion.cli.bench;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Site;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.server.EchoHandler;
import dev.torsion.websocket.server.WebSocketResource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code torsion bench --client session --http2}: the echo load over WebSocket on HTTP/2 streams (RFC 8441), the
 * side of bench/ws-h2.sh that speaks HTTP/2. The server sees its sessions arrive over HTTP/2, as many sharing
 * a connection as {@code --http2-streams} lets.
 */
class BenchHttp2Test {

    @Test
    void the_options_need_the_session_client() {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs("--http2", "--http2-streams", "10", "--client", "session", "ws://127.0.0.1:1/");
        assertThat(command.settings().http2Streams()).isEqualTo(10);
        BenchCommand lean = new BenchCommand();
        new CommandLine(lean).parseArgs("--http2", "ws://127.0.0.1:1/");
        assertThatThrownBy(lean::settings).hasMessageContaining("--http2 needs echo mode with --client session");
        BenchCommand none = new BenchCommand();
        new CommandLine(none).parseArgs("--http2", "--http2-streams", "0", "--client", "session", "ws://127.0.0.1:1/");
        assertThatThrownBy(none::settings).hasMessageContaining("--http2-streams must be at least 1");
    }

    @Test
    void a_session_run_over_http2_echoes_on_streams_that_share_connections() throws Exception {
        Queue<String> sessions = new ConcurrentLinkedQueue<>();
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            ListeningPort port = reactor.listenTcp("127.0.0.1", 0, new Site(WebSocketResource.builder(new EchoHandler() {
                @Override
                public void onOpen(WebSocketSession session) {
                    sessions.add(session.httpVersion() + " " + session.remoteAddress());
                }
            }).build()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new CommandLine(new BenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8))).execute("--client", "session", "--http2",
                    "--http2-streams", "2", "-c", "4", "-t", "1", "-d", "1s", "--warmup", "0", "-q", "--json",
                    "ws://127.0.0.1:" + port.port() + "/");
            assertThat(code).as("exit status; stderr: %s", err).isZero();
            String json = out.toString(StandardCharsets.UTF_8);
            assertThat(json).contains("\"errors\":0");
            assertThat(sessions.stream().filter(s -> s.startsWith("HTTP/2 "))).hasSize(4);
            assertThat(sessions.stream().filter(s -> s.startsWith("HTTP/2 ")).distinct())
                    .as("4 WebSockets, 2 per connection: 2 connections").hasSize(2);
        }
    }
}
