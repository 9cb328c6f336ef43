package dev.torsion.websocket;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 6455 section 5.4: fragmentation, control frames between fragments, sequencing errors. */
class Rfc6455Section5_4FragmentationTest {

    /** Section 5.7: "Hel" then "lo", unmasked. */
    private static final byte[] FRAGMENTED_HELLO = Hex.bytes("0x01 0x03 0x48 0x65 0x6c", "0x80 0x02 0x6c 0x6f");

    @Test
    void section5_7FragmentedUnmaskedTextIsDeliveredWhole() {
        Expect.sameForEveryCut(Harness::client, FRAGMENTED_HELLO, List.of("text:Hello"), List.of());
    }

    @Test
    void fragmentedBinaryWithManyContinuations() {
        byte[] frames = Hex.bytes("02 01 01", "00 02 02 03", "00 00", "00 01 04", "80 01 05");
        Expect.sameForEveryCut(Harness::client, frames, List.of("binary:0102030405"), List.of());
    }

    @Test
    void aPingBetweenFragmentsIsAnsweredAtOnce() {
        byte[] frames = Hex.bytes("01 03 48 65 6c", "89 02 aa bb", "80 02 6c 6f");
        Expect.sameForEveryCut(Harness::client, frames, List.of("ping:aabb", "text:Hello"), List.of("PONG fin aabb"));
        Harness h = Harness.client().feed(Hex.bytes("01 03 48 65 6c", "89 02 aa bb"));
        assertThat(Frames.decode(h.takeWritten(), Role.CLIENT)).containsExactly("PONG fin aabb");
        assertThat(h.events).containsExactly("ping:aabb");
    }

    @Test
    void aCloseBetweenFragmentsEndsTheConnectionAndDropsThePartialMessage() {
        byte[] frames = Hex.bytes("01 03 48 65 6c", "88 02 03 e8");
        Expect.sameForEveryCut(Harness::server, mask(frames), List.of("closeReceived:1000:", "closeTransport"),
                List.of(Frames.close(1000)));
    }

    @Test
    void aContinuationWithNoMessageInProgressIsAProtocolError() {
        Expect.failsForEveryCut(Harness::client, Hex.bytes("80 02 6c 6f"), 1002);
        Expect.failsForEveryCut(Harness::client, Hex.bytes("00 00"), 1002);
        Expect.failsForEveryCut(Harness::client, Hex.concat(Hex.bytes("81 02 68 69"), Hex.bytes("80 00")), 1002,
                List.of("text:hi"));
    }

    @Test
    void aNewDataFrameWhileAMessageIsInProgressIsAProtocolError() {
        Expect.failsForEveryCut(Harness::client, Hex.bytes("01 01 48", "81 01 48"), 1002);
        Expect.failsForEveryCut(Harness::client, Hex.bytes("02 01 48", "01 01 48"), 1002);
    }

    @Test
    void sendingAFragmentedMessageUsesTextThenContinuationFrames() {
        Harness h = Harness.server();
        h.connection.sendFragment(true, utf8("Hel"), false);
        h.connection.sendPing(ByteBuffer.allocate(0));
        h.connection.sendFragment(true, utf8("lo"), true);
        assertThat(Frames.decode(h.takeWritten(), Role.SERVER))
                .containsExactly("TEXT more 48656c", "PING fin ", "CONTINUATION fin 6c6f");
        assertThat(h.connection.isSendingFragmented()).isFalse();
    }

    @Test
    void anotherMessageCannotInterruptAFragmentedSend() {
        Harness h = Harness.server();
        h.connection.sendFragment(false, ByteBuffer.wrap(new byte[] {1}), false);
        assertThatThrownBy(() -> h.connection.sendText("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sendText: a fragmented BINARY message is in progress");
        assertThatThrownBy(() -> h.connection.sendFragment(true, utf8("x"), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot continue it as TEXT");
    }

    @Test
    void fragmentsSentByAClientAreMaskedAndReassembleOnAServer() {
        Harness client = Harness.client();
        client.connection.sendFragment(true, utf8("Hel"), false);
        client.connection.sendFragment(true, utf8("lo"), true);
        Expect.sameForEveryCut(Harness::server, client.takeWritten(), List.of("text:Hello"), List.of());
    }

    static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Re-encodes unmasked frames as a client sends them: masked, here with the fixed key 01020304. */
    static byte[] mask(byte[] unmaskedFrames) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < unmaskedFrames.length) {
            int first = unmaskedFrames[i] & 0xFF;
            int len = unmaskedFrames[i + 1] & 0x7F;
            int header = 2;
            if (len == 126) {
                len = ((unmaskedFrames[i + 2] & 0xFF) << 8) | (unmaskedFrames[i + 3] & 0xFF);
                header = 4;
            }
            out.write(first);
            out.write(unmaskedFrames[i + 1] | 0x80);
            out.write(unmaskedFrames, i + 2, header - 2);
            byte[] key = {1, 2, 3, 4};
            out.write(key, 0, 4);
            for (int j = 0; j < len; j++) {
                out.write(unmaskedFrames[i + header + j] ^ key[j % 4]);
            }
            i += header + len;
        }
        return out.toByteArray();
    }
}
