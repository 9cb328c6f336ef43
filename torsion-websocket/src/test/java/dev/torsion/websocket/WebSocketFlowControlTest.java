package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.http.HttpHeaders;
import dev.torsion.websocket.frame.Opcode;
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
        assertThat(session.sendBinary(new byte[600])).as("accepted: under the bound before it").isTrue();
        assertThatThrownBy(() -> session.sendBinary(new byte[600])).isInstanceOf(SendQueueFullException.class)
                .hasMessageContaining("sendBinary: send queue full: 1208 bytes queued, limit 1000");
        assertThat(session.isOpen()).isTrue();
        transport.setSocketBlocked(false);
        assertThat(session.sendBinary(new byte[600])).isTrue();
    }

    @Test
    void aMessageLargerThanTheBoundIsAcceptedWhileTheQueueIsUnderIt() {
        WebSocketSession session = connect(100, OverflowPolicy.FAIL_SEND);
        assertThat(session.sendBinary(new byte[50])).isTrue();
        assertThat(session.sendBinary(new byte[5000])).isTrue();
        assertThatThrownBy(() -> session.sendBinary(new byte[1])).isInstanceOf(SendQueueFullException.class);
    }

    @Test
    void dropCountsTheDroppedMessages() {
        WebSocketSession session = connect(1000, OverflowPolicy.DROP);
        assertThat(session.sendText("x".repeat(900))).isTrue();
        assertThat(session.sendText("y".repeat(200))).isTrue();
        assertThat(session.sendText("z".repeat(200))).isFalse();
        assertThat(session.sendText("z".repeat(200))).isFalse();
        assertThat(session.droppedMessages()).isEqualTo(2);
        transport.setSocketBlocked(false);
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
        session.sendBinary(new byte[200]);
        assertThat(session.sendBinary(new byte[200])).isFalse();
        assertThat(session.isOpen()).isFalse();
        assertThat(session.sendText("after")).isFalse();
        transport.setSocketBlocked(false);
        List<String> frames = Frames.decode(transport.takeWritten(), Role.SERVER);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(2)).isEqualTo(Frames.close(code));
        assertThat(transport.isLost()).isTrue();
        assertThat(handler.events).containsExactly("open", "close:" + code + ":false");
        assertThat(handler.closeReason).contains("send queue overflow");
    }

    /**
     * RFC 6455 allows a peer to put control frames between the fragments of a message; with the defaults it may
     * send a 16 MiB message in 1,000 fragments with a ping after each. The pongs wait in the send queue (here
     * the socket is full), and the message must still be echoed: the bound counts what is queued before a
     * message, and 6,000 bytes of pongs are far under it.
     */
    @Test
    void aLegalMessageIsEchoedWhateverPongsAreQueuedAndTheBoundStillHolds() {
        // reading goes on while the transport is full, so that the last message below is read and echoed
        transport.connect(TransportWebSocket.server(new dev.torsion.websocket.server.EchoHandler(),
                TransportWebSocketTest.NO_PING.withPauseReadingWhileUnwritable(false), null, HttpHeaders.empty()));
        transport.setSocketBlocked(true);
        int fragments = 1000;
        int size = 16 * 1024 * 1024 / fragments;
        byte[] piece = new byte[size];
        for (int i = 0; i < fragments; i++) {
            boolean last = i == fragments - 1;
            int pieceSize = last ? 16 * 1024 * 1024 - size * (fragments - 1) : size;
            byte[] bytes = last ? new byte[pieceSize] : piece;
            transport.receive(Frames.masked(i == 0 ? Opcode.BINARY : Opcode.CONTINUATION, last, 0, bytes));
            transport.receive(Frames.masked(Opcode.PING, true, 0, new byte[] {1, 2, 3, 4}));
        }
        assertThat(transport.isDisconnecting()).as("the echo was accepted; the connection lives").isFalse();
        long queued = transport.bufferedAmount();
        assertThat(queued).as("the pongs and the echo").isEqualTo(1000 * 6 + (10 + 16 * 1024 * 1024));
        // the bound holds: with the echo queued, the next message is refused
        transport.receive(Frames.masked(Opcode.BINARY, true, 0, new byte[] {9}));
        transport.setSocketBlocked(false);
        assertThat(transport.isDisconnecting()).isTrue();
        List<String> frames = Frames.decode(transport.takeWritten(), Role.SERVER);
        assertThat(frames.get(frames.size() - 1)).as("the echo of the refused message failed with 1011")
                .isEqualTo(Frames.close(1011));
        assertThat(frames.stream().filter(f -> f.startsWith("BINARY"))).hasSize(1);
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
