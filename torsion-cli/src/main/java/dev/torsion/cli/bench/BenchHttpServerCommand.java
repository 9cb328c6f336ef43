package dev.torsion.cli.bench;

import dev.torsion.cli.Listen;
import dev.torsion.cli.Options;
import dev.torsion.reactor.Authority;
import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code torsion bench-http-server} (hidden): the HTTP server of the benchmark's requests/s row, a Torsion
 * {@link Site} whose root answers every {@code GET} with {@code 200}, {@code text/plain},
 * {@code hello, world\n} (the same answer as the {@code netty-http} and {@code netty-h2} peers), keep-alive as
 * the client asks; HTTP/1.1, and HTTP/2 for a client with prior knowledge (h2load, {@code bench/h2.sh}).
 *
 * <p><b>Threading / lifecycle.</b> Runs until the process is stopped; prints {@code listening on H:N} once
 * ready, like the peers, so scripts can wait for that line.
 */
@Command(name = "bench-http-server", hidden = true, mixinStandardHelpOptions = true,
        description = "A tiny HTTP server for the benchmark (GET / answers 'hello, world').")
public final class BenchHttpServerCommand implements Callable<Integer> {

    static final byte[] BODY = "hello, world\n".getBytes(StandardCharsets.US_ASCII);

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", required = true, converter = Options.Port.class,
            description = "Port to listen on; 0 picks a free one.")
    int port;

    @Option(names = "--loops", converter = Options.Count.class, description = "Number of event loops (default: one per core).")
    Integer loops;

    /** The resource: {@code hello, world} for GET (and HEAD, by the resource's dispatch). */
    static final class Hello extends Resource {
        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        protected void renderGet(Request request) {
            request.setHeader("Content-Type", "text/plain");
            request.finish(BODY);
        }
    }

    @Override
    public Integer call() throws Exception {
        ReactorConfig config = loops == null ? ReactorConfig.defaults() : ReactorConfig.defaults().withEventLoops(loops);
        Reactor reactor = Reactor.create(config);
        ListeningPort listening = Listen.on(reactor, host, port, new Site(new Hello()));
        System.out.println("listening on " + Authority.of(host, listening.port()));
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(reactor::stop, "bench-http-server-stop"));
        reactor.run();
        return 0;
    }
}
