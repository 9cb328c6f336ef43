package dev.torsion.websocket.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzz target: {@link Utf8Validator} against the JDK's {@code CharsetDecoder} with {@link CodingErrorAction#REPORT}
 * (the reference for "well-formed UTF-8"). For any bytes it checks that the validator accepts exactly what the
 * decoder decodes; that it fails fast, at the first byte after which no continuation can make the text
 * well-formed (the decoder itself is lazier: it sees {@code ED A0} as a possible start); that a validation split at any point, the byte-at-a-time path and the direct-buffer path
 * all agree with the whole-array one.
 *
 * <p>In {@code mvn verify} it runs over its seed corpus ({@code Utf8ValidatorFuzzTestInputs/}); a campaign
 * runs it under Jazzer (see {@code docs/testing.md}).
 */
class Utf8ValidatorFuzzTest {

    @FuzzTest(maxDuration = "")
    void agreesWithCharsetDecoder(FuzzedDataProvider data) {
        int cutSeed = data.consumeInt();
        byte[] bytes = data.consumeRemainingAsBytes();
        int cut = Math.floorMod(cutSeed, bytes.length + 1);

        int whole = Utf8Validator.validate(Utf8Validator.ACCEPT, bytes, 0, bytes.length);
        assertThat(whole == Utf8Validator.ACCEPT).as("accepts exactly what the JDK decodes").isEqualTo(decodes(bytes));

        int split = Utf8Validator.validate(Utf8Validator.validate(Utf8Validator.ACCEPT, bytes, 0, cut), bytes, cut, bytes.length);
        assertThat(split).as("split at %d", cut).isEqualTo(whole);

        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        assertThat(Utf8Validator.validate(Utf8Validator.ACCEPT, direct, 0, bytes.length)).as("direct buffer").isEqualTo(whole);

        int state = Utf8Validator.ACCEPT;
        int rejectedAt = -1;
        for (int i = 0; i < bytes.length && rejectedAt < 0; i++) {
            state = Utf8Validator.step(state, bytes[i]);
            if (state == Utf8Validator.REJECT) {
                rejectedAt = i;
            }
        }
        assertThat(state).as("byte by byte").isEqualTo(whole);
        if (rejectedAt >= 0) {
            assertThat(completable(bytes, rejectedAt)).as("the bytes before the rejected one can still be completed").isTrue();
            assertThat(completable(bytes, rejectedAt + 1)).as("rejected at the first byte that cannot be completed").isFalse();
        }
    }

    private static boolean decodes(byte[] bytes) {
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

    /**
     * True when {@code bytes[0, length)} followed by nothing or by one of the few continuations that complete
     * any partial character (1 to 3 bytes, the first in 80-8F, 90-9F or A0-BF, then 80s) decodes.
     */
    private static boolean completable(byte[] bytes, int length) {
        byte[] candidate = Arrays.copyOf(bytes, length + 3);
        if (decodes(Arrays.copyOf(bytes, length))) {
            return true;
        }
        for (int more = 1; more <= 3; more++) {
            for (int first : new int[] {0x80, 0x90, 0xA0}) {
                candidate[length] = (byte) first;
                for (int k = 1; k < more; k++) {
                    candidate[length + k] = (byte) 0x80;
                }
                if (decodes(Arrays.copyOf(candidate, length + more))) {
                    return true;
                }
            }
        }
        return false;
    }
}
