package dev.torsion.tls;

import dev.torsion.reactor.ConnectionDone;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;
import dev.torsion.testing.MemoryPipe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS as a protocol wrapper, in memory: handshake, data and close_notify for any split of the records. */
class TlsProtocolTest {

    static TlsConfig server;
    static TlsConfig client;

    @BeforeAll
    static void certificates(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "localhost");
        server = TlsConfig.serverFromPem(cert.certificate(), cert.privateKey());
        client = TlsConfig.clientTrusting(cert.certificate());
    }

    static class Echo implements Protocol {
        Transport transport;
        Throwable lost;

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(ByteBuffer.allocate(data.remaining()).put(data).flip());
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost = reason;
        }
    }

    static class Collect implements Protocol {
        Transport transport;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        Throwable lost;
        boolean eof;

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            received.writeBytes(b);
        }

        @Override
        public boolean eofReceived() {
            eof = true;
            return false;
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost = reason;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 5000, Integer.MAX_VALUE})
    void handshakeAndEchoForEverySplit(int chunk) {
        Echo echo = new Echo();
        Collect app = new Collect();
        TlsProtocol serverSide = new TlsProtocol(server.newServerEngine(), echo);
        TlsProtocol clientSide = client.wrapClient("localhost", 443, app);
        MemoryPipe pipe = MemoryPipe.connect(clientSide, serverSide, chunk);
        pipe.pump();
        assertThat(clientSide.handshake()).isCompleted();
        assertThat(serverSide.handshake()).isCompleted();
        assertThat(app.transport).isNotNull();
        byte[] payload = new byte[70_000];
        new Random(chunk).nextBytes(payload);
        app.transport.write(ByteBuffer.wrap(payload));
        pipe.pump();
        assertThat(app.received.toByteArray()).isEqualTo(payload);
        assertThat(clientSide.engine().getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(clientSide.engine().getApplicationProtocol()).isEqualTo("http/1.1");
    }

    @Test
    void writesBeforeTheHandshakeCompletesAreSentAfterIt() {
        Echo echo = new Echo();
        Collect app = new Collect() {
            @Override
            public void connectionMade(Transport transport) {
                super.connectionMade(transport);
                transport.write("first".getBytes());
            }
        };
        MemoryPipe pipe = MemoryPipe.connect(client.wrapClient("localhost", 443, app),
                new TlsProtocol(server.newServerEngine(), echo), 3);
        pipe.pump();
        assertThat(app.received.toString()).isEqualTo("first");
    }

    @Test
    void loseConnectionSendsCloseNotifyAndThePeerSeesAnOrderlyEnd() {
        Echo echo = new Echo();
        Collect app = new Collect();
        MemoryPipe pipe = MemoryPipe.connect(client.wrapClient("localhost", 443, app),
                new TlsProtocol(server.newServerEngine(), echo), 11);
        pipe.pump();
        app.transport.write("bye".getBytes());
        app.transport.loseConnection();
        pipe.pump();
        assertThat(echo.lost).isInstanceOf(ConnectionDone.class);
        assertThat(app.lost).isInstanceOf(ConnectionDone.class);
    }

    @Test
    void aWrongCertificateFailsTheHandshakeAndNeverReachesTheApplication() throws Exception {
        Echo echo = new Echo();
        Collect app = new Collect();
        TlsProtocol clientSide = TlsConfig.client().wrapClient("localhost", 443, app); // default CAs: untrusted
        TlsProtocol serverSide = new TlsProtocol(server.newServerEngine(), echo);
        MemoryPipe pipe = MemoryPipe.connect(clientSide, serverSide, 1000);
        pipe.pump();
        assertThat(clientSide.handshake()).isCompletedExceptionally();
        assertThat(app.transport).isNull();
        assertThat(echo.transport).isNull();
        assertThat(pipe.clientTransport().isLost()).isTrue();
        assertThat(pipe.serverTransport().isLost()).isTrue();
    }

    @Test
    void plaintextOnTheTlsPortIsRefusedWithoutHanging() {
        Echo echo = new Echo();
        TlsProtocol serverSide = new TlsProtocol(server.newServerEngine(), echo);
        dev.torsion.testing.MemoryTransport t = new dev.torsion.testing.MemoryTransport().connect(serverSide);
        t.receive("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(serverSide.handshake()).isCompletedExceptionally();
        assertThat(t.isDisconnecting()).isTrue();
        assertThat(echo.transport).isNull();
    }

    @Test
    void aPeerThatLeavesMidHandshakeFailsTheHandshake() {
        Echo echo = new Echo();
        TlsProtocol serverSide = new TlsProtocol(server.newServerEngine(), echo);
        dev.torsion.testing.MemoryTransport t = new dev.torsion.testing.MemoryTransport().connect(serverSide);
        t.receive(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01}); // the start of a ClientHello
        t.receiveEof();
        assertThat(serverSide.handshake()).isCompletedExceptionally();
        assertThat(t.isLost()).isTrue();
        assertThat(echo.transport).isNull();
    }
}
