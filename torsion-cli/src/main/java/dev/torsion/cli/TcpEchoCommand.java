package dev.torsion.cli;

import dev.torsion.protocols.Echo;
import dev.torsion.reactor.Authority;
import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code torsion tcp-echo}: a raw TCP echo server on the reactor, the smallest useful Torsion program.
 *
 * <p><b>Lifecycle.</b> Runs until the process is interrupted (Ctrl-C), then shuts down gracefully.
 */
@Command(name = "tcp-echo", mixinStandardHelpOptions = true,
        description = "Run a raw TCP echo server (no WebSocket): every byte received is sent back.")
final class TcpEchoCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8000", converter = Options.Port.class,
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        Reactor reactor = Reactor.create();
        ListeningPort listening = Listen.on(reactor, host, port, remote -> new Echo());
        System.out.println("torsion tcp-echo: listening on " + Authority.of(host, listening.port())
                + " (try: nc " + host + " " + listening.port() + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                reactor.shutdownGracefully(Duration.ofSeconds(2)).get();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }));
        reactor.run();
        return 0;
    }
}
