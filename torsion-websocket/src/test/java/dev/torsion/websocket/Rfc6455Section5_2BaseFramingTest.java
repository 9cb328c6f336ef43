package dev.torsion.websocket;

import dev.torsion.websocket.frame.Opcode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6455 section 5.2 (base framing) and the section 5.7 examples, fed at every cut. */
class Rfc6455Section5_2BaseFramingTest {

    private static final byte[] UNMASKED_HELLO = Hex.bytes("0x81 0x05 0x48 0x65 0x6c 0x6c 0x6f");
    private static final byte[] MASKED_HELLO = Hex.bytes("0x81 0x85 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58");

    @Test
    void section5_7SingleFrameUnmaskedTextReachesAClient() {
        Expect.sameForEveryCut(Harness::client, UNMASKED_HELLO, List.of("text:Hello"), List.of());
    }

    @Test
    void section5_7SingleFrameMaskedTextReachesAServer() {
        Expect.sameForEveryCut(Harness::server, MASKED_HELLO, List.of("text:Hello"), List.of());
    }

    @Test
    void section5_7BinaryWith256BytePayloadUses16BitLength() {
        byte[] payload = pattern(256);
        byte[] frame = Hex.concat(Hex.bytes("0x82 0x7E 0x01 0x00"), payload);
        Expect.sameForEveryCut(Harness::client, frame, List.of("binary:" + Hex.of(payload)), List.of());
    }

    @Test
    void section5_7BinaryWith64KiBPayloadUses64BitLength() {
        byte[] payload = pattern(65536);
        byte[] frame = Hex.concat(Hex.bytes("0x82 0x7F 0x00 0x00 0x00 0x00 0x00 0x01 0x00 0x00"), payload);
        Expect.sameForEveryCut(Harness::client, frame, List.of("binary:" + Hex.of(payload)), List.of());
    }

    @Test
    void maskedBinaryOf64KiBIsUnmaskedWhateverTheCut() {
        byte[] payload = pattern(65536);
        byte[] masked = payload.clone();
        byte[] key = Hex.bytes("a1 b2 c3 d4");
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= key[i % 4];
        }
        byte[] frame = Hex.concat(Hex.bytes("0x82 0xFF 0x00 0x00 0x00 0x00 0x00 0x01 0x00 0x00"), key, masked);
        Expect.sameForEveryCut(Harness::server, frame, List.of("binary:" + Hex.of(payload)), List.of());
    }

    @Test
    void emptyTextAndEmptyBinaryFrames() {
        Expect.sameForEveryCut(Harness::client, Hex.bytes("81 00 82 00"), List.of("text:", "binary:"), List.of());
    }

    @Test
    void manyFramesInOneReadAreAllDelivered() {
        byte[] stream = Hex.concat(UNMASKED_HELLO, Hex.bytes("82 02 01 02"), UNMASKED_HELLO, Hex.bytes("8a 00"),
                UNMASKED_HELLO);
        Expect.sameForEveryCut(Harness::client, stream,
                List.of("text:Hello", "binary:0102", "text:Hello", "pong:", "text:Hello"), List.of());
    }

    @Test
    void aThousandFramesInOneRead() {
        byte[] stream = new byte[0];
        for (int i = 0; i < 1000; i++) {
            stream = Hex.concat(stream, UNMASKED_HELLO);
        }
        Harness h = Harness.client().feed(stream);
        assertThat(h.events).hasSize(1000).containsOnly("text:Hello");
    }

    @Test
    void sixtyFourBitLengthWithTopBitSetIsAProtocolError() {
        Expect.failsForEveryCut(Harness::client, Hex.bytes("82 7F 80 00 00 00 00 00 00 01"), 1002);
    }

    @Test
    void fiveBytesWithA16BitLengthAreAProtocolError() {
        Expect.failsForEveryCut(Harness::client, Hex.bytes("0x81 0x7E 0x00 0x05 0x48 0x65 0x6c 0x6c 0x6f"), 1002);
    }

    @Test
    void fiveBytesWithA64BitLengthAreAProtocolError() {
        Expect.failsForEveryCut(Harness::client,
                Hex.bytes("0x81 0x7F 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x05 0x48 0x65 0x6c 0x6c 0x6f"), 1002);
    }

    @Test
    void aMaskedFrameWithANonMinimalLengthToAServerIsAProtocolError() {
        Expect.failsForEveryCut(Harness::server,
                Hex.bytes("0x81 0xFE 0x00 0x05 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58"), 1002);
        Expect.failsForEveryCut(Harness::server,
                Hex.bytes("0x81 0xFF 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x05 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58"),
                1002);
    }

    @Test
    void emptyPayloadsWithLongLengthsAreAProtocolError() {
        Expect.failsForEveryCut(Harness::client, Hex.bytes("82 7E 00 00"), 1002);
        Expect.failsForEveryCut(Harness::client, Hex.bytes("82 7F 00 00 00 00 00 00 00 00"), 1002);
    }

    @Test
    void theLengthBoundariesOfTheMinimalEncoding() {
        byte[] p125 = pattern(125);
        byte[] p126 = pattern(126);
        byte[] p65535 = pattern(65535);
        Expect.failsForEveryCut(Harness::client, Hex.concat(Hex.bytes("82 7E 00 7D"), p125), 1002);
        Expect.sameForEveryCut(Harness::client, Hex.concat(Hex.bytes("82 7E 00 7E"), p126),
                List.of("binary:" + Hex.of(p126)), List.of());
        Expect.failsForEveryCut(Harness::client, Hex.concat(Hex.bytes("82 7F 00 00 00 00 00 00 00 7E"), p126), 1002);
        Expect.failsForEveryCut(Harness::client, Hex.concat(Hex.bytes("82 7F 00 00 00 00 00 00 FF FF"), p65535), 1002);
        Expect.sameForEveryCut(Harness::client, Hex.concat(Hex.bytes("82 7E FF FF"), p65535),
                List.of("binary:" + Hex.of(p65535)), List.of());
    }

    @Test
    void aNonMinimalLengthAfterAGoodFrameFailsOnlyThatFrame() {
        Expect.failsForEveryCut(Harness::client,
                Hex.concat(UNMASKED_HELLO, Hex.bytes("0x81 0x7E 0x00 0x05 0x48 0x65 0x6c 0x6c 0x6f")), 1002,
                List.of("text:Hello"));
    }

    @Test
    void aNonMinimalContinuationFrameIsAProtocolError() {
        Expect.failsForEveryCut(Harness::client,
                Hex.concat(Hex.bytes("01 02 48 65"), Hex.bytes("80 7E 00 03 6c 6c 6f")), 1002);
    }

    @Test
    void unmaskedFrameToAServerIsAProtocolError() {
        Expect.failsForEveryCut(Harness::server, UNMASKED_HELLO, 1002);
    }

    @Test
    void maskedFrameToAClientIsAProtocolError() {
        Expect.failsForEveryCut(Harness::client, MASKED_HELLO, 1002);
    }

    @ParameterizedTest(name = "RSV bits {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void reservedBitsWithoutAnExtensionAreAProtocolError(int rsv) {
        byte[] frame = UNMASKED_HELLO.clone();
        frame[0] |= (byte) (rsv << 4);
        Expect.failsForEveryCut(Harness::client, frame, 1002);
    }

    @Test
    void anExtensionCanClaimRsv1() {
        byte[] frame = UNMASKED_HELLO.clone();
        frame[0] |= 0x40;
        Expect.sameForEveryCut(() -> {
            Harness h = new Harness(Role.CLIENT, WebSocketConfig.defaults(), false);
            h.connection.allowReservedBits(4);
            h.connection.open();
            return h;
        }, frame, List.of("text:Hello"), List.of());
    }

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void reservedOpcodesAreAProtocolError(int opcode) {
        assertThat(Opcode.isDefined(opcode)).isFalse();
        byte[] frame = Hex.bytes("80 00");
        frame[0] |= (byte) opcode;
        Expect.failsForEveryCut(Harness::client, frame, 1002);
    }

    @Test
    void theFailureComesAtTheFirstBadByteNotAtTheEndOfTheFrame() {
        Harness h = Harness.client().feed(Hex.bytes("83"));
        assertThat(h.connection.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(h.connection.closeCode()).isEqualTo(CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void bytesAfterAFailureAreIgnored() {
        Harness h = Harness.client().feed(Hex.concat(Hex.bytes("83 00"), UNMASKED_HELLO));
        h.feed(UNMASKED_HELLO);
        assertThat(h.events).containsExactly("closeTransport");
    }

    @Test
    void theCloseFrameOfAFailureCarriesNoReasonText() {
        Harness h = Harness.client().feed(Hex.bytes("83 00"));
        assertThat(Frames.decode(h.takeWritten(), Role.CLIENT)).containsExactly("CLOSE fin 03ea");
        assertThat(h.connection.closeReason()).contains("reserved opcode");
    }

    @Test
    void receivingBeforeTheHandshakeIsDoneNamesTheCallAndState() {
        Harness h = new Harness(Role.SERVER, WebSocketConfig.defaults(), false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.feed(MASKED_HELLO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("receiveData: not allowed in state CONNECTING");
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}
