package dev.torsion.websocket.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 sections 1.3 and 4.1: the key nonce and the accept value derived from it. */
class Rfc6455Section1_3AcceptKeyTest {

    @Test
    void theRfcSampleKeyGivesTheRfcSampleAccept() {
        assertThat(WebSocketKey.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void theGuidIsTheOneInTheRfc() {
        assertThat(WebSocketKey.GUID).isEqualTo("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    }

    @Test
    void aKeyOfSixteenBytesIsValid() {
        assertThat(WebSocketKey.isValid(base64OfLength(16))).isTrue();
        assertThat(WebSocketKey.isValid("dGhlIHNhbXBsZSBub25jZQ==")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 17, 20, 32})
    void aKeyOfAnyOtherLengthIsInvalid(int bytes) {
        assertThat(WebSocketKey.isValid(base64OfLength(bytes))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "dGhlIHNhbXBsZSBub25jZQ",    // padding left out
        "dGhlIHNhbXBsZSBub25jZR==",  // unused bits not zero: not the canonical encoding
        "dGhlIHNhbXBsZSBub25jZQ=!",  // not base64
        "dGhlIHNhbXBsZSBub25j*Q==",  // not base64
        "dGhlIHNhbXBsZSBub25jZQ-_",  // URL-safe alphabet
        " dGhlIHNhbXBsZSBub25jZQ==", // whitespace is the caller's to trim
        "not a key at all",
        ""})
    void malformedKeysAreInvalid(String key) {
        assertThat(WebSocketKey.isValid(key)).isFalse();
    }

    @Test
    void nullIsNotAValidKey() {
        assertThat(WebSocketKey.isValid(null)).isFalse();
    }

    @Test
    void generatedKeysAreValidAndFresh() {
        String first = WebSocketKey.generate();
        String second = WebSocketKey.generate();
        assertThat(WebSocketKey.isValid(first)).isTrue();
        assertThat(WebSocketKey.isValid(second)).isTrue();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aSeededRandomGivesAKnownKey() {
        byte[] expected = new byte[16];
        new Random(42).nextBytes(expected);
        assertThat(WebSocketKey.generate(new Random(42))).isEqualTo(Base64.getEncoder().encodeToString(expected));
    }

    private static String base64OfLength(int bytes) {
        byte[] nonce = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            nonce[i] = (byte) (i * 37 + 11);
        }
        return Base64.getEncoder().encodeToString(nonce);
    }
}
