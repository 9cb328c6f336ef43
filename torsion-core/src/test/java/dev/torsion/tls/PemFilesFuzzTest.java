package dev.torsion.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Fuzz target: the PEM loading behind {@link TlsConfig#serverFromPem} ({@link PemFiles}: certificate chains,
 * PKCS#8 and PKCS#1 keys), on arbitrary file contents. Property: a file is either read or refused with a
 * {@link GeneralSecurityException} whose message names the file, never another exception (a
 * {@code RuntimeException} from Base64 or DER decoding would escape the server's start-up error handling).
 * Bytes that are not ASCII stop at {@code Files.readString}, as in the real path, with an IOException.
 */
class PemFilesFuzzTest {

    private static final String SOURCE = "fuzzed.pem";

    @FuzzTest(maxDuration = "")
    void readsOrRefuses(byte[] file) {
        String text;
        try {
            text = StandardCharsets.US_ASCII.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException notAscii) {
            return;
        }
        try {
            assertThat(PemFiles.certificates(text, SOURCE)).isNotEmpty();
        } catch (GeneralSecurityException refused) {
            assertThat(refused.getMessage()).startsWith(SOURCE + ": ");
        }
        try {
            assertThat(PemFiles.privateKey(text, SOURCE)).isNotNull();
        } catch (GeneralSecurityException refused) {
            assertThat(refused.getMessage()).startsWith(SOURCE + ": ");
        }
    }
}
