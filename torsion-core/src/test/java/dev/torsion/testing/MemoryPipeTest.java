package dev.torsion.testing;

import dev.torsion.protocols.LineReceiver;
import dev.torsion.reactor.ConnectionDone;
import dev.torsion.reactor.ConnectionLost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryPipeTest {

    static class Shouter extends LineReceiver {
        final List<String> lines = new ArrayList<>();
        Throwable lost;

        @Override
        protected void lineReceived(String line) {
            lines.add(line);
            if (line.startsWith("say ")) {
                sendLine(line.substring(4).toUpperCase());
            } else if (line.equals("bye")) {
                sendLine("BYE");
                transport.loseConnection();
            }
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost = reason;
        }
    }

    static class Client extends LineReceiver {
        final List<String> lines = new ArrayList<>();
        Throwable lost;

        @Override
        protected void lineReceived(String line) {
            lines.add(line);
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost = reason;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 1000})
    void pumpsBothWaysInChunks(int chunk) {
        Shouter server = new Shouter();
        Client client = new Client();
        MemoryPipe pipe = MemoryPipe.connect(client, server, chunk);
        client.sendLine("say hello");
        client.sendLine("say again");
        assertThat(pipe.pump()).isTrue();
        assertThat(server.lines).containsExactly("say hello", "say again");
        assertThat(client.lines).containsExactly("HELLO", "AGAIN");
        assertThat(pipe.pump()).isFalse();
    }

    @Test
    void anOrderlyCloseDeliversTheLastBytesThenEof() {
        Shouter server = new Shouter();
        Client client = new Client();
        MemoryPipe pipe = MemoryPipe.connect(client, server, 4);
        client.sendLine("bye");
        pipe.pump();
        assertThat(client.lines).containsExactly("BYE");
        assertThat(server.lost).isInstanceOf(ConnectionDone.class);
        assertThat(pipe.clientTransport().eofWasReceived()).isTrue();
        assertThat(client.lost).isInstanceOf(ConnectionDone.class);
    }

    @Test
    void anAbortResetsThePeer() {
        Shouter server = new Shouter();
        Client client = new Client();
        MemoryPipe pipe = MemoryPipe.connect(client, server);
        pipe.clientTransport().abortConnection();
        pipe.pump();
        assertThat(server.lost).isInstanceOf(ConnectionLost.class).hasMessageContaining("reset");
    }
}
