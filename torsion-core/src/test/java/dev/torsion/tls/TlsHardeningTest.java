package dev.torsion.tls;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.reactor.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TLS wrapper's defences over real sockets: no spinning while a handshake waits, renegotiation refused,
 * SNI and ALPN seen by the server, and a TLS 1.3 half-close that lets the server answer after the client's
 * close_notify.
 */
class TlsHardeningTest {

    static Reactor reactor;
    static ListeningPort echoPort;
    static ListeningPort capturePort;
    static ListeningPort halfClosePort;
    static TlsConfig serverConfig;
    static TlsConfig clientConfig;
    static final LinkedBlockingQueue<TlsProtocol> accepted = new LinkedBlockingQueue<>();
    static final AtomicInteger eofCalls = new AtomicInteger();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "localhost");
        serverConfig = TlsConfig.serverFromPem(cert.certificate(), cert.privateKey());
        clientConfig = TlsConfig.clientTrusting(cert.certificate());
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1).withThreadNamePrefix("tls-hardening-"));
        echoPort = reactor.listenTcp("127.0.0.1", 0, serverConfig.wrap(remote -> new TlsProtocolTest.Echo()));
        capturePort = reactor.listenTcp("127.0.0.1", 0, remote -> {
            TlsProtocol tls = new TlsProtocol(serverConfig.newServerEngine(), new TlsProtocolTest.Echo());
            accepted.add(tls);
            return tls;
        });
        halfClosePort = reactor.listenTcp("127.0.0.1", 0, serverConfig.wrap(remote -> new AnswersAfterEof()));
    }

    @AfterAll
    static void stop() {
        reactor.close();
    }

    @Test
    void aHandshakeWaitingForThePeerCostsNoCpu() throws Exception {
        Thread loop = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("tls-hardening-")).findFirst().orElseThrow();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Socket socket = new Socket("127.0.0.1", echoPort.port())) {
            // a record header announcing 512 bytes of handshake, then only the first few of them
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc});
            socket.getOutputStream().flush();
            // the connection is on the loop and the loop has had a turn since the bytes were sent
            await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 1);
            CompletableFuture<Void> turn = new CompletableFuture<>();
            reactor.eventLoops().get(0).execute(() -> turn.complete(null));
            turn.get(5, TimeUnit.SECONDS);
            // Over a window of wall time, a loop that waits uses next to no CPU and a spinning one nearly all the
            // CPU it is given. Load can only lower a spinner's share, never raise a waiter's: the bound is a
            // quarter of the window, far from both, so a busy machine cannot make the test fail.
            long before = threads.getThreadCpuTime(loop.getId());
            long start = System.nanoTime();
            Thread.sleep(1000); // the measuring window, not a wait for something to happen
            long window = System.nanoTime() - start;
            long used = threads.getThreadCpuTime(loop.getId()) - before;
            assertThat(used).as("CPU nanoseconds the loop used in %d ms while the handshake waited", window / 1_000_000)
                    .isLessThan(window / 4);
            assertThat(reactor.connectionCount()).isEqualTo(1);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
    }

    @Test
    void renegotiationIsRefused() throws Exception {
        try (SSLSocket socket = (SSLSocket) clientConfig.context().getSocketFactory()
                .createSocket("localhost", echoPort.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setSoTimeout(5000);
            socket.startHandshake();
            socket.getOutputStream().write("one".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readNBytes(3), StandardCharsets.US_ASCII)).isEqualTo("one");
            boolean refused;
            try {
                socket.startHandshake(); // a new ClientHello on the established connection
                socket.getOutputStream().write("two".getBytes(StandardCharsets.US_ASCII));
                refused = socket.getInputStream().read() == -1;
            } catch (IOException e) {
                refused = true;
            }
            assertThat(refused).as("the renegotiating client is cut off").isTrue();
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
    }

    @Test
    void theServerSeesTheClientsSniNameAndAlpn() throws Exception {
        accepted.clear();
        TlsProtocolTest.Collect app = new TlsProtocolTest.Collect();
        TlsProtocol client = clientConfig.wrapClient("localhost", capturePort.port(), app);
        reactor.connectTcp("127.0.0.1", capturePort.port(), remote -> client).get(5, TimeUnit.SECONDS);
        client.handshake().get(5, TimeUnit.SECONDS);
        TlsProtocol server = accepted.poll(5, TimeUnit.SECONDS);
        SSLSession session = server.handshake().get(5, TimeUnit.SECONDS);
        assertThat(((ExtendedSSLSession) session).getRequestedServerNames()).containsExactly(new SNIHostName("localhost"));
        assertThat(onLoop(() -> server.engine().getApplicationProtocol())).isEqualTo("http/1.1");
        assertThat(onLoop(() -> client.engine().getApplicationProtocol())).isEqualTo("http/1.1");
        client.loseConnection();
        await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
    }

    @Test
    void anIpAddressIsNotSentAsSni() throws Exception {
        accepted.clear();
        TlsProtocol client = TlsConfig.insecureClient().wrapClient("127.0.0.1", capturePort.port(),
                new TlsProtocolTest.Collect());
        reactor.connectTcp("127.0.0.1", capturePort.port(), remote -> client).get(5, TimeUnit.SECONDS);
        client.handshake().get(5, TimeUnit.SECONDS);
        SSLSession session = accepted.poll(5, TimeUnit.SECONDS).handshake().get(5, TimeUnit.SECONDS);
        assertThat(((ExtendedSSLSession) session).getRequestedServerNames()).isEmpty();
        client.loseConnection();
        await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
    }

    @Test
    void afterTheClientsCloseNotifyTheServerMayStillAnswerOnce() throws Exception {
        eofCalls.set(0);
        try (SSLSocket socket = (SSLSocket) clientConfig.context().getSocketFactory()
                .createSocket("localhost", halfClosePort.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("question".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.shutdownOutput(); // close_notify and a TCP half-close
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("answer to: question");
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
        assertThat(eofCalls.get()).as("eofReceived calls").isEqualTo(1);
    }

    private static <T> T onLoop(java.util.function.Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        reactor.callFromThread(() -> f.complete(s.get()));
        return f.get(5, TimeUnit.SECONDS);
    }

    /** Collects what the client says and answers only after the client has finished sending. */
    static final class AnswersAfterEof implements Protocol {
        private Transport transport;
        private final StringBuilder question = new StringBuilder();

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            question.append(StandardCharsets.US_ASCII.decode(data));
        }

        @Override
        public boolean eofReceived() {
            eofCalls.incrementAndGet();
            // answer a little later, so that the TCP FIN behind the close_notify arrives meanwhile
            transport.scheduler().callLater(Duration.ofMillis(200), () -> {
                transport.write(("answer to: " + question).getBytes(StandardCharsets.US_ASCII));
                transport.loseConnection();
            });
            return true;
        }

        @Override
        public void connectionLost(Throwable reason) {
        }
    }
}
