package dev.torsion.reactor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Failed connects, exceptions thrown by protocol code, and a misbehaving connection among good ones. */
class ErrorsTest {

    private Reactor reactor;

    @BeforeEach
    void start() {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
    }

    @AfterEach
    void stop() {
        reactor.close();
    }

    @Test
    void connectToAClosedPortFailsTheFutureNamingTheAddress() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> reactor.connectTcp("127.0.0.1", closedPort, remote -> new Echo())
                .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ConnectException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void connectToAnUnknownHostFailsTheFuture() {
        assertThatThrownBy(() -> reactor.connectTcp("no-such-host.invalid", 80, remote -> new Echo())
                .get(30, TimeUnit.SECONDS))
                .cause().hasMessageContaining("no-such-host.invalid");
    }

    @Test
    void listeningOnAPortInUseSaysWhich() throws Exception {
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> new Echo());
        assertThatThrownBy(() -> reactor.listenTcp("127.0.0.1", port.port(), remote -> new Echo()))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("127.0.0.1:" + port.port());
    }

    @Test
    void anExceptionInDataReceivedReachesConnectionLostAndSparesOtherConnections() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Recorder bad = new Recorder() {
            @Override
            public synchronized void dataReceived(ByteBuffer data) {
                throw boom;
            }
        };
        ListeningPort badPort = reactor.listenTcp("127.0.0.1", 0, remote -> bad);
        ListeningPort goodPort = reactor.listenTcp("127.0.0.1", 0, remote -> new Echo());
        try (Socket good = new Socket("127.0.0.1", goodPort.port());
             Socket victim = new Socket("127.0.0.1", badPort.port())) {
            victim.getOutputStream().write(1);
            assertThat(bad.lost.get(5, TimeUnit.SECONDS)).isSameAs(boom);
            good.getOutputStream().write("still echoing".getBytes());
            byte[] back = new byte[13];
            new DataInputStream(good.getInputStream()).readFully(back);
            assertThat(new String(back)).isEqualTo("still echoing");
        }
    }

    @Test
    void anExceptionInConnectionMadeAbortsThatConnection() throws Exception {
        RuntimeException boom = new RuntimeException("made failed");
        Recorder bad = new Recorder() {
            @Override
            public void connectionMade(Transport transport) {
                throw boom;
            }
        };
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> bad);
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            assertThat(bad.lost.get(5, TimeUnit.SECONDS)).isSameAs(boom);
            socket.setSoTimeout(5000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aFactoryThatThrowsOrRefusesClosesTheConnectionOnly() throws Exception {
        ListeningPort throwing = reactor.listenTcp("127.0.0.1", 0, remote -> {
            throw new IllegalStateException("factory broke");
        });
        ListeningPort refusing = reactor.listenTcp("127.0.0.1", 0, remote -> null);
        for (ListeningPort p : new ListeningPort[] {throwing, refusing}) {
            try (Socket socket = new Socket("127.0.0.1", p.port())) {
                socket.setSoTimeout(5000);
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
        }
        assertThat(throwing.isListening()).isTrue();
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheLoop() throws Exception {
        reactor.callFromThread(() -> {
            throw new IllegalStateException("task broke");
        });
        java.util.concurrent.CompletableFuture<String> after = new java.util.concurrent.CompletableFuture<>();
        reactor.callFromThread(() -> after.complete("ran"));
        assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
    }

    @Test
    void connectTcpCanBindTheLocalAddress() throws Exception {
        Recorder server = new Recorder();
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        reactor.connectTcp("127.0.0.1", port.port(), remote -> new Echo(), java.time.Duration.ofSeconds(5),
                new java.net.InetSocketAddress("127.0.0.2", 0)).get(5, TimeUnit.SECONDS);
        Transport t = server.made.get(5, TimeUnit.SECONDS);
        assertThat(((java.net.InetSocketAddress) t.remoteAddress()).getAddress().getHostAddress()).isEqualTo("127.0.0.2");
    }

    @Test
    void aLocalAddressThatCannotBeBoundFailsTheConnect() {
        assertThatThrownBy(() -> reactor.connectTcp("127.0.0.1", 9, remote -> new Echo(),
                java.time.Duration.ofSeconds(5), new java.net.InetSocketAddress("192.0.2.1", 0)).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(ConnectException.class).hasMessageContaining("127.0.0.1:9");
    }
}
