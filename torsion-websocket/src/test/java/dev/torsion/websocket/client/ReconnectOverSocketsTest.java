package dev.torsion.websocket.client;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Site;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.server.EchoHandler;
import dev.torsion.websocket.server.WebSocketResource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Over real sockets: the server goes away, stays away for a few attempts, comes back; so does the client. */
class ReconnectOverSocketsTest {

    @Test
    void theClientComesBackAfterTheServerRestarts() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Recording handler = new Recording();
        Server server = Server.start(0);
        int port = server.port();
        try (Reactor clientReactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            ReconnectingWebSocket ws = ReconnectingWebSocket.builder(WebSocketClient.builder(clientReactor).build(),
                            URI.create("ws://127.0.0.1:" + port + "/"), handler)
                    .policy(ReconnectPolicy.defaults().withDelays(Duration.ofMillis(50), Duration.ofMillis(200)))
                    .listener(new ReconnectListener() {
                        @Override
                        public void attemptFailed(int attempt, Throwable cause) {
                            events.add("failed");
                        }

                        @Override
                        public void connected(WebSocketSession session, int attempt) {
                            events.add("connected");
                        }

                        @Override
                        public void disconnected(dev.torsion.websocket.CloseCode code, String reason, boolean clean) {
                            events.add("disconnected " + code.code());
                        }
                    }).start();
            await().atMost(5, TimeUnit.SECONDS).until(() -> ws.session().isPresent());
            ws.session().get().sendText("before");
            assertThat(handler.next()).isEqualTo("before");

            server.close(); // stops its reactor, aborting every connection: the client sees 1006 and starts retrying
            await().atMost(5, TimeUnit.SECONDS).until(() -> events.stream().filter("failed"::equals).count() >= 2);
            assertThat(ws.session()).isEmpty();

            server = Server.start(port);
            await().atMost(5, TimeUnit.SECONDS).until(() -> ws.session().isPresent());
            ws.session().get().sendText("after");
            assertThat(handler.next()).isEqualTo("after");
            assertThat(events).startsWith("connected", "disconnected 1006", "failed", "failed").endsWith("connected");

            ws.close();
            await().atMost(5, TimeUnit.SECONDS).until(() -> !ws.isRunning() && ws.session().isEmpty());
        } finally {
            server.close();
        }
    }

    /** An echo server on its own reactor, so that stopping it drops every connection. */
    record Server(Reactor reactor, int port) implements AutoCloseable {
        static Server start(int port) throws Exception {
            Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
            return new Server(reactor, reactor.listenTcp("127.0.0.1", port,
                    new Site(WebSocketResource.builder(new EchoHandler()).build())).port());
        }

        @Override
        public void close() {
            reactor.close();
        }
    }
}
