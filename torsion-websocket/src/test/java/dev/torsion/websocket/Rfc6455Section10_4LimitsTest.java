package dev.torsion.websocket;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6455 section 10.4 (limits on frame and message size): over a limit the connection fails with 1009. */
class Rfc6455Section10_4LimitsTest {

    private static Harness limited(long frame, long message) {
        return new Harness(Role.CLIENT, WebSocketConfig.defaults().withMaxFrameSize(frame).withMaxMessageSize(message));
    }

    @Test
    void theDefaultsAre16MiB() {
        assertThat(WebSocketConfig.defaults().maxFrameSize()).isEqualTo(16L << 20);
        assertThat(WebSocketConfig.defaults().maxMessageSize()).isEqualTo(16L << 20);
    }

    @Test
    void aFrameAtTheLimitPassesAndOneByteMoreFails() {
        byte[] atLimit = Hex.concat(Hex.bytes("82 7e 00 c8"), new byte[200]);
        Expect.sameForEveryCut(() -> limited(200, 1000), atLimit, List.of("binary:" + "00".repeat(200)), List.of());
        byte[] over = Hex.concat(Hex.bytes("82 7e 00 c9"), new byte[201]);
        Expect.failsForEveryCut(() -> limited(200, 1000), over, 1009);
    }

    @Test
    void anOversizedFrameFailsFromItsHeaderBeforeThePayloadArrives() {
        Harness h = limited(1000, 1 << 20).feed(Hex.bytes("82 7f 00 00 00 00 7f ff ff ff"));
        assertThat(h.connection.closeCode()).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
        assertThat(Frames.decode(h.takeWritten(), Role.CLIENT)).containsExactly(Frames.close(1009));
    }

    @Test
    void aMessageOverTheLimitFailsEvenWhenEachFrameFits() {
        byte[] frames = Hex.bytes("01 03 616263", "00 03 646566", "80 03 676869");
        Expect.sameForEveryCut(() -> limited(200, 9), frames, List.of("text:abcdefghi"), List.of());
        Expect.failsForEveryCut(() -> limited(200, 8), frames, 1009);
    }

    @Test
    void controlFramesDoNotCountAgainstTheMessage() {
        byte[] frames = Hex.bytes("01 03 616263", "89 03 010203", "80 01 64");
        Expect.sameForEveryCut(() -> limited(200, 4), frames, List.of("ping:010203", "text:abcd"),
                List.of("PONG fin 010203"));
    }
}
