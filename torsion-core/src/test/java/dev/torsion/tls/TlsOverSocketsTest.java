package dev.torsion.tls;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** TLS over real sockets: the JDK's SSLSocket against a Torsion server, and Torsion against Torsion. */
class TlsOverSocketsTest {

    static Reactor reactor;
    static ListeningPort port;
    static TlsConfig serverConfig;
    static TlsConfig clientConfig;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "localhost");
        serverConfig = TlsConfig.serverFromPkcs12(cert.keystore(), SelfSignedCertificate.KEYSTORE_PASSWORD.toCharArray());
        clientConfig = TlsConfig.clientTrusting(cert.certificate());
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        port = reactor.listenTcp("127.0.0.1", 0, serverConfig.wrap(remote -> new TlsProtocolTest.Echo()));
    }

    @AfterAll
    static void stop() {
        reactor.close();
    }

    @Test
    void sixteenMebibytesEchoOverTlsAtRandomWriteSizes() throws Exception {
        byte[] payload = new byte[16 << 20];
        new Random(16).nextBytes(payload);
        try (SSLSocket socket = (SSLSocket) clientConfig.context().getSocketFactory()
                .createSocket("localhost", port.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                Random sizes = new Random(1);
                try {
                    int i = 0;
                    while (i < payload.length) {
                        int n = Math.min(payload.length - i, 1 + sizes.nextInt(100_000));
                        out.write(payload, i, n);
                        i += n;
                    }
                    out.flush();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            byte[] back = new byte[payload.length];
            new DataInputStream(socket.getInputStream()).readFully(back);
            writer.join();
            assertThat(back).isEqualTo(payload);
            assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void torsionClientTalksToTorsionServer() throws Exception {
        TlsProtocolTest.Collect app = new TlsProtocolTest.Collect();
        TlsProtocol tls = clientConfig.wrapClient("localhost", port.port(), app);
        reactor.connectTcp("127.0.0.1", port.port(), remote -> tls).get(5, TimeUnit.SECONDS);
        tls.handshake().get(5, TimeUnit.SECONDS);
        CompletableFuture<Void> wrote = new CompletableFuture<>();
        app.transport.scheduler().execute(() -> {
            app.transport.write("over tls".getBytes());
            wrote.complete(null);
        });
        wrote.get(5, TimeUnit.SECONDS);
        await().atMost(5, TimeUnit.SECONDS).until(() -> readOnLoop(app).equals("over tls"));
        app.transport.loseConnection();
        await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
        assertThat(app.lost).isInstanceOf(dev.torsion.reactor.ConnectionDone.class);
    }

    @Test
    void tls12StillWorksAndOlderVersionsAreRefused() throws Exception {
        try (SSLSocket socket = (SSLSocket) clientConfig.context().getSocketFactory()
                .createSocket("localhost", port.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
        try (SSLSocket socket = (SSLSocket) clientConfig.context().getSocketFactory()
                .createSocket("localhost", port.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.1"});
            socket.setSoTimeout(5000);
            org.assertj.core.api.Assertions.assertThatThrownBy(socket::startHandshake)
                    .isInstanceOf(javax.net.ssl.SSLException.class);
        } catch (IllegalArgumentException unsupportedByThisJdk) {
            // a JDK that cannot even offer TLS 1.1 proves the point as well
        }
    }

    @Test
    void aPlaintextClientOnTheTlsPortIsClosedWithoutAHang() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            // the server answers with an alert (or nothing) and closes: read ends with EOF, not a timeout
            byte[] rest = socket.getInputStream().readAllBytes();
            assertThat(rest.length).isLessThan(100);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
    }

    @Test
    void aClientThatLeavesMidHandshakeLeavesNoConnectionBehind() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00});
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
    }

    private static String readOnLoop(TlsProtocolTest.Collect app) throws Exception {
        CompletableFuture<String> s = new CompletableFuture<>();
        app.transport.scheduler().execute(() -> s.complete(app.received.toString()));
        return s.get(5, TimeUnit.SECONDS);
    }
}
