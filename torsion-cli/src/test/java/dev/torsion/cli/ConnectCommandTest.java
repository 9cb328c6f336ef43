package dev.torsion.cli;

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
    void aCloseWithAnErrorCodeExitsWith2() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(keyboard); // stays open: the server closes first
        keyboard.write("close-1011\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        Run r = run(stdin, server.url());
        assertThat(r.code()).isEqualTo(2);
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
        assertThat(untrusted.err()).contains("TLS handshake with localhost:" + tls.port.port() + " failed");
        Run insecure = run("over tls\n", "--insecure", tls.wssUrl("/"));
        assertThat(insecure.text()).isEqualTo("over tls\n");
        assertThat(insecure.code()).isZero();
        Run trusted = run("trusted\n", "--cacert", tls.certificate.certificate().toString(), tls.wssUrl("/"));
        assertThat(trusted.text()).isEqualTo("trusted\n");
        assertThat(trusted.code()).isZero();
    }

    @Test
    void badOptionsExitWith64AndSayWhy() {
        Run scheme = run("", "http://127.0.0.1/");
        assertThat(scheme.code()).isEqualTo(64);
        assertThat(scheme.err()).contains("ws:// or wss://");
        Run header = run("", "-H", "no colon here", server.url());
        assertThat(header.code()).isEqualTo(64);
        assertThat(header.err()).contains("--header wants 'Name: value'");
        Run reserved = run("", "-H", "Sec-WebSocket-Key: abc", server.url());
        assertThat(reserved.code()).isEqualTo(64);
        assertThat(reserved.err()).contains("the handshake sets Sec-WebSocket-Key itself");
        Run both = run("", "--insecure", "--cacert", "x.pem", tls.wssUrl("/"));
        assertThat(both.code()).isEqualTo(64);
        assertThat(both.err()).contains("contradict");
        Run missing = run("", "--cacert", "/no/such.pem", tls.wssUrl("/"));
        assertThat(missing.code()).isEqualTo(64);
        assertThat(missing.err()).contains("--cacert: cannot read /no/such.pem");
        assertThat(run("").code()).isEqualTo(64); // no URL
    }
}
