package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.frame.Opcode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ping interval, pong timeout, round-trip time, close timeout and idle timeout, driven by a FakeClock. */
class WebSocketLivenessTest {

    private final FakeClock clock = new FakeClock();
    private final MemoryTransport transport = new MemoryTransport(clock);
    private final RecordingHandler handler = new RecordingHandler();

    private void connect(WebSocketConfig config) {
        transport.connect(TransportWebSocket.server(handler, config, null, HttpHeaders.empty()));
    }

    @Test
    void livenessIsOnByDefault() {
        assertThat(WebSocketConfig.defaults().pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(WebSocketConfig.defaults().pongTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(WebSocketConfig.defaults().closeTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aPingIsSentEveryIntervalAndItsPongGivesTheRoundTripTime() {
        connect(WebSocketConfig.defaults());
        clock.advance(Duration.ofSeconds(29));
        assertThat(transport.takeWritten()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        byte[] ping = transport.takeWritten();
        assertThat(ping).hasSize(10);
        assertThat(Hex.of(ping)).startsWith("8908");
        clock.advance(Duration.ofMillis(250));
        transport.receive(TransportWebSocketTest.clientFrame(Opcode.PONG, Arrays.copyOfRange(ping, 2, 10)));
        assertThat(handler.session.lastRoundTripTime()).contains(Duration.ofMillis(250));
        clock.advance(Duration.ofSeconds(30));
        assertThat(Hex.of(transport.takeWritten())).startsWith("8908");
        assertThat(transport.isLost()).isFalse();
    }

    @Test
    void noPongWithinTheTimeoutAbortsAndTellsTheApplicationWhy() {
        connect(WebSocketConfig.defaults());
        clock.advance(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(9));
        assertThat(transport.isLost()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(transport.isAborted()).isTrue();
        assertThat(handler.events).containsExactly("open", "close:1006:false");
        assertThat(handler.closeReason).contains("pong timeout");
        assertThat(handler.session.lastRoundTripTime()).isEmpty();
    }

    @Test
    void anUnsolicitedPongAlsoCountsAsLife() {
        connect(WebSocketConfig.defaults());
        clock.advance(Duration.ofSeconds(30));
        transport.receive(TransportWebSocketTest.clientFrame(Opcode.PONG, new byte[0]));
        clock.advance(Duration.ofSeconds(15));
        assertThat(transport.isLost()).isFalse();
        assertThat(handler.session.lastRoundTripTime()).isEmpty();
    }

    @Test
    void anApplicationPingMeasuresTheRoundTripTime() {
        connect(TransportWebSocketTest.NO_PING);
        handler.session.ping();
        byte[] ping = transport.takeWritten();
        clock.advance(Duration.ofMillis(40));
        transport.receive(TransportWebSocketTest.clientFrame(Opcode.PONG, Arrays.copyOfRange(ping, 2, 10)));
        assertThat(handler.session.lastRoundTripTime()).contains(Duration.ofMillis(40));
        assertThat(handler.events).containsExactly("open", "pong");
    }

    @Test
    void aCloseHandshakeThatIsNotAnsweredIsAbortedAfterTheCloseTimeout() {
        connect(TransportWebSocketTest.NO_PING);
        handler.session.close();
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("880203e8");
        clock.advance(Duration.ofSeconds(9));
        assertThat(transport.isLost()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(transport.isAborted()).isTrue();
        assertThat(handler.events).containsExactly("open", "close:1006:false");
        assertThat(handler.closeReason).contains("close timeout");
    }

    @Test
    void theCloseTimerStopsPings() {
        connect(WebSocketConfig.defaults().withCloseTimeout(Duration.ofSeconds(60)));
        handler.session.close();
        transport.takeWritten();
        clock.advance(Duration.ofSeconds(45));
        assertThat(transport.takeWritten()).isEmpty();
        assertThat(transport.isLost()).isFalse();
    }

    @Test
    void anIdleConnectionIsClosedWith1001() {
        connect(TransportWebSocketTest.NO_PING.withIdleTimeout(Duration.ofSeconds(60)));
        clock.advance(Duration.ofSeconds(50));
        transport.receive(TransportWebSocketTest.clientText("still here"));
        clock.advance(Duration.ofSeconds(10));
        assertThat(transport.takeWritten()).isEmpty();
        handler.session.sendText("me too");
        transport.takeWritten();
        clock.advance(Duration.ofSeconds(59));
        assertThat(transport.takeWritten()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(Frames.decode(transport.takeWritten(), Role.SERVER))
                .containsExactly("CLOSE fin 03e9" + Hex.of("idle timeout".getBytes()));
        transport.receive(TransportWebSocketTest.clientFrame(Opcode.CLOSE, Hex.bytes("03e9")));
        assertThat(handler.events).isEqualTo(List.of("open", "text:still here", "close:1001:true"));
    }
}
