package dev.torsion.cli;

import dev.torsion.tls.SelfSignedCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code torsion cert --out DIR [--host NAME]...}: makes a self-signed certificate for development
 * ({@code cert.pem}, {@code key.pem}, {@code keystore.p12} with password "torsion"), valid for the given
 * host names plus 127.0.0.1 and ::1, and says how to use it. It refuses to replace existing files unless
 * given {@code --force}; the private key files are readable by their owner only (mode 0600).
 *
 * <p><b>Lifecycle.</b> Runs the JDK's keytool once and exits: 0 on success, 1 if it failed, 2 for bad
 * options or files in the way.
 */
@Command(name = "cert", mixinStandardHelpOptions = true,
        description = "Make a self-signed certificate for development (never for production).")
public final class CertCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the files into (created if missing).")
    Path out;

    @Option(names = "--host", paramLabel = "NAME", description = "Host name the certificate is for (repeatable; default: localhost).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--force", description = "Replace cert.pem, key.pem and keystore.p12 if they exist.")
    boolean force;

    private final PrintStream stdout;
    private final PrintStream stderr;

    /** The command on the process's standard streams. */
    public CertCommand() {
        this(System.out, System.err);
    }

    CertCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            stderr.println("torsion cert: --out " + out + " is a file, not a folder");
            return CliError.USAGE;
        }
        for (String host : hosts) {
            if (!host.matches("[A-Za-z0-9*]([A-Za-z0-9.*-]*[A-Za-z0-9])?")) {
                stderr.println("torsion cert: not a host name: '" + host + "' (addresses 127.0.0.1 and ::1 are always in)");
                return CliError.USAGE;
            }
        }
        List<String> existing = SelfSignedCertificate.FILE_NAMES.stream()
                .filter(name -> Files.exists(out.resolve(name))).toList();
        if (!existing.isEmpty() && !force) {
            stderr.println("torsion cert: " + out + " already has " + String.join(", ", existing)
                    + ": --force replaces them");
            return CliError.USAGE;
        }
        SelfSignedCertificate cert;
        try {
            cert = SelfSignedCertificate.generate(out, hosts.toArray(new String[0]));
        } catch (Exception e) {
            stderr.println("torsion cert: " + e.getMessage());
            return 1;
        }
        stdout.println("torsion cert: a self-signed certificate for " + (hosts.isEmpty() ? "localhost" : String.join(", ", hosts))
                + ", 127.0.0.1 and ::1, valid for a year:");
        stdout.println("  " + cert.certificate() + "  (certificate, PEM)");
        stdout.println("  " + cert.privateKey() + "  (private key, PEM PKCS#8)");
        stdout.println("  " + cert.keystore() + "  (PKCS#12, password " + SelfSignedCertificate.KEYSTORE_PASSWORD + ")");
        stdout.println("serve:   torsion echo --cert " + cert.certificate() + " --key " + cert.privateKey());
        stdout.println("connect: torsion connect --cacert " + cert.certificate() + " wss://localhost:8080/");
        return 0;
    }
}
