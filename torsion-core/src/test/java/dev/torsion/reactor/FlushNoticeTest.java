package dev.torsion.reactor;

import dev.torsion.testing.MemoryTransport;
import dev.torsion.tls.SelfSignedCertificate;
import dev.torsion.tls.TlsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link Transport#writeMark()} and {@link Transport#notifyFlushed}: a protocol learns when the bytes it wrote
 * have been handed to the operating system, over TCP (a callback's output leaves at its end; a full socket
 * holds the rest until the peer reads), over TLS (once the records that carry them left), and in memory.
 */
class FlushNoticeTest {

    private Reactor reactor;

    @BeforeEach
    void start() {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    /** Writes what it is told on connect, asks for the notice, and counts the notices. */
    static final class Writer implements Protocol {
        final CompletableFuture<Transport> made = new CompletableFuture<>();
        final AtomicInteger notices = new AtomicInteger();
        volatile boolean flushedAtOnce;
        volatile long mark;
        private final int bytes;

        Writer(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public void connectionMade(Transport transport) {
            transport.write(ByteBuffer.allocate(bytes));
            mark = transport.writeMark();
            flushedAtOnce = transport.notifyFlushed(mark);
            made.complete(transport);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
        }

        @Override
        public void outputFlushed() {
            notices.incrementAndGet();
        }

        @Override
        public void connectionLost(Throwable reason) {
        }
    }

    @Test
    void aSmallWriteIsFlushedAtTheEndOfTheCallbackThatMadeIt() throws Exception {
        Writer server = new Writer(100);
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            Transport transport = server.made.get(5, TimeUnit.SECONDS);
            assertThat(server.flushedAtOnce).as("staged, not yet sent, inside the callback").isFalse();
            await().atMost(5, TimeUnit.SECONDS).until(() -> server.notices.get() == 1);
            assertThat(server.mark).isEqualTo(100);
            assertThat(LoopCalls.onLoop(transport.scheduler(), () -> transport.notifyFlushed(server.mark))).isTrue();
            new DataInputStream(socket.getInputStream()).readFully(new byte[100]);
        }
    }

    @Test
    void aWriteTheSocketCannotTakeIsFlushedOnlyOnceThePeerHasReadIt() throws Exception {
        int big = 32 << 20;
        Writer server = new Writer(big);
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            socket.setReceiveBufferSize(64 * 1024);
            Transport transport = server.made.get(5, TimeUnit.SECONDS);
            assertThat(server.flushedAtOnce).isFalse();
            assertThat(LoopCalls.onLoop(transport.scheduler(), transport::bufferedAmount)).isPositive();
            assertThat(server.notices.get()).as("the peer has read nothing").isZero();
            new DataInputStream(socket.getInputStream()).readFully(new byte[big]);
            await().atMost(10, TimeUnit.SECONDS).until(() -> server.notices.get() == 1);
            assertThat(server.notices.get()).isEqualTo(1);
        }
    }

    @Test
    void overTlsTheNoticeComesWhenTheRecordsLeft(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "localhost");
        TlsConfig serverTls = TlsConfig.serverFromPem(cert.certificate(), cert.privateKey());
        int big = 8 << 20;
        Writer server = new Writer(big);
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, serverTls.wrap(remote -> server));
        try (SSLSocket socket = (SSLSocket) TlsConfig.clientTrusting(cert.certificate()).context().getSocketFactory()
                .createSocket("localhost", port.port())) {
            socket.startHandshake();
            server.made.get(10, TimeUnit.SECONDS);
            assertThat(server.mark).isEqualTo(big);
            assertThat(server.flushedAtOnce).isFalse();
            assertThat(server.notices.get()).isZero();
            new DataInputStream(socket.getInputStream()).readFully(new byte[big]);
            await().atMost(10, TimeUnit.SECONDS).until(() -> server.notices.get() == 1);
        }
    }

    @Test
    void inMemoryBytesAreHandedOverWhenWrittenUnlessTheSocketIsBlocked() {
        Writer protocol = new Writer(10);
        MemoryTransport transport = new MemoryTransport();
        transport.connect(protocol);
        assertThat(protocol.flushedAtOnce).isTrue();
        transport.setSocketBlocked(true);
        transport.write(ByteBuffer.allocate(5));
        assertThat(transport.notifyFlushed(transport.writeMark())).isFalse();
        assertThat(protocol.notices.get()).isZero();
        transport.setSocketBlocked(false);
        assertThat(protocol.notices.get()).isEqualTo(1);
        assertThat(transport.notifyFlushed(15)).isTrue();
    }
}
