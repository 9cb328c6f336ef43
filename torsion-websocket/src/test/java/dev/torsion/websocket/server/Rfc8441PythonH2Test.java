package dev.torsion.websocket.server;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.SelfSignedCertificate;
import dev.torsion.tls.TlsConfig;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket over HTTP/2 (RFC 8441) at the frame level with a real peer: Python's h2 (Debian's python3-h2, run
 * with /usr/bin/python3; {@code src/test/resources/h2/ws_over_h2.py} builds the WebSocket frames itself) against
 * a {@link Site} with a {@link WebSocketResource}, on plain TCP (h2c with prior knowledge) and over TLS (ALPN h2):
 * SETTINGS_ENABLE_CONNECT_PROTOCOL, the extended CONNECT and its 200, frames cut across DATA frames, the close
 * mapped onto END_STREAM, flow control with a 1000-byte window, the refusals, a reset, and two WebSockets with a
 * page on one connection.
 */
class Rfc8441PythonH2Test {

    @TempDir
    static Path dir;
    static Reactor reactor;
    static ListeningPort plain;
    static ListeningPort tls;

    @BeforeAll
    static void start() throws Exception {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        Resource root = new Resource();
        root.putChild("echo", WebSocketResource.builder(new EchoHandler()).subprotocols("chat").build());
        root.putChild("page", new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.finish(("a page over " + request.version()).getBytes(StandardCharsets.UTF_8));
            }
        });
        plain = reactor.listenTcp("127.0.0.1", 0, new Site(root));
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir, "localhost");
        tls = reactor.listenTcp("127.0.0.1", 0, TlsConfig.serverFromPem(certificate.certificate(),
                certificate.privateKey()).withApplicationProtocols("h2", "http/1.1").wrap(new Site(root)));
    }

    @AfterAll
    static void stop() {
        reactor.close();
    }

    private static String python(String scenario, String... extra) throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/python3"))).as("/usr/bin/python3 (Debian python3, with python3-h2)").isTrue();
        Path script = Path.of(Rfc8441PythonH2Test.class.getResource("/h2/ws_over_h2.py").toURI());
        boolean secure = extra.length > 0;
        String[] command = {"/usr/bin/python3", script.toString(), "127.0.0.1",
            Integer.toString(secure ? tls.port() : plain.port()), scenario, secure ? "tls" : "plain"};
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ws_over_h2.py %s finished", scenario).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("ws_over_h2.py %s exit status; output:%n%s", scenario, text).isZero();
        return text;
    }

    @Test
    void the_server_announces_the_extended_connect() throws Exception {
        assertThat(python("settings")).contains("8: 1").endsWith("ok settings\n");
    }

    @Test
    void an_extended_connect_opens_a_websocket_that_echoes_and_closes_onto_the_stream() throws Exception {
        assertThat(python("echo")).contains("200 with sec-websocket-protocol chat")
                .contains("close 1000 answered, then END_STREAM each way, no RST_STREAM")
                .contains("a second WebSocket on the same connection echoes").endsWith("ok echo\n");
    }

    @Test
    void the_same_over_tls_with_alpn_h2() throws Exception {
        assertThat(python("echo", "tls")).endsWith("ok echo\n");
    }

    @Test
    void the_servers_frames_respect_a_1000_byte_window() throws Exception {
        assertThat(python("flow-control")).contains("of at most 1000 bytes").endsWith("ok flow-control\n");
    }

    @Test
    void every_refusal_has_its_answer() throws Exception {
        assertThat(python("refusals")).contains("another :protocol: 501")
                .contains("Sec-WebSocket-Version 8: 400 with sec-websocket-version 13")
                .contains("GET to the endpoint: 405 with allow CONNECT")
                .contains("CONNECT with :path but without :protocol: RST_STREAM PROTOCOL_ERROR")
                .endsWith("ok refusals\n");
    }

    @Test
    void a_reset_or_a_websocket_error_leaves_the_connection_healthy() throws Exception {
        assertThat(python("reset")).contains("invalid UTF-8: close 1007 on the stream").endsWith("ok reset\n");
    }

    @Test
    void two_websockets_and_a_page_share_one_connection() throws Exception {
        assertThat(python("shared")).endsWith("ok shared\n");
    }
}
