package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.MemoryTransport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounded send queue, its overflow policies, the drain callback and read pausing. */
class WebSocketFlowControlTest {

    private final MemoryTransport transport = new MemoryTransport();
    private final RecordingHandler handler = new RecordingHandler();

    private WebSocketSession connect(long bound, OverflowPolicy policy) {
        transport.connect(TransportWebSocket.server(handler,
                TransportWebSocketTest.NO_PING.withSendQueue(bound, policy), null, HttpHeaders.empty()));
        transport.setSocketBlocked(true);
        return handler.session;
    }

    @Test
    void theDefaultPolicyFailsTheSendWithAClearError() {
        assertThat(WebSocketConfig.defaults().overflowPolicy()).isEqualTo(OverflowPolicy.FAIL_SEND);
        WebSocketSession session = connect(1000, OverflowPolicy.FAIL_SEND);
        assertThat(session.sendBinary(new byte[600])).isTrue();
        assertThat(session.bufferedAmount()).isEqualTo(604);
        assertThatThrownBy(() -> session.sendBinary(new byte[600])).isInstanceOf(SendQueueFullException.class)
                .hasMessageContaining("sendBinary: send queue full: 604 bytes queued, limit 1000");
        assertThat(session.isOpen()).isTrue();
        transport.setSocketBlocked(false);
        assertThat(session.sendBinary(new byte[600])).isTrue();
    }

    @Test
    void aMessageLargerThanTheBoundIsAcceptedWhenNothingIsQueued() {
        WebSocketSession session = connect(100, OverflowPolicy.FAIL_SEND);
        assertThat(session.sendBinary(new byte[5000])).isTrue();
    }

    @Test
    void dropCountsTheDroppedMessages() {
        WebSocketSession session = connect(1000, OverflowPolicy.DROP);
        session.sendText("x".repeat(900));
        assertThat(session.sendText("y".repeat(200))).isFalse();
        assertThat(session.sendText("z".repeat(200))).isFalse();
        assertThat(session.droppedMessages()).isEqualTo(2);
        assertThat(session.sendText("fits")).isTrue();
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void closePolicyViolationFailsTheConnectionWith1008() {
        assertClosesWith(OverflowPolicy.CLOSE_POLICY_VIOLATION, 1008);
    }

    @Test
    void closeTryAgainLaterFailsTheConnectionWith1013() {
        assertClosesWith(OverflowPolicy.CLOSE_TRY_AGAIN_LATER, 1013);
    }

    private void assertClosesWith(OverflowPolicy policy, int code) {
        WebSocketSession session = connect(1000, policy);
        session.sendBinary(new byte[900]);
        assertThat(session.sendBinary(new byte[200])).isFalse();
        assertThat(session.isOpen()).isFalse();
        assertThat(session.sendText("after")).isFalse();
        transport.setSocketBlocked(false);
        List<String> frames = Frames.decode(transport.takeWritten(), Role.SERVER);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(1)).isEqualTo(Frames.close(code));
        assertThat(transport.isLost()).isTrue();
        assertThat(handler.events).containsExactly("open", "close:" + code + ":false");
        assertThat(handler.closeReason).contains("send queue overflow");
    }

    @Test
    void aFullTransportPausesReadingAndTheDrainResumesItAndTellsTheApplication() {
        WebSocketSession session = connect(1 << 20, OverflowPolicy.FAIL_SEND);
        session.sendBinary(new byte[70_000]);
        assertThat(session.isWritable()).isFalse();
        assertThat(transport.isReadingPaused()).isTrue();
        transport.receive(TransportWebSocketTest.clientText("held"));
        assertThat(handler.events).containsExactly("open");
        transport.setSocketBlocked(false);
        assertThat(transport.isReadingPaused()).isFalse();
        assertThat(handler.events).containsExactly("open", "text:held", "drain");
        assertThat(session.isWritable()).isTrue();
    }
}
