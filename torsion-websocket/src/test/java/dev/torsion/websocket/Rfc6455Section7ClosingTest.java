package dev.torsion.websocket;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 6455 section 7 (closing the connection) and the state machine around it. */
class Rfc6455Section7ClosingTest {

    private static byte[] clientClose(String hexPayload) {
        byte[] payload = Hex.bytes(hexPayload);
        return Rfc6455Section5_4FragmentationTest.mask(Hex.concat(new byte[] {(byte) 0x88, (byte) payload.length}, payload));
    }

    @Test
    void aServerEchoesThePeersCodeAndThenClosesTcp() {
        Expect.sameForEveryCut(Harness::server, clientClose("03e8 627965"),
                List.of("closeReceived:1000:bye", "closeTransport"), List.of(Frames.close(1000)));
        Harness h = Harness.server().feed(clientClose("0fa0"));
        assertThat(h.connection.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(h.connection.wasClean()).isTrue();
        assertThat(h.connection.closeCode().code()).isEqualTo(4000);
    }

    @Test
    void aClientEchoesThenWaitsForTheServerToCloseTcp() {
        Harness h = Harness.client().feed(Hex.bytes("88 02 03 e9"));
        assertThat(h.events).containsExactly("closeReceived:1001:", "startCloseTimer");
        assertThat(Frames.decode(h.takeWritten(), Role.CLIENT)).containsExactly(Frames.close(1001));
        assertThat(h.connection.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(h.connection.receiveEof()).isFalse();
        assertThat(h.events).endsWith("closeTransport");
        assertThat(h.connection.wasClean()).isTrue();
    }

    @Test
    void anEmptyCloseIsReportedAs1005AndAnsweredWithAnEmptyClose() {
        Harness h = Harness.server().feed(clientClose(""));
        assertThat(h.events).containsExactly("closeReceived:1005:", "closeTransport");
        assertThat(h.takeWrittenHex()).isEqualTo("8800");
        assertThat(h.connection.closeCode()).isEqualTo(CloseCode.NO_STATUS_RECEIVED);
    }

    @Test
    void aLocalCloseWaitsForThePeersCloseThenTheServerClosesTcp() {
        Harness h = Harness.server();
        h.connection.close(CloseCode.GOING_AWAY, "restart");
        assertThat(h.connection.state()).isEqualTo(ConnectionState.LOCAL_CLOSING);
        assertThat(h.events).containsExactly("startCloseTimer");
        assertThat(Frames.decode(h.takeWritten(), Role.SERVER)).containsExactly("CLOSE fin 03e9" + Hex.of("restart".getBytes()));
        h.feed(clientClose("03e9"));
        assertThat(h.events).containsExactly("startCloseTimer", "closeReceived:1001:", "closeTransport");
        assertThat(h.takeWritten()).isEmpty();
        assertThat(h.connection.wasClean()).isTrue();
    }

    @Test
    void dataStillArrivesWhileWaitingForThePeersClose() {
        Harness h = Harness.client();
        h.connection.close();
        h.feed(Hex.bytes("81 02 68 69 88 00"));
        assertThat(h.events).containsExactly("startCloseTimer", "text:hi", "closeReceived:1005:");
    }

    @Test
    void messagesSentBeforeCloseAreWrittenBeforeTheCloseFrame() {
        Harness h = Harness.server();
        h.connection.sendText("one");
        h.connection.sendBinary(ByteBuffer.wrap(new byte[5000]));
        h.connection.close();
        List<String> frames = Frames.decode(h.takeWritten(), Role.SERVER);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).isEqualTo("TEXT fin 6f6e65");
        assertThat(frames.get(1)).startsWith("BINARY fin 0000");
        assertThat(frames.get(2)).isEqualTo(Frames.close(1000));
    }

    @Test
    void aOneBytePayloadIsAProtocolError() {
        Expect.failsForEveryCut(Harness::server, clientClose("03"), 1002);
    }

    @Test
    void anInvalidUtf8ReasonFailsWith1007() {
        Expect.failsForEveryCut(Harness::server, clientClose("03e8 ff"), 1007);
        Expect.failsForEveryCut(Harness::server, clientClose("03e8 eda080"), 1007);
    }

    @Test
    void codesThatMayNotBeSentAreRefused() {
        Harness h = Harness.server();
        for (CloseCode code : List.of(CloseCode.NO_STATUS_RECEIVED, CloseCode.ABNORMAL_CLOSURE, CloseCode.TLS_HANDSHAKE)) {
            assertThatThrownBy(() -> h.connection.close(code, "")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(code.code()));
            assertThatThrownBy(() -> h.connection.fail(code, "")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(h.takeWritten()).isEmpty();
    }

    @Test
    void aReasonOver123BytesIsRefused() {
        Harness h = Harness.server();
        assertThatThrownBy(() -> h.connection.close(CloseCode.NORMAL_CLOSURE, "x".repeat(124)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 123");
        h.connection.close(CloseCode.NORMAL_CLOSURE, "é".repeat(61) + "x");
        assertThat(h.connection.state()).isEqualTo(ConnectionState.LOCAL_CLOSING);
    }

    @Test
    void illegalCallsNameTheCallAndTheState() {
        Harness h = Harness.server();
        h.connection.close();
        assertThatThrownBy(() -> h.connection.sendText("x")).isInstanceOf(IllegalStateException.class)
                .hasMessage("sendText: not allowed in state LOCAL_CLOSING");
        assertThatThrownBy(() -> h.connection.sendBinary(ByteBuffer.allocate(1))).hasMessage("sendBinary: not allowed in state LOCAL_CLOSING");
        assertThatThrownBy(() -> h.connection.sendPing(ByteBuffer.allocate(0))).hasMessage("sendPing: not allowed in state LOCAL_CLOSING");
        assertThatThrownBy(() -> h.connection.close()).hasMessage("close: not allowed in state LOCAL_CLOSING");
        assertThatThrownBy(() -> h.connection.open()).hasMessage("open: not allowed in state LOCAL_CLOSING");
        h.feed(clientClose("03e8"));
        assertThatThrownBy(() -> h.connection.sendPong(ByteBuffer.allocate(0))).hasMessage("sendPong: not allowed in state CLOSED");
        Harness connecting = new Harness(Role.CLIENT, WebSocketConfig.defaults(), false);
        assertThatThrownBy(() -> connecting.connection.sendText("x")).hasMessage("sendText: not allowed in state CONNECTING");
    }

    @Test
    void eofWithoutAClosingHandshakeIsAnAbnormalClosure() {
        Harness h = Harness.server();
        assertThat(h.connection.receiveEof()).isFalse();
        assertThat(h.events).containsExactly("closeTransport");
        assertThat(h.takeWritten()).isEmpty();
        assertThat(h.connection.closeCode()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
        assertThat(h.connection.wasClean()).isFalse();
    }

    @Test
    void lostTransportWhileWaitingForTheCloseIsAbnormal() {
        Harness h = Harness.server();
        h.connection.close();
        h.connection.transportLost("reset");
        assertThat(h.connection.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(h.connection.closeCode()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
        assertThat(h.connection.closeReason()).isEqualTo("reset");
    }

    @Test
    void thePeersCloseWaitsForTheEndOfAFragmentedMessageBeingSent() {
        Harness h = Harness.server();
        h.connection.sendFragment(true, ByteBuffer.wrap(new byte[] {0x61}), false);
        h.feed(clientClose("03e8"));
        assertThat(h.connection.state()).isEqualTo(ConnectionState.REMOTE_CLOSING);
        assertThat(h.events).containsExactly("closeReceived:1000:", "startCloseTimer");
        assertThat(h.connection.receiveEof()).as("stay half-open: a close frame is still owed").isTrue();
        h.connection.sendFragment(true, ByteBuffer.wrap(new byte[] {0x62}), true);
        assertThat(Frames.decode(h.takeWritten(), Role.SERVER))
                .containsExactly("TEXT more 61", "CONTINUATION fin 62", Frames.close(1000));
        assertThat(h.connection.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(h.events).endsWith("closeTransport");
    }

    @Test
    void failingSendsOneCloseFrameWithAnEmptyReasonAndKeepsTheTextLocal() {
        Harness h = Harness.server();
        h.connection.fail(CloseCode.POLICY_VIOLATION, "slow consumer");
        h.connection.fail(CloseCode.INTERNAL_ERROR, "again");
        assertThat(Frames.decode(h.takeWritten(), Role.SERVER)).containsExactly(Frames.close(1008));
        assertThat(h.events).containsExactly("closeTransport");
        assertThat(h.connection.closeReason()).isEqualTo("slow consumer");
        assertThat(h.connection.closeCode()).isEqualTo(CloseCode.POLICY_VIOLATION);
    }

    @Test
    void failingAfterSendingACloseSendsNoSecondCloseFrame() {
        Harness h = Harness.server();
        h.connection.close();
        h.takeWritten();
        h.feed(Hex.bytes("81 00"));
        assertThat(h.takeWritten()).isEmpty();
        assertThat(h.connection.closeCode()).isEqualTo(CloseCode.PROTOCOL_ERROR);
    }
}
