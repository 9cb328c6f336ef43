package dev.torsion.websocket;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 6455 section 5.5: control frames (ping, pong, limits on control frames). */
class Rfc6455Section5_5ControlFramesTest {

    @Test
    void section5_7UnmaskedPingIsAnsweredWithAPongCarryingItsPayload() {
        Expect.sameForEveryCut(Harness::client, Hex.bytes("0x89 0x05 0x48 0x65 0x6c 0x6c 0x6f"),
                List.of("ping:48656c6c6f"), List.of("PONG fin 48656c6c6f"));
    }

    @Test
    void aServerAnswersAMaskedPingWithAnUnmaskedPong() {
        byte[] ping = Rfc6455Section5_4FragmentationTest.mask(Hex.bytes("89 05 48 65 6c 6c 6f"));
        Harness h = Harness.server().feed(ping);
        assertThat(h.takeWrittenHex()).isEqualTo("8a0548656c6c6f");
    }

    @Test
    void section5_7MaskedPongIsReportedAndNotAnswered() {
        byte[] pong = Hex.bytes("0x8a 0x85 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58");
        Expect.sameForEveryCut(Harness::server, pong, List.of("pong:48656c6c6f"), List.of());
    }

    @Test
    void aPingWith125BytesIsAllowed() {
        byte[] payload = new byte[125];
        java.util.Arrays.fill(payload, (byte) 0xfe);
        byte[] frame = Hex.concat(Hex.bytes("89 7d"), payload);
        Expect.sameForEveryCut(Harness::client, frame, List.of("ping:" + Hex.of(payload)),
                List.of("PONG fin " + Hex.of(payload)));
    }

    @Test
    void aControlFrameOver125BytesIsAProtocolError() {
        Expect.failsForEveryCut(Harness::client, Hex.concat(Hex.bytes("89 7e 00 7e"), new byte[126]), 1002);
        Expect.failsForEveryCut(Harness::client, Hex.bytes("8a 7f 00 00 00 00 00 00 00 7e"), 1002);
    }

    @Test
    void aFragmentedControlFrameIsAProtocolError() {
        Expect.failsForEveryCut(Harness::client, Hex.bytes("09 00"), 1002);
        Expect.failsForEveryCut(Harness::client, Hex.bytes("0a 01 00"), 1002);
        Expect.failsForEveryCut(Harness::client, Hex.bytes("08 00"), 1002);
    }

    @Test
    void sendingAControlFrameOver125BytesIsRefused() {
        Harness h = Harness.client();
        assertThatThrownBy(() -> h.connection.sendPing(ByteBuffer.allocate(126)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendPing");
        assertThatThrownBy(() -> h.connection.sendPong(ByteBuffer.allocate(126)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendPong");
    }

    @Test
    void aClientMasksItsPingAndAServerReadsIt() {
        Harness client = Harness.client();
        client.connection.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        byte[] wire = client.takeWritten();
        assertThat(wire[1] & 0x80).isEqualTo(0x80);
        Harness server = Harness.server().feed(wire);
        assertThat(server.events).containsExactly("ping:010203");
        assertThat(server.takeWrittenHex()).isEqualTo("8a03010203");
    }

    @Test
    void noPongIsSentAfterThePeersCloseFrame() {
        Harness h = Harness.client();
        h.connection.sendFragment(true, ByteBuffer.wrap(new byte[] {0x41}), false);
        h.feed(Hex.bytes("88 02 03 e8 89 00"));
        assertThat(h.connection.state()).isEqualTo(ConnectionState.REMOTE_CLOSING);
        assertThat(Frames.decode(h.takeWritten(), Role.CLIENT)).containsExactly("TEXT more 41");
    }
}
