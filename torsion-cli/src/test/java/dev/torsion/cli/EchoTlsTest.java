package dev.torsion.cli;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.TlsConfig;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code torsion echo --cert/--key} and {@code --keystore} serving https:// and wss://, checked by real
 * peers: curl fetches the page, Python websockets echoes over wss with the certificate as its CA, a raw TLS
 * socket sends a 16 MiB frame at random write sizes; and {@code torsion cert} makes usable files.
 */
class EchoTlsTest {

    @TempDir
    static Path dir;
    static TlsEchoServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new TlsEchoServerFixture(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void curlGetsThePageOverHttps() throws Exception {
        ExternalPeer.require("/usr/bin/curl", "curl");
        ExternalPeer.Result r = ExternalPeer.run(List.of("/usr/bin/curl", "-sS", "--max-time", "10", "--cacert",
                server.certificate.certificate().toString(), server.httpsUrl("/")), Map.of(), 30);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("new WebSocket(url)").contains("location.protocol === 'https:'");
    }

    @Test
    void curlWithoutTheCertificateRefusesTheServer() throws Exception {
        ExternalPeer.require("/usr/bin/curl", "curl");
        ExternalPeer.Result r = ExternalPeer.run(List.of("/usr/bin/curl", "-sS", "--max-time", "10",
                server.httpsUrl("/")), Map.of(), 30);
        assertThat(r.exitCode()).isEqualTo(60); // peer certificate cannot be authenticated
    }

    @Test
    void withTlsPortOneServerEchoesOverWsAndWss() throws Exception {
        EchoCommand echo = (EchoCommand) Main.commandLine().parseArgs("echo", "--port", "0", "--tls-port", "0",
                        "--cert", server.certificate.certificate().toString(),
                        "--key", server.certificate.privateKey().toString())
                .subcommand().commandSpec().userObject();
        try (Reactor both = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            List<dev.torsion.reactor.ListeningPort> ports = echo.listen(both, echo.tls());
            assertThat(ports).hasSize(2);
            // scripts (bench/soak.sh) read the URLs off these lines: each must be a URL up to the first space
            List<String> ready = echo.readyLines(ports, echo.tls());
            assertThat(ready.get(0)).matches("torsion echo: WebSocket echo on wss://[^ ]+:" + ports.get(1).port()
                    + "/ \\(and any other path\\)");
            assertThat(ready.get(1)).matches("torsion echo: WebSocket echo on ws://[^ ]+:" + ports.get(0).port()
                    + "/ \\(and any other path\\)");
            ExternalPeer.Result plain = ExternalPeer.run(List.of("/usr/bin/python3",
                    EchoServerFixture.interop("python_client.py").toString(),
                    "ws://127.0.0.1:" + ports.get(0).port() + "/"), Map.of(), 60);
            assertThat(plain.output()).startsWith("ok");
            ExternalPeer.Result secure = ExternalPeer.run(List.of("/usr/bin/python3",
                    EchoServerFixture.interop("python_tls_client.py").toString(),
                    "wss://localhost:" + ports.get(1).port() + "/", server.certificate.certificate().toString()),
                    Map.of(), 60);
            assertThat(secure.output()).startsWith("ok TLSv1.3");
        }
        EchoCommand noKey = (EchoCommand) Main.commandLine().parseArgs("echo", "--tls-port", "0")
                .subcommand().commandSpec().userObject();
        try (Reactor unused = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> noKey.listen(unused, noKey.tls()))
                    .hasMessageContaining("--tls-port needs --cert/--key");
        }
    }

    @Test
    void pythonWebsocketsEchoesOverWss() throws Exception {
        ExternalPeer.require("/usr/bin/python3", "python3 (with python3-websockets)");
        ExternalPeer.Result r = ExternalPeer.run(List.of("/usr/bin/python3",
                EchoServerFixture.interop("python_tls_client.py").toString(), server.wssUrl("/"),
                server.certificate.certificate().toString()), Map.of(), 60);
        assertThat(r.output()).startsWith("ok TLSv1.3");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void aSixteenMebibyteFrameWrittenAtRandomSizesComesBack() throws Exception {
        byte[] payload = new byte[16 << 20];
        new Random(16).nextBytes(payload);
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        byte[] frame = new byte[14 + payload.length];
        frame[0] = (byte) 0x82;
        frame[1] = (byte) (0x80 | 127);
        ByteBuffer.wrap(frame, 2, 8).putLong(payload.length);
        System.arraycopy(mask, 0, frame, 10, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[14 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        TlsConfig trust = TlsConfig.clientTrusting(server.certificate.certificate());
        try (SSLSocket socket = (SSLSocket) trust.context().getSocketFactory().createSocket("localhost", server.port.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString(new byte[16]);
            out.write(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101");
            Thread writer = new Thread(() -> {
                Random sizes = new Random(2);
                try {
                    for (int i = 0; i < frame.length; ) {
                        int n = Math.min(frame.length - i, 1 + sizes.nextInt(70_000));
                        out.write(frame, i, n);
                        i += n;
                    }
                    out.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            assertThat(in.readUnsignedByte()).isEqualTo(0x82);
            assertThat(in.readUnsignedByte()).isEqualTo(127);
            assertThat(in.readLong()).isEqualTo(payload.length);
            byte[] back = new byte[payload.length];
            in.readFully(back);
            writer.join();
            assertThat(back).isEqualTo(payload);
        }
    }

    @Test
    void aPkcs12KeystoreServesWssToo() throws Exception {
        EchoCommand echo = (EchoCommand) Main.commandLine().parseArgs("echo", "--keystore",
                server.certificate.keystore().toString(), "--keystore-password", "torsion")
                .subcommand().commandSpec().userObject();
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            int port = reactor.listenTcp("127.0.0.1", 0, echo.tls().wrap(echo.site())).port();
            CompletableFuture<String> echoed = new CompletableFuture<>();
            WebSocketSession session = WebSocketClient.builder(reactor)
                    .tls(TlsConfig.clientTrusting(server.certificate.certificate())).build()
                    .connect(URI.create("wss://localhost:" + port + "/"), new WebSocketHandler() {
                        @Override
                        public void onText(WebSocketSession s, String text) {
                            echoed.complete(text);
                        }

                        @Override
                        public void onBinary(WebSocketSession s, ByteBuffer data) {
                        }

                        @Override
                        public void onClose(WebSocketSession s, CloseCode code, String reason, boolean clean) {
                        }
                    }).get(10, TimeUnit.SECONDS);
            session.sendText("from pkcs12");
            assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("from pkcs12");
            session.close();
        }
    }

    @Test
    void incompleteOrContradictoryTlsOptionsAreExplained() {
        String cert = server.certificate.certificate().toString();
        String key = server.certificate.privateKey().toString();
        assertThat(usageError("echo", "--cert", cert)).contains("--cert needs --key");
        assertThat(usageError("echo", "--key", key)).contains("--key needs --cert");
        assertThat(usageError("echo", "--cert", cert, "--key", key, "--keystore", cert)).contains("choose one");
        assertThat(usageError("echo", "--cert", "/no/such/cert.pem", "--key", key)).contains("--cert: cannot read");
    }

    @Test
    void aWrongKeystorePasswordStopsTheServerFromStarting() {
        int code = Main.commandLine().execute("echo", "--port", "0", "--keystore",
                server.certificate.keystore().toString(), "--keystore-password", "wrong");
        assertThat(code).isEqualTo(2);
    }

    @Test
    void certMakesFilesTheServerAndClientsAccept() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path target = dir.resolve("made");
        int code = new picocli.CommandLine(new CertCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err))
                .execute("--out", target.toString(), "--host", "dev.example", "--host", "localhost");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("torsion echo --cert " + target.resolve("cert.pem"));
        assertThat(Files.readString(target.resolve("cert.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        TlsConfig.serverFromPem(target.resolve("cert.pem"), target.resolve("key.pem"));
        TlsConfig.serverFromPkcs12(target.resolve("keystore.p12"), "torsion".toCharArray());
        java.security.cert.X509Certificate x509 = (java.security.cert.X509Certificate)
                dev.torsion.tls.PemFiles.readCertificates(target.resolve("cert.pem")).get(0);
        assertThat(x509.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString())
                .contains("dev.example", "localhost", "127.0.0.1");
    }

    @Test
    void certRefusesToReplaceFilesWithoutForceAndKeepsTheKeyPrivate() throws Exception {
        Path target = dir.resolve("again");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CertCommand cert = new CertCommand(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertThat(new picocli.CommandLine(cert).execute("--out", target.toString())).isZero();
        String first = Files.readString(target.resolve("key.pem"));
        if (Files.getFileStore(target).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(target.resolve("key.pem")))).isEqualTo("rw-------");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(target.resolve("keystore.p12")))).isEqualTo("rw-------");
        }
        assertThat(new picocli.CommandLine(new CertCommand(System.out, new PrintStream(err, true)))
                .execute("--out", target.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("torsion cert: " + target
                + " already has cert.pem, key.pem, keystore.p12: --force replaces them");
        assertThat(Files.readString(target.resolve("key.pem"))).isEqualTo(first);
        assertThat(new picocli.CommandLine(new CertCommand(new PrintStream(new ByteArrayOutputStream()), System.err))
                .execute("--out", target.toString(), "--force")).isZero();
        assertThat(Files.readString(target.resolve("key.pem"))).isNotEqualTo(first);
    }

    @Test
    void certRefusesBadInput() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        StringWriter err = new StringWriter();
        assertThat(new picocli.CommandLine(new CertCommand(System.out, new PrintStream(System.err)))
                .execute("--out", file.toString())).isEqualTo(2);
        assertThat(new picocli.CommandLine(new CertCommand(System.out, System.err)).setErr(new PrintWriter(err))
                .execute("--host", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--out");
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        assertThat(new picocli.CommandLine(new CertCommand(System.out, new PrintStream(bad, true)))
                .execute("--out", dir.resolve("x").toString(), "--host", "bad host")).isEqualTo(2);
        assertThat(bad.toString()).contains("not a host name: 'bad host'");
    }

    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err)).execute(args);
        assertThat(code).as("exit status of %s", String.join(" ", args)).isEqualTo(2);
        return err.toString();
    }

    private static String readHead(DataInputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }
}
