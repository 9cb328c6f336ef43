package dev.torsion.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificate chains and private keys with the JDK alone: certificates ("CERTIFICATE" blocks),
 * PKCS#8 keys ("PRIVATE KEY", RSA, EC or EdDSA) and PKCS#1 RSA keys ("RSA PRIVATE KEY"). Encrypted keys
 * and SEC1 EC keys are refused with a message saying how to convert them.
 *
 * <p><b>Threading.</b> Stateless; thread-safe.
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private PemFiles() {
    }

    /** The certificates in a PEM file, leaf first. */
    public static List<Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        return certificates(Files.readString(file, StandardCharsets.US_ASCII), file);
    }

    /** The certificates in PEM text read from {@code source} (named in error messages), leaf first. */
    static List<Certificate> certificates(String text, Object source) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> chain = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                try {
                    chain.add(factory.generateCertificate(new ByteArrayInputStream(decode(m, source))));
                } catch (CertificateException notX509) {
                    throw new GeneralSecurityException(source + ": CERTIFICATE block " + (chain.size() + 1)
                            + " is not a valid X.509 certificate (" + notX509.getMessage() + ")", notX509);
                }
            }
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(source + ": no PEM CERTIFICATE block found");
        }
        return chain;
    }

    /** The first private key in a PEM file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        return privateKey(Files.readString(file, StandardCharsets.US_ASCII), file);
    }

    /** The first private key in PEM text read from {@code source} (named in error messages). */
    static PrivateKey privateKey(String text, Object source) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = decode(m, source);
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der, source);
                case "RSA PRIVATE KEY":
                    return pkcs8(wrapPkcs1Rsa(der), source);
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException(source + ": encrypted private keys are not supported; "
                            + "decrypt it with: openssl pkcs8 -in KEY -out plain.pem");
                case "EC PRIVATE KEY":
                    throw new GeneralSecurityException(source + ": SEC1 EC keys are not supported; convert with: "
                            + "openssl pkcs8 -topk8 -nocrypt -in KEY -out pkcs8.pem");
                default:
                    // not a key block; keep looking
            }
        }
        throw new GeneralSecurityException(source + ": no PEM PRIVATE KEY block found");
    }

    private static PrivateKey pkcs8(byte[] der, Object source) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new GeneralSecurityException(source + ": the private key is not an RSA, EC or EdDSA PKCS#8 key");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL params). */
    private static byte[] wrapPkcs1Rsa(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length;
        if (n < 0x80) {
            length = new byte[] {(byte) n};
        } else if (n < 0x100) {
            length = new byte[] {(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            length = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else {
            length = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }

    /** The DER bytes of the block {@code m} found; base64 that does not decode is refused like any bad file. */
    private static byte[] decode(Matcher m, Object source) throws GeneralSecurityException {
        try {
            return Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
        } catch (IllegalArgumentException notBase64) {
            throw new GeneralSecurityException(source + ": the " + m.group(1) + " block is not valid base64 ("
                    + notBase64.getMessage() + ")");
        }
    }
}
