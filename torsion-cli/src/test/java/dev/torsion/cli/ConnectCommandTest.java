package dev.torsion.cli;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code torsion connect} with in-memory standard streams against Torsion servers, plain and TLS. */
class ConnectCommandTest {

    @TempDir
    static Path dir;
    static ScriptedServer server;
    static TlsEchoServerFixture tls;

    record Run(int code, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new ScriptedServer();
        tls = new TlsEchoServerFixture(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
        tls.close();
    }

    static Run run(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new ConnectCommand(in, out, new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(args);
        return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** Standard input with {@code line} typed and the input left open, as at a terminal. */
    static InputStream typed(PipedOutputStream keyboard, String line) throws java.io.IOException {
        PipedInputStream stdin = new PipedInputStream(keyboard);
        keyboard.write(line.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        return stdin;
    }

    static Run run(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    @Test
    void pipedLinesComeBackAndEndOfInputClosesCleanly() {
        Run r = run("hello\nsnowman \u2603\r\n\nlast line without newline", server.url());
        assertThat(r.text()).isEqualTo("hello\nsnowman \u2603\n\nlast line without newline\n");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("connected to " + server.url()).contains("closed: 1000");
    }

    @Test
    void manyLinesComeBackInOrder() {
        String lines = IntStream.range(0, 5000).mapToObj(i -> "line " + i + " " + "x".repeat(i % 300))
                .collect(Collectors.joining("\n", "", "\n"));
        Run r = run(lines, "--quiet", server.url());
        assertThat(r.text()).isEqualTo(lines);
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void binaryModeSendsStdinBytesAndWritesWhatComesBackRaw() {
        byte[] data = new byte[300_000];
        new Random(4).nextBytes(data);
        Run r = run(new ByteArrayInputStream(data), "--binary", "-q", server.url());
        assertThat(r.out()).isEqualTo(data);
        assertThat(r.code()).isZero();
    }

    @Test
    void aBinaryMessageIsShownAsHexInTextMode() {
        Run r = run("binary abc\n", server.url());
        assertThat(r.text()).isEqualTo("616263\n");
    }

    @Test
    void headersAndSubprotocolsReachTheServer() {
        Run r = run("headers X-Token\nheaders Origin\nsubprotocol\n", "-H", "X-Token: one", "--header", "X-Token:two",
                "-s", "v2.example", "--subprotocol", "chat", "--origin", "https://app.example", server.url());
        assertThat(r.text()).isEqualTo("one,two\nhttps://app.example\nchat\n");
        assertThat(r.err()).contains("(subprotocol chat)");
        assertThat(r.code()).isZero();
    }

    @Test
    void aCloseWithAnErrorCodeExitsWith3() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        Run r = run(typed(keyboard, "close-1011\n"), server.url()); // input stays open: the server closes first
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("the connection closed 1011 scripted failure");
        keyboard.close();
    }

    @Test
    void aFailedConnectExitsWith1() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run r = run("", "--connect-timeout", "2s", "ws://127.0.0.1:" + closed + "/");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot connect to ws://127.0.0.1:" + closed + "/");
    }

    @Test
    void anUntrustedCertificateExitsWith1ButInsecureAndCacertConnect() {
        Run untrusted = run("x\n", tls.wssUrl("/"));
        assertThat(untrusted.code()).isEqualTo(1);
        assertThat(untrusted.err()).contains("the server's certificate is not trusted").contains("--cacert FILE")
                .doesNotContain("PKIX").doesNotContain("SunCertPathBuilderException");
        assertThat(untrusted.err().strip().lines()).hasSize(1);
        Run insecure = run("over tls\n", "--insecure", tls.wssUrl("/"));
        assertThat(insecure.text()).isEqualTo("over tls\n");
        assertThat(insecure.code()).isZero();
        Run trusted = run("trusted\n", "--cacert", tls.certificate.certificate().toString(), tls.wssUrl("/"));
        assertThat(trusted.text()).isEqualTo("trusted\n");
        assertThat(trusted.code()).isZero();
    }

    @Test
    void aWebPageOrAMissingEndpointIsSaidSoInOneLine() throws Exception {
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            Resource page = new Resource() {
                @Override
                protected void renderGet(Request request) {
                    request.setHeader("Content-Type", "text/html");
                    request.finish("<html>hello</html>".getBytes(StandardCharsets.UTF_8));
                }
            };
            ListeningPort port = reactor.listenTcp("127.0.0.1", 0, new Site(page));
            Run r = run("", "ws://127.0.0.1:" + port.port() + "/");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("200 OK").contains("/ is a web page (HTTP), not a WebSocket endpoint");
        }
        Run missing = run("", server.url() + "nothing/here");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("there is no WebSocket endpoint at /nothing/here")
                .contains("404 Not Found").doesNotContain("STATUS:");
    }

    @Test
    void maxMessageSizeBoundsWhatIsAccepted() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        Run tooBig = run(typed(keyboard, "repeat 2000\n"), "--max-message-size", "1k", server.url());
        assertThat(tooBig.code()).isEqualTo(3);
        assertThat(tooBig.err()).contains("1009");
        keyboard.close();
        Run fits = run("repeat 2000\n", "--max-message-size", "2000", server.url());
        assertThat(fits.code()).as(fits.err()).isZero();
        assertThat(fits.text()).isEqualTo("x".repeat(2000) + "\n");
        CommandLineErrorsTest.Result bad = CommandLineErrorsTest.run(List.of("connect", "--max-message-size", "lots",
                server.url()));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("torsion connect: Invalid value for option '--max-message-size': "
                + "not a size: 'lots' (use e.g. 32, 16k, 1MiB)");
    }

    @Test
    void badOptionsExitWith2AndSayWhy() {
        Run scheme = run("", "http://127.0.0.1/");
        assertThat(scheme.code()).isEqualTo(2);
        assertThat(scheme.err()).contains("ws:// or wss://");
        Run header = run("", "-H", "no colon here", server.url());
        assertThat(header.code()).isEqualTo(2);
        assertThat(header.err()).contains("--header wants 'Name: value'");
        Run reserved = run("", "-H", "Sec-WebSocket-Key: abc", server.url());
        assertThat(reserved.code()).isEqualTo(2);
        assertThat(reserved.err()).contains("the handshake sets Sec-WebSocket-Key itself");
        Run both = run("", "--insecure", "--cacert", "x.pem", tls.wssUrl("/"));
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("contradict");
        Run missing = run("", "--cacert", "/no/such.pem", tls.wssUrl("/"));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--cacert: cannot read /no/such.pem");
        assertThat(run("").code()).isEqualTo(2); // no URL: picocli says so, status 2 as for every command
    }
}
