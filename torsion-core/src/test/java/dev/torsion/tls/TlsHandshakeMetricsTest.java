package dev.torsion.tls;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.LoopMetrics;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS handshakes counted on the loop's metrics: the JDK's SSLSocket completes two, a client that speaks plain
 * HTTP to the TLS port fails one.
 */
class TlsHandshakeMetricsTest {

    static Reactor reactor;
    static ListeningPort port;
    static TlsConfig clientConfig;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "localhost");
        TlsConfig server = TlsConfig.serverFromPkcs12(cert.keystore(), SelfSignedCertificate.KEYSTORE_PASSWORD.toCharArray());
        clientConfig = TlsConfig.clientTrusting(cert.certificate());
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        port = reactor.listenTcp("127.0.0.1", 0, server.wrap(remote -> new TlsProtocolTest.Echo()));
    }

    @AfterAll
    static void stop() {
        reactor.close();
    }

    @Test
    void completedAndFailedHandshakesAreCountedExactly() throws Exception {
        LoopMetrics metrics = reactor.loopMetrics().get(0);
        for (int i = 0; i < 2; i++) {
            try (SSLSocket socket = (SSLSocket) clientConfig.context().getSocketFactory()
                    .createSocket("localhost", port.port())) {
                socket.startHandshake();
                socket.getOutputStream().write('x');
                assertThat(socket.getInputStream().read()).isEqualTo('x');
            }
        }
        try (Socket plain = new Socket("127.0.0.1", port.port())) {
            OutputStream out = plain.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(plain.getInputStream().readAllBytes().length).isLessThan(64);   // an alert at most
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.tlsHandshakeFailures() == 1);
        assertThat(metrics.tlsHandshakes()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.connections() == 0);
        assertThat(metrics.connectionsOpened()).isEqualTo(3);
    }
}
