package dev.torsion.reactor;

import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A protocol hands its connection to another one; every later callback reaches the new protocol only. */
class SwitchProtocolTest {

    @Test
    void afterTheSwitchTheNewProtocolGetsEveryCallback() throws Exception {
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            Recorder next = new Recorder();
            Recorder first = new Recorder() {
                @Override
                public synchronized void dataReceived(ByteBuffer data) {
                    super.dataReceived(data);
                    transport.switchProtocol(next);
                    next.connectionMade(transport);
                }
            };
            ListeningPort port = reactor.listenTcp("127.0.0.1", 0, remote -> first);
            try (Socket socket = new Socket("127.0.0.1", port.port())) {
                socket.getOutputStream().write('a');
                next.made.get(5, TimeUnit.SECONDS);
                socket.getOutputStream().write("bc".getBytes());
                assertThat(new String(next.receivedAtLeast(2).get(5, TimeUnit.SECONDS))).isEqualTo("bc");
            }
            assertThat(next.lost.get(5, TimeUnit.SECONDS)).isInstanceOf(ConnectionDone.class);
            assertThat(first.receivedCount()).isEqualTo(1);
            assertThat(first.events).containsExactly("made");
            await().atMost(5, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 0);
        }
    }
}
