package dev.torsion.cli;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What Ctrl-C does: the echo server's graceful shutdown closes open WebSocket connections with 1001. */
class EchoShutdownTest {

    @Test
    void gracefulShutdownSaysGoingAwayToEveryClient() throws Exception {
        EchoServerFixture server = new EchoServerFixture("/");
        HttpClient http = HttpClient.newHttpClient();
        EchoInteropTest.Collector first = new EchoInteropTest.Collector();
        EchoInteropTest.Collector second = new EchoInteropTest.Collector();
        WebSocket a = http.newWebSocketBuilder().buildAsync(URI.create(server.wsUrl("/")), first).get(10, TimeUnit.SECONDS);
        WebSocket b = http.newWebSocketBuilder().buildAsync(URI.create(server.wsUrl("/")), second).get(10, TimeUnit.SECONDS);
        a.sendText("still here", true).get(5, TimeUnit.SECONDS);
        assertThat(first.next().get(5, TimeUnit.SECONDS)).isEqualTo("still here");

        var done = server.reactor.shutdownGracefully(Duration.ofSeconds(5));
        assertThat(first.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1001);
        assertThat(second.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1001);
        // the JDK client answers the close by itself; then the server closes TCP and the shutdown ends well
        // before its deadline
        done.get(4, TimeUnit.SECONDS);
        assertThat(server.reactor.connectionCount()).isZero();
    }
}
