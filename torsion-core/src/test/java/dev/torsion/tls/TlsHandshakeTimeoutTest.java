package dev.torsion.tls;

import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryPipe;
import dev.torsion.testing.MemoryTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bound on a TLS handshake, on a fake clock: a stalled peer is cut off, a finished handshake is not. */
class TlsHandshakeTimeoutTest {

    static TlsConfig server;
    static TlsConfig client;

    @BeforeAll
    static void certificates(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "localhost");
        server = TlsConfig.serverFromPem(cert.certificate(), cert.privateKey());
        client = TlsConfig.clientTrusting(cert.certificate());
    }

    @Test
    void aPeerThatStallsMidHandshakeIsAbortedWhenTheTimeoutPasses() {
        FakeClock clock = new FakeClock();
        TlsProtocolTest.Echo echo = new TlsProtocolTest.Echo();
        TlsProtocol tls = (TlsProtocol) server.withHandshakeTimeout(Duration.ofSeconds(5)).wrap(remote -> echo)
                .buildProtocol(null);
        MemoryTransport t = new MemoryTransport(clock).connect(tls);
        t.receive(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01}); // half a ClientHello, then nothing
        clock.advance(Duration.ofMillis(4999));
        assertThat(t.isDisconnecting()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(t.isAborted()).isTrue();
        assertThat(tls.handshake()).isCompletedExceptionally();
        assertThatThrownBy(() -> tls.handshake().join()).hasMessageContaining("TLS handshake timed out after 5000 ms");
        assertThat(echo.transport).isNull();
    }

    @Test
    void aFinishedHandshakeCancelsTheTimer() {
        TlsProtocolTest.Echo echo = new TlsProtocolTest.Echo();
        TlsProtocolTest.Collect app = new TlsProtocolTest.Collect();
        TlsProtocol serverSide = new TlsProtocol(server.newServerEngine(), echo, Duration.ofSeconds(5));
        MemoryPipe pipe = MemoryPipe.connect(client.wrapClient("localhost", 443, app), serverSide, 1000);
        pipe.pump();
        assertThat(serverSide.handshake()).isCompleted();
        pipe.clock().advance(Duration.ofMinutes(1));
        app.transport.write("still here".getBytes());
        pipe.pump();
        assertThat(app.received.toString()).isEqualTo("still here");
        assertThat(pipe.serverTransport().isDisconnecting()).isFalse();
    }

    @Test
    void theDefaultIsTenSecondsAndNegativeIsRefused() {
        assertThat(server.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> server.withHandshakeTimeout(Duration.ofSeconds(-1))).hasMessageContaining("negative");
        assertThatThrownBy(() -> server.withProtocols()).hasMessageContaining("at least one");
    }
}
