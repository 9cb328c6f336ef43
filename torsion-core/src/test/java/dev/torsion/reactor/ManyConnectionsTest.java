package dev.torsion.reactor;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A thousand connections open at once, each getting back exactly its own bytes. */
class ManyConnectionsTest {

    @Test
    void aThousandConcurrentConnectionsEachGetTheirOwnEcho() throws Exception {
        try (Reactor server = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
             Reactor clients = Reactor.create(ReactorConfig.defaults().withEventLoops(2))) {
            ListeningPort port = server.listenTcp("127.0.0.1", 0, remote -> new Echo());
            int n = 1000;
            List<Recorder> recorders = new ArrayList<>();
            List<CompletableFuture<Protocol>> connects = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Recorder r = new Recorder();
                recorders.add(r);
                connects.add(clients.connectTcp("127.0.0.1", port.port(), remote -> r));
            }
            CompletableFuture.allOf(connects.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
            // a client's connect completes when the kernel finishes the TCP handshake, before the server's accept
            org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> server.connectionCount() == n);
            List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] message = ("connection " + i + " says hello").repeat(1 + i % 7).getBytes(StandardCharsets.UTF_8);
                echoes.add(recorders.get(i).receivedAtLeast(message.length));
                recorders.get(i).transport.write(message);
            }
            for (int i = 0; i < n; i++) {
                String expected = ("connection " + i + " says hello").repeat(1 + i % 7);
                assertThat(new String(echoes.get(i).get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                        .isEqualTo(expected);
            }
        }
    }
}
