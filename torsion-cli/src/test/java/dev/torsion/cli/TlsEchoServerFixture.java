package dev.torsion.cli;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.SelfSignedCertificate;

import java.nio.file.Path;

/**
 * {@code torsion echo --cert cert.pem --key key.pem} on a free port, with a fresh self-signed certificate for
 * localhost (the options parsed as the command line would), for a test class.
 */
final class TlsEchoServerFixture implements AutoCloseable {

    final SelfSignedCertificate certificate;
    final Reactor reactor;
    final ListeningPort port;

    TlsEchoServerFixture(Path dir) throws Exception {
        certificate = SelfSignedCertificate.generate(dir, "localhost");
        EchoCommand echo = (EchoCommand) Main.commandLine().parseArgs("echo", "--cert",
                certificate.certificate().toString(), "--key", certificate.privateKey().toString())
                .subcommand().commandSpec().userObject();
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        port = reactor.listenTcp("127.0.0.1", 0, echo.tls().wrap(echo.site()));
    }

    String wssUrl(String path) {
        return "wss://localhost:" + port.port() + path;
    }

    String httpsUrl(String path) {
        return "https://localhost:" + port.port() + path;
    }

    @Override
    public void close() {
        reactor.close();
    }
}
