package dev.torsion.cli;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts the echo command's site on a free port for a test class, and finds the interop scripts. */
final class EchoServerFixture implements AutoCloseable {

    final Reactor reactor;
    final ListeningPort port;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    EchoServerFixture(String path) throws Exception {
        EchoCommand command = new EchoCommand(new PrintStream(log, true));
        command.path = path;
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        port = reactor.listenTcp("127.0.0.1", 0, command.site());
    }

    String wsUrl(String path) {
        return "ws://127.0.0.1:" + port.port() + path;
    }

    String httpUrl(String path) {
        return "http://127.0.0.1:" + port.port() + path;
    }

    /** The repository's interop/ folder (tests run in torsion-cli/). */
    static Path interop(String script) {
        return repository("interop").resolve(script);
    }

    /** A top-level folder of the repository ({@code interop}, {@code examples}), found above the working one. */
    static Path repository(String folder) {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve(folder);
            if (Files.isDirectory(candidate) && Files.exists(p.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(folder + "/ not found above " + here);
    }

    @Override
    public void close() {
        reactor.close();
    }
}
