package dev.torsion.cli;

import dev.torsion.tls.TlsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The TLS options the server commands share ({@code echo}, {@code chat}, {@code web}): a PEM certificate chain
 * and key, or a PKCS#12 keystore. With them a command serves {@code https://} (and {@code wss://}) and offers
 * HTTP/2 by ALPN ({@code h2}, then {@code http/1.1}), so that a browser's page and its WebSockets can share one
 * connection (RFC 8441).
 *
 * <p><b>Threading.</b> Filled in by picocli on the main thread; read once at start-up.
 */
public final class TlsOptions {

    @Option(names = "--cert", paramLabel = "FILE",
            description = "PEM certificate chain, leaf first (with --key): serve https:// and wss://, HTTP/2 by ALPN "
                    + "for clients that offer it.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM private key (PKCS#8, or PKCS#1 RSA) for --cert.")
    Path key;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "PKCS#12 keystore holding the key and certificate: serve https:// and wss://.")
    Path keystore;

    @Option(names = "--keystore-password", paramLabel = "PASSWORD", defaultValue = "",
            description = "Password of --keystore (default: empty; `torsion cert` writes one with password "
                    + "'torsion').")
    String keystorePassword = "";

    /** The command this is mixed into, for usage errors. */
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

    /** True when a key was given (then {@link #config()} is not null). */
    boolean isSet() {
        return cert != null || key != null || keystore != null;
    }

    /**
     * The server TLS configuration from the options, offering {@code h2} then {@code http/1.1} by ALPN, or null
     * when none was given. Contradictory or incomplete options are a {@link ParameterException}.
     */
    TlsConfig config() throws IOException, GeneralSecurityException {
        if (!isSet()) {
            return null;
        }
        CommandLine cl = command != null ? command.commandLine() : new CommandLine(this);
        if (keystore != null && (cert != null || key != null)) {
            throw new ParameterException(cl, "--keystore and --cert/--key both give a key: choose one");
        }
        TlsConfig tls;
        if (keystore != null) {
            requireReadable(cl, keystore, "--keystore");
            tls = TlsConfig.serverFromPkcs12(keystore, keystorePassword.toCharArray());
        } else {
            if (cert == null || key == null) {
                throw new ParameterException(cl, cert == null ? "--key needs --cert (the certificate chain)"
                        : "--cert needs --key (the private key)");
            }
            requireReadable(cl, cert, "--cert");
            requireReadable(cl, key, "--key");
            tls = TlsConfig.serverFromPem(cert, key);
        }
        return tls.withApplicationProtocols("h2", "http/1.1");
    }

    /** {@link #config()}, its loading failures as a {@link CliError} with status 2. */
    TlsConfig configOrExit() {
        try {
            return config();
        } catch (IOException | GeneralSecurityException e) {
            throw new CliError(CliError.USAGE, "cannot load the TLS key and certificate: " + e.getMessage());
        }
    }

    private static void requireReadable(CommandLine cl, Path file, String option) {
        if (!Files.isReadable(file)) {
            throw new ParameterException(cl, option + ": cannot read " + file);
        }
    }
}
