package dev.torsion.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Makes a self-signed certificate for development, with the JDK's own {@code keytool}: an EC P-256 key and
 * a certificate for the given host names (and 127.0.0.1 and ::1), valid for a year, written as
 * {@code cert.pem}, {@code key.pem} (PKCS#8) and {@code keystore.p12} (password "torsion") into a folder,
 * replacing files of those names. The two files that hold the private key are readable by their owner only
 * (mode 0600) where the file system has POSIX permissions.
 *
 * <p><b>Threading.</b> Stateless; each call runs one keytool process.
 */
public final class SelfSignedCertificate {

    /** The password of the generated PKCS#12 keystore. */
    public static final String KEYSTORE_PASSWORD = "torsion";

    /** The names of the files {@link #generate} writes into its folder. */
    public static final List<String> FILE_NAMES = List.of("cert.pem", "key.pem", "keystore.p12");

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path certificate;
    private final Path privateKey;
    private final Path keystore;

    private SelfSignedCertificate(Path certificate, Path privateKey, Path keystore) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.keystore = keystore;
    }

    /** Generates the files into {@code folder} (created if missing) for {@code hostNames} (default "localhost"). */
    public static SelfSignedCertificate generate(Path folder, String... hostNames) throws IOException,
            GeneralSecurityException {
        Files.createDirectories(folder);
        List<String> names = hostNames.length == 0 ? List.of("localhost") : List.of(hostNames);
        StringBuilder san = new StringBuilder("SAN=");
        for (String name : names) {
            san.append("dns:").append(name).append(',');
        }
        san.append("ip:127.0.0.1,ip:::1");
        Path p12 = folder.resolve("keystore.p12");
        Files.deleteIfExists(p12);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "torsion",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + names.get(0) + ",O=Torsion development", "-ext", san.toString(),
                "-validity", "365", "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed to make a self-signed certificate: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        Key key = store.getKey("torsion", KEYSTORE_PASSWORD.toCharArray());
        Certificate cert = store.getCertificate("torsion");
        Path certPem = folder.resolve("cert.pem");
        Path keyPem = folder.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        Files.deleteIfExists(keyPem);
        if (posix(folder)) {
            Files.setPosixFilePermissions(p12, OWNER_ONLY);
            Files.createFile(keyPem, PosixFilePermissions.asFileAttribute(OWNER_ONLY)); // never readable by others
        }
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        return new SelfSignedCertificate(certPem, keyPem, p12);
    }

    /** The PEM certificate file. */
    public Path certificate() {
        return certificate;
    }

    /** The PEM (PKCS#8) private key file. */
    public Path privateKey() {
        return privateKey;
    }

    /** The PKCS#12 keystore (password {@link #KEYSTORE_PASSWORD}). */
    public Path keystore() {
        return keystore;
    }

    private static boolean posix(Path folder) throws IOException {
        return Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
