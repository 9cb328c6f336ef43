package dev.torsion.websocket;

import dev.torsion.websocket.text.Utf8Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 section 8.1: text must be valid UTF-8, checked incrementally and failed (1007) at the first
 * invalid byte, even in the middle of a message and across fragment and read boundaries.
 */
class Rfc6455Section8_1Utf8Test {

    @ParameterizedTest(name = "valid {0}")
    @ValueSource(strings = {
        "", "41", "7f", "c2 80", "df bf", "e0 a0 80", "ed 9f bf", "ee 80 80", "ef bf bf",
        "f0 90 80 80", "f4 8f bf bf", "ce ba e1 bd b9 cf 83 ce bc ce b5", "e2 82 ac", "f0 9f 98 80",
    })
    void wellFormedSequencesAreAccepted(String hex) {
        byte[] bytes = Hex.bytes(hex);
        assertThat(Utf8Validator.isValid(bytes, 0, bytes.length)).isTrue();
        Expect.sameForEveryCut(Harness::client, textFrame(bytes), List.of("text:" + Harness.utf8(bytes)), List.of());
    }

    @ParameterizedTest(name = "invalid {0}")
    @ValueSource(strings = {
        "80", "bf", "c0 80", "c1 bf", "e0 80 80", "e0 9f bf", "f0 80 80 80", "f0 8f bf bf",   // overlong, stray
        "ed a0 80", "ed bf bf", "ed af bf ed b0 80",                                        // surrogates
        "f4 90 80 80", "f5 80 80 80", "f7 bf bf bf", "fe", "ff",                            // > U+10FFFF
        "c2 41", "e2 82 41", "f0 9f 98 41",                                                 // broken sequences
    })
    void illFormedSequencesFailWith1007AtEveryCut(String hex) {
        byte[] bytes = Hex.bytes(hex);
        assertThat(Utf8Validator.isValid(bytes, 0, bytes.length)).isFalse();
        Expect.failsForEveryCut(Harness::client, textFrame(Hex.concat(Hex.bytes("48 69"), bytes)), 1007);
        Expect.failsForEveryCut(Harness::server, Rfc6455Section5_4FragmentationTest.mask(textFrame(bytes)), 1007);
    }

    @ParameterizedTest(name = "truncated {0}")
    @ValueSource(strings = {"c2", "e2 82", "e0 a0", "f0 9f 98", "f4 8f bf"})
    void aMessageEndingInsideASequenceFailsWith1007(String hex) {
        byte[] bytes = Hex.bytes(hex);
        assertThat(Utf8Validator.validate(Utf8Validator.ACCEPT, bytes, 0, bytes.length))
                .isNotIn(Utf8Validator.ACCEPT, Utf8Validator.REJECT);
        Expect.failsForEveryCut(Harness::client, textFrame(bytes), 1007);
    }

    @Test
    void aCharacterSplitAcrossFragmentsIsValid() {
        // U+1F600 (f0 9f 98 80) cut after each of its bytes, in two fragments.
        byte[] smiley = Hex.bytes("f0 9f 98 80");
        for (int at = 1; at < 4; at++) {
            byte[] frames = Hex.concat(fragment(0x01, false, java.util.Arrays.copyOfRange(smiley, 0, at)),
                    fragment(0x00, true, java.util.Arrays.copyOfRange(smiley, at, 4)));
            Expect.sameForEveryCut(Harness::client, frames, List.of("text:\uD83D\uDE00"), List.of());
        }
    }

    @Test
    void invalidBytesFailTheFirstFragmentBeforeTheMessageEnds() {
        Harness h = Harness.client().feed(fragment(0x01, false, Hex.bytes("48 65 ed a0 80")));
        assertThat(h.connection.closeCode()).isEqualTo(CloseCode.INVALID_PAYLOAD);
        assertThat(h.events).containsExactly("closeTransport");
    }

    @Test
    void invalidBytesFailMidFrameBeforeTheRestOfTheFrameArrives() {
        byte[] payload = new byte[1000];
        java.util.Arrays.fill(payload, (byte) 'a');
        payload[10] = (byte) 0xc0;
        byte[] frame = textFrame(payload);
        Harness h = Harness.client().feed(java.util.Arrays.copyOfRange(frame, 0, 4 + 11));
        assertThat(h.connection.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(h.connection.closeCode()).isEqualTo(CloseCode.INVALID_PAYLOAD);
    }

    @Test
    void invalidSequenceSplitAcrossFragmentsFailsWith1007() {
        byte[] frames = Hex.concat(fragment(0x01, false, Hex.bytes("41 ed")), fragment(0x00, true, Hex.bytes("a0 80")));
        Expect.failsForEveryCut(Harness::client, frames, 1007);
    }

    @Test
    void theAutomatonAgreesWithTheJdkDecoderOnAllShortSequences() {
        byte[] one = new byte[1];
        for (int a = 0; a < 256; a++) {
            one[0] = (byte) a;
            assertThat(Utf8Validator.isValid(one, 0, 1)).as("%02x", a).isEqualTo(jdkAccepts(one));
        }
        byte[] two = new byte[2];
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                two[0] = (byte) a;
                two[1] = (byte) b;
                assertThat(Utf8Validator.isValid(two, 0, 2)).as("%02x %02x", a, b).isEqualTo(jdkAccepts(two));
            }
        }
        Random random = new Random(8);
        byte[] leads = Hex.bytes("e0 e1 ec ed ee ef f0 f1 f3 f4 f5");
        for (int i = 0; i < 200_000; i++) {
            byte[] seq = new byte[3 + random.nextInt(2)];
            seq[0] = leads[random.nextInt(leads.length)];
            for (int j = 1; j < seq.length; j++) {
                seq[j] = (byte) (0x70 + random.nextInt(0x60));
            }
            assertThat(Utf8Validator.isValid(seq, 0, seq.length)).as(Hex.of(seq)).isEqualTo(jdkAccepts(seq));
        }
    }

    @Test
    void longAsciiRunsAreSkippedAndABadByteAfterThemIsFound() {
        byte[] text = new byte[4099];
        java.util.Arrays.fill(text, (byte) 'x');
        assertThat(Utf8Validator.isValid(text, 0, text.length)).isTrue();
        for (int bad : new int[] {0, 7, 8, 4095, 4098}) {
            byte[] copy = text.clone();
            copy[bad] = (byte) 0x80;
            assertThat(Utf8Validator.isValid(copy, 0, copy.length)).as("bad byte at %d", bad).isFalse();
            assertThat(Utf8Validator.validate(Utf8Validator.ACCEPT, ByteBuffer.wrap(copy).asReadOnlyBuffer(), 0, copy.length))
                    .isEqualTo(Utf8Validator.REJECT);
        }
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static byte[] textFrame(byte[] payload) {
        return fragment(0x01, true, payload);
    }

    static byte[] fragment(int opcode, boolean fin, byte[] payload) {
        byte[] header = payload.length <= 125
                ? new byte[] {(byte) ((fin ? 0x80 : 0) | opcode), (byte) payload.length}
                : new byte[] {(byte) ((fin ? 0x80 : 0) | opcode), 126, (byte) (payload.length >> 8), (byte) payload.length};
        return Hex.concat(header, payload);
    }
}
