package dev.torsion.reactor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Echo over real loopback sockets, from one byte up to 16 MiB, with a plain blocking socket as the peer. */
class TcpEchoTest {

    private Reactor reactor;
    private ListeningPort port;

    @BeforeEach
    void start() throws Exception {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        port = reactor.listenTcp("127.0.0.1", 0, remote -> new Echo());
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 100, 65_535, 65_536, 65_537, 1 << 20, 16 << 20})
    void echoesEveryByteBack(int size) throws Exception {
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(payload);
                    out.flush();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            byte[] echoed = new byte[size];
            new DataInputStream(socket.getInputStream()).readFully(echoed);
            writer.join();
            assertThat(echoed).isEqualTo(payload);
        }
    }

    @Test
    void portZeroReportsTheChosenPort() {
        assertThat(port.port()).isGreaterThan(0);
        assertThat(port.address().getPort()).isEqualTo(port.port());
    }

    @Test
    void stopListeningReleasesThePort() throws Exception {
        int number = port.port();
        port.stopListening().get(5, TimeUnit.SECONDS);
        assertThat(port.isListening()).isFalse();
        // the port is free again: binding it succeeds (a connect test could reach another process that
        // happened to take the freed port on a busy machine)
        try (java.net.ServerSocket again = new java.net.ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new java.net.InetSocketAddress("127.0.0.1", number));
            assertThat(again.getLocalPort()).isEqualTo(number);
        }
    }

    @Test
    void reactorClientEchoesThroughReactorServer() throws Exception {
        Recorder client = new Recorder();
        reactor.connectTcp("127.0.0.1", port.port(), remote -> client).get(5, TimeUnit.SECONDS);
        byte[] payload = new byte[300_000];
        new Random(7).nextBytes(payload);
        client.transport.write(payload);
        assertThat(client.receivedAtLeast(payload.length).get(10, TimeUnit.SECONDS)).isEqualTo(payload);
    }

    @Test
    void peerCloseReachesConnectionLostAsConnectionDone() throws Exception {
        Recorder server = new Recorder();
        ListeningPort p = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket socket = new Socket("127.0.0.1", p.port())) {
            server.made.get(5, TimeUnit.SECONDS);
        }
        Throwable reason = server.lost.get(5, TimeUnit.SECONDS);
        assertThat(reason).isInstanceOf(ConnectionDone.class).hasMessageContaining("peer");
        assertThat(server.events).containsExactly("made", "eof", "lost");
    }

    @Test
    void peerResetReachesConnectionLostAsConnectionLost() throws Exception {
        Recorder server = new Recorder();
        ListeningPort p = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        Socket socket = new Socket("127.0.0.1", p.port());
        server.made.get(5, TimeUnit.SECONDS);
        // Unread data in the server's direction makes close() send RST; linger 0 forces it.
        socket.setSoLinger(true, 0);
        server.transport.write(new byte[1000]);
        await().atMost(5, TimeUnit.SECONDS).until(() -> socket.getInputStream().available() > 0);
        socket.close();
        Throwable reason = server.lost.get(5, TimeUnit.SECONDS);
        assertThat(reason).isInstanceOf(ConnectionLost.class).hasMessageContaining("connection lost");
    }

    @Test
    void readsStopAfterTheClientSentEverythingAndEchoEndsCleanly() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            socket.getOutputStream().write("hello".getBytes());
            socket.shutdownOutput();
            socket.setSoTimeout(10_000); // a read that never ends fails instead of hanging the build
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            assertThat(new String(all)).isEqualTo("hello");
        }
    }
}
