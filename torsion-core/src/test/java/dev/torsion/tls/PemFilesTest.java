package dev.torsion.tls;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PEM files that are not what they claim get a {@link GeneralSecurityException} naming the file and the
 * block, as every refusal does, so that {@code torsion echo --cert/--key} reports them instead of crashing.
 * (Found by {@link PemFilesFuzzTest}: a block whose base64 cannot be decoded threw IllegalArgumentException;
 * a certificate whose DER is cut short was refused without naming the file.)
 */
class PemFilesTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aKeyBlockThatIsNotBase64IsRefusedNamingTheFileAndTheBlock() throws Exception {
        Path key = file("key.pem", "-----BEGIN PRIVATE KEY-----\nA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(key)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageStartingWith(key + ": the PRIVATE KEY block is not valid base64");
    }

    @Test
    void aCertificateBlockWithABadEndingIsRefusedNamingTheFileAndTheBlock() throws Exception {
        Path cert = file("cert.pem", "-----BEGIN CERTIFICATE-----\nAA=A\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(cert)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageStartingWith(cert + ": the CERTIFICATE block is not valid base64");
    }

    @Test
    void anRsaPkcs1BlockThatIsNotBase64IsRefusedToo() throws Exception {
        Path key = file("rsa.pem", "-----BEGIN RSA PRIVATE KEY-----\n=\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(key)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageStartingWith(key + ": the RSA PRIVATE KEY block is not valid base64");
    }

    @Test
    void aTruncatedCertificateIsRefusedNamingTheFileAndWhichBlock() throws Exception {
        // a valid-looking base64 body whose DER ends early (the fuzzer cut a real certificate short)
        Path cert = file("cert.pem", "-----BEGIN CERTIFICATE-----\nMIIBfDCCASOgAwIBAgIU\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(cert)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageStartingWith(cert + ": CERTIFICATE block 1 is not a valid X.509 certificate");
    }
}
