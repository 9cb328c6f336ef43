package dev.torsion.tls;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.reactor.Transport;
import dev.torsion.testing.MemoryPipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS on the fast write path: a read's writes and a gathered header and payload become as few records as
 * possible, a write allocates no output buffer, an idle connection keeps no input buffer, and writes from
 * other threads count in bufferedAmount while they hop onto the loop.
 */
class TlsWritePathTest {

    /** Forwards to the TLS client and records the ciphertext it receives, to count records. */
    static final class Tap implements Protocol {
        final TlsProtocol tls;
        final ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();

        Tap(TlsProtocol tls) {
            this.tls = tls;
        }

        @Override
        public void connectionMade(Transport transport) {
            tls.connectionMade(transport);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            ByteBuffer copy = data.duplicate();
            byte[] b = new byte[copy.remaining()];
            copy.get(b);
            ciphertext.writeBytes(b);
            tls.dataReceived(data);
        }

        @Override
        public boolean eofReceived() {
            return tls.eofReceived();
        }

        @Override
        public void connectionLost(Throwable reason) {
            tls.connectionLost(reason);
        }

        /** Application-data records (type 23) in the ciphertext from byte {@code from} on. */
        int recordsSince(int from) {
            byte[] all = ciphertext.toByteArray();
            int records = 0;
            for (int i = from; i + 5 <= all.length; i += 5 + ((all[i + 3] & 0xff) << 8 | all[i + 4] & 0xff)) {
                if (all[i] == 23) {
                    records++;
                }
            }
            return records;
        }
    }

    /** Answers each read with {@code n} small writes. */
    static final class Chatty implements Protocol {
        final int n;
        Transport transport;

        Chatty(int n) {
            this.n = n;
        }

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            data.position(data.limit());
            for (int i = 0; i < n; i++) {
                if (i % 2 == 0) {
                    ByteBuffer claim = transport.claimWrite(20);
                    claim.put(new byte[20]);
                    transport.commitWrite(claim);
                } else {
                    transport.write(ByteBuffer.wrap(new byte[20]));
                }
            }
        }

        @Override
        public void connectionLost(Throwable reason) {
        }
    }

    @Test
    void aReadsWritesAndAGatheredWriteBecomeOneRecordEach(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "localhost");
        TlsConfig server = TlsConfig.serverFromPem(cert.certificate(), cert.privateKey());
        TlsConfig client = TlsConfig.clientTrusting(cert.certificate());
        Chatty chatty = new Chatty(100);
        TlsProtocolTest.Collect app = new TlsProtocolTest.Collect();
        TlsProtocol serverSide = new TlsProtocol(server.newServerEngine(), chatty);
        Tap tap = new Tap(client.wrapClient("localhost", 443, app));
        MemoryPipe pipe = MemoryPipe.connect(tap, serverSide, 7);
        pipe.pump();
        int mark = tap.ciphertext.size();
        app.transport.write("go".getBytes());
        pipe.pump();
        assertThat(app.received.size()).isEqualTo(2000);
        assertThat(tap.recordsSince(mark)).as("records for 100 writes made during one read").isEqualTo(1);

        mark = tap.ciphertext.size();
        chatty.transport.write(ByteBuffer.wrap(new byte[] {(byte) 0x82, 100}), ByteBuffer.wrap(new byte[100]));
        pipe.pump();
        assertThat(tap.recordsSince(mark)).as("records for a gathered header and payload").isEqualTo(1);
        assertThat(serverSide.holdsInputBuffer()).as("the server keeps no input buffer when idle").isFalse();
        assertThat(tap.tls.holdsInputBuffer()).isFalse();
    }

    @Test
    void offLoopWritesCountUntilTheyHopAndAWriteAllocatesNoRecordBuffer(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "localhost");
        TlsConfig server = TlsConfig.serverFromPem(cert.certificate(), cert.privateKey());
        TlsConfig client = TlsConfig.clientTrusting(cert.certificate());
        CompletableFuture<Transport> made = new CompletableFuture<>();
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            ListeningPort port = reactor.listenTcp("127.0.0.1", 0, server.wrap(remote -> new TlsProtocolTest.Echo() {
                @Override
                public void connectionMade(Transport transport) {
                    super.connectionMade(transport);
                    made.complete(transport);
                }
            }));
            try (SSLSocket socket = (SSLSocket) client.context().getSocketFactory().createSocket("localhost", port.port())) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                Transport tls = made.get(10, TimeUnit.SECONDS);
                // Hold the loop so a write from this thread stays in its hop.
                CountDownLatch release = new CountDownLatch(1);
                CountDownLatch held = new CountDownLatch(1);
                tls.scheduler().execute(() -> {
                    held.countDown();
                    awaitQuietly(release);
                });
                held.await(10, TimeUnit.SECONDS);
                tls.write(ByteBuffer.wrap(new byte[1000]));
                assertThat(tls.bufferedAmount()).as("a write still hopping onto the loop").isGreaterThanOrEqualTo(1000);
                release.countDown();
                new DataInputStream(socket.getInputStream()).readFully(new byte[1000]);

                // 1,000 writes of 100 bytes on the loop: the records go into the TCP staging, no buffer each.
                long perWrite = dev.torsion.reactor.LoopCalls.onLoop(tls.scheduler(), () -> {
                    com.sun.management.ThreadMXBean threads =
                            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                    long id = Thread.currentThread().getId();
                    ByteBuffer payload = ByteBuffer.allocate(100);
                    for (int i = 0; i < 200; i++) {
                        tls.write(payload.duplicate()); // warm-up
                    }
                    long before = threads.getThreadAllocatedBytes(id);
                    for (int i = 0; i < 1000; i++) {
                        tls.write(payload.duplicate());
                    }
                    return (threads.getThreadAllocatedBytes(id) - before) / 1000;
                });
                new DataInputStream(socket.getInputStream()).readFully(new byte[1200 * 100]);
                assertThat(perWrite).as("bytes allocated per 100-byte TLS write").isLessThan(2048);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (tls.bufferedAmount() != 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(tls.bufferedAmount()).isZero();
            }
        }
    }


    /**
     * Torsion to Torsion over TLS and real sockets, 16 MiB each way as a WebSocket echo writes it (a small
     * header and a large payload in one gathered write): everything comes back, whatever fills up on the way.
     * (Records wrapped into fresh pooled chunks once the socket is full used to be taken for "nothing
     * written", and four such in a row aborted the connection: the 16 MiB echo over TLS stalled.)
     */
    @Test
    void sixteenMebibytesGoBothWaysBetweenTorsionEnds(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "localhost");
        TlsConfig server = TlsConfig.serverFromPem(cert.certificate(), cert.privateKey());
        TlsConfig client = TlsConfig.clientTrusting(cert.certificate());
        byte[] payload = new byte[16 << 20];
        new java.util.Random(16).nextBytes(payload);
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2))) {
            ListeningPort port = reactor.listenTcp("127.0.0.1", 0, server.wrap(remote -> new TlsProtocolTest.Echo()));
            CompletableFuture<byte[]> back = new CompletableFuture<>();
            TlsProtocolTest.Collect app = new TlsProtocolTest.Collect() {
                @Override
                public void dataReceived(ByteBuffer data) {
                    super.dataReceived(data);
                    if (received.size() >= payload.length + 2) {
                        back.complete(received.toByteArray());
                    }
                }
            };
            TlsProtocol tls = client.wrapClient("localhost", port.port(), app);
            reactor.connectTcp("127.0.0.1", port.port(), remote -> tls).get(5, TimeUnit.SECONDS);
            tls.handshake().get(5, TimeUnit.SECONDS);
            app.transport.write(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(payload));
            byte[] all = back.get(30, TimeUnit.SECONDS);
            assertThat(all.length).isEqualTo(payload.length + 2);
            assertThat(java.util.Arrays.equals(all, 2, all.length, payload, 0, payload.length)).isTrue();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
