package dev.torsion.reactor;

import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Graceful shutdown: stop accepting, let connections finish, abort the rest at the deadline. */
class ShutdownTest {

    @Test
    void gracefulShutdownLetsCooperativeConnectionsCloseAndAbortsTheRestAtTheDeadline() throws Exception {
        Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        Recorder cooperative = new Recorder() {
            @Override
            public void shutdownRequested() {
                events.add("shutdown");
                transport.write("bye".getBytes());
                transport.loseConnection();
            }
        };
        Recorder stubborn = new Recorder();
        ListeningPort nice = reactor.listenTcp("127.0.0.1", 0, remote -> cooperative);
        ListeningPort mean = reactor.listenTcp("127.0.0.1", 0, remote -> stubborn);
        try (Socket a = new Socket("127.0.0.1", nice.port()); Socket b = new Socket("127.0.0.1", mean.port())) {
            cooperative.made.get(5, TimeUnit.SECONDS);
            stubborn.made.get(5, TimeUnit.SECONDS);
            long start = System.nanoTime();
            var done = reactor.shutdownGracefully(Duration.ofMillis(300));
            a.setSoTimeout(10_000); // a read that never ends fails instead of hanging the build
            assertThat(new String(a.getInputStream().readAllBytes())).isEqualTo("bye");
            assertThat(cooperative.lost.get(5, TimeUnit.SECONDS)).isInstanceOf(ConnectionDone.class);
            done.get(5, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
            assertThat(stubborn.lost.get(5, TimeUnit.SECONDS)).isInstanceOf(ConnectionLost.class)
                    .hasMessageContaining("deadline");
            assertThat(nice.isListening()).isFalse();
            assertThatThrownBy(() -> new Socket("127.0.0.1", nice.port()).close())
                    .isInstanceOf(java.net.ConnectException.class);
        }
        assertThat(reactor.connectionCount()).isZero();
    }

    @Test
    void gracefulShutdownWithNoConnectionsEndsAtOnce() throws Exception {
        Reactor reactor = Reactor.create();
        reactor.listenTcp("127.0.0.1", 0, remote -> new Echo());
        // done well inside the deadline: it did not wait for it (no wall-clock bound, which load could break)
        reactor.shutdownGracefully(Duration.ofMinutes(10)).get(60, TimeUnit.SECONDS);
        assertThatThrownBy(() -> reactor.listenTcp("127.0.0.1", 0, remote -> new Echo()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopping");
    }

    @Test
    void stopAbortsOpenConnections() throws Exception {
        Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        Recorder server = new Recorder();
        ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> server);
        try (Socket ignored = new Socket("127.0.0.1", port.port())) {
            server.made.get(5, TimeUnit.SECONDS);
            reactor.close();
            assertThat(server.lost.get(5, TimeUnit.SECONDS)).isInstanceOf(ConnectionLost.class)
                    .hasMessageContaining("reactor stopped");
        }
    }
}
