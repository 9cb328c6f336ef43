package dev.torsion.cli;

import dev.torsion.reactor.Authority;
import dev.torsion.reactor.Factory;
import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.cli.stats.Monitoring;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketMetrics;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.server.EchoHandler;
import dev.torsion.websocket.server.WebSocketResource;
import dev.torsion.tls.TlsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code torsion echo}, the project's main job: a WebSocket echo server with a page at {@code /} to try it
 * from a browser. With {@code --cert}/{@code --key} (PEM) or {@code --keystore} (PKCS#12) it serves
 * {@code wss://} and {@code https://} instead, the page connecting back over wss; HTTP/2 is offered by ALPN, and
 * over it the page's WebSocket is a stream of the page's own connection (RFC 8441). On plain TCP it also speaks
 * HTTP/2 with prior knowledge (h2c), WebSocket included.
 *
 * <p><b>Lifecycle.</b> Runs until interrupted (Ctrl-C); then open WebSocket connections are closed with
 * 1001 Going Away and the process exits once they are gone (or after the shutdown deadline).
 */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Run a WebSocket echo server (the default command).")
public final class EchoCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", defaultValue = "8080", converter = Options.Port.class,
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--path", description = "Serve the WebSocket echo at this path only (default: the echo answers "
            + "an upgrade on any path, as echo services and load generators expect; the page is at /).")
    String path;

    @Option(names = "--loops", converter = Options.Count.class, description = "Number of event loops (default: one per core).")
    Integer loops;

    @Option(names = "--deflate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Negotiate permessage-deflate compression with clients that offer it (default: on, "
                    + "without context takeover, so idle connections hold no compression memory); "
                    + "--no-deflate refuses it.")
    boolean deflate = true;

    @Option(names = "--deflate-context-takeover", description = "With compression, keep each connection's "
            + "compression window between messages (better ratio and speed for similar messages, but 100-270 KiB "
            + "of native memory per connection; see docs/permessage-deflate.md).")
    boolean deflateContextTakeover;

    @Option(names = "--metrics", description = "Count connections, messages, close codes and loop lag, and serve "
            + "them: GET /metrics in the Prometheus text format, /stats a live page (see docs/observability.md).")
    boolean metrics;

    @Option(names = {"-v", "--verbose"}, description = "Log every connect (with the HTTP version that carries it) "
            + "and disconnect.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print only the listening line.")
    boolean quiet;

    @CommandLine.Mixin
    TlsOptions tlsOptions = new TlsOptions();

    @Option(names = "--tls-port", paramLabel = "PORT",
            description = "With --cert/--key (or --keystore): serve plain ws:// on --port and wss:// on this port, "
                    + "from one server (0 picks a free one).")
    Integer tlsPort;

    @Option(names = "--shutdown-timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long Ctrl-C waits for connections to close (default: ${DEFAULT-VALUE}).")
    Duration shutdownTimeout = Duration.ofSeconds(5);

    private final PrintStream out;

    public EchoCommand() {
        this(System.out);
    }

    EchoCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (path != null && !path.startsWith("/")) {
            throw new CliError(CliError.USAGE, "--path must start with '/', got: " + path);
        }
        ReactorConfig config = ReactorConfig.defaults();
        if (loops != null) {
            config = config.withEventLoops(loops);
        }
        TlsConfig tls = tlsOptions.configOrExit();
        Reactor reactor = Reactor.create(config);
        List<ListeningPort> ports = listen(reactor, tls);
        readyLines(ports, tls).forEach(out::println);
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                reactor.shutdownGracefully(shutdownTimeout).get();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }, "torsion-echo-shutdown"));
        reactor.run();
        return 0;
    }

    /**
     * What {@code call} prints once listening: a line per listener with its URL (scripts read these), then the
     * hints unless {@code --quiet}.
     */
    List<String> readyLines(List<ListeningPort> ports, TlsConfig tls) {
        List<String> lines = new java.util.ArrayList<>();
        ListeningPort listening = ports.get(0);
        String anyPath = path == null ? " (and any other path)" : "";
        if (ports.size() > 1) {
            lines.add("torsion echo: WebSocket echo on wss://" + Authority.of(host, ports.get(1).port()) + shownPath()
                    + anyPath);
            tls = null; // the lines below describe the plain listener
        }
        String where = Authority.of(host, listening.port());
        String ws = tls == null ? "ws://" : "wss://";
        lines.add("torsion echo: WebSocket echo on " + ws + where + shownPath() + anyPath);
        if (!quiet) {
            lines.add("  open " + (tls == null ? "http://" : "https://") + where + "/ in a browser to try it, or:");
            lines.add("  torsion connect " + (tls == null ? "" : "--insecure ") + ws + where + shownPath());
            if (metrics) {
                String http = tls == null ? "http://" : "https://";
                lines.add("  metrics: " + http + where + "/metrics (Prometheus), live page " + http + where + "/stats");
            }
            lines.add("  Ctrl-C to stop");
        }
        return lines;
    }

    /**
     * Listens as the options say: one port, plain or TLS; or with {@code --tls-port}, plain on {@code --port}
     * and TLS on the other (returned second).
     */
    List<ListeningPort> listen(Reactor reactor, TlsConfig tls) {
        if (tlsPort != null && tls == null) {
            reactor.close();
            throw new CliError(CliError.USAGE, "--tls-port needs --cert/--key or --keystore");
        }
        Factory site = site(reactor);   // one site (and one set of metrics) for both listeners
        if (tlsPort == null) {
            return List.of(Listen.on(reactor, host, port, tls == null ? site : tls.wrap(site)));
        }
        ListeningPort plain = Listen.on(reactor, host, port, site);
        return List.of(plain, Listen.on(reactor, host, tlsPort, tls.wrap(site)));
    }

    /**
     * The TLS configuration from {@code --cert}/{@code --key} or {@code --keystore} (offering h2 and http/1.1 by
     * ALPN), or null for plain ws:// and http://. Contradictory or incomplete options are a
     * {@link picocli.CommandLine.ParameterException}.
     */
    TlsConfig tls() throws IOException, GeneralSecurityException {
        return tlsOptions.config();
    }

    private String shownPath() {
        return path == null ? "/" : path;
    }

    /** The site without monitoring (tests). */
    Factory site() {
        return site(null);
    }

    /**
     * The site: the page at {@code /} and the echo endpoint at {@code path}, or, with no {@code --path}, an
     * endpoint that upgrades on every path (plain requests get the page at {@code /} and 404 elsewhere); with
     * {@code --metrics} also {@code /metrics} and {@code /stats}, which read {@code reactor}'s loops.
     */
    Factory site(Reactor reactor) {
        WebSocketMetrics counted = metrics ? WebSocketMetrics.create(shownPath()) : null;
        Resource root = tree(counted);
        if (counted != null) {
            if (reactor == null) {
                throw new IllegalArgumentException("--metrics needs the reactor the site runs on");
            }
            new Monitoring(reactor, counted, null).mount(root);
        }
        return new Site(root);
    }

    private Resource tree(WebSocketMetrics counted) {
        EchoHandler handler = verbose ? new LoggingEchoHandler(out) : new EchoHandler();
        SinglePage page = new SinglePage(EchoCommand.class, "echo.html", shownPath());
        if (path == null) {
            Resource pageAtRoot = new Resource();
            pageAtRoot.putChild("", page);
            return endpoint(handler, counted).acceptSubpaths(true).fallback(pageAtRoot).build();
        }
        String[] segments = path.substring(1).split("/", -1);
        if (path.equals("/")) {
            return endpoint(handler, counted).fallback(page).build();
        }
        Resource root = page;
        Resource parent = new Resource() {
            @Override
            protected void renderGet(dev.torsion.web.Request request) {
                page.render(request);
            }
        };
        root = parent;
        for (int i = 0; i < segments.length - 1; i++) {
            Resource child = new Resource();
            parent.putChild(segments[i], child);
            parent = child;
        }
        parent.putChild(segments[segments.length - 1], endpoint(handler, counted).build());
        return root;
    }

    private WebSocketResource.Builder endpoint(EchoHandler handler, WebSocketMetrics counted) {
        WebSocketResource.Builder builder = WebSocketResource.builder(handler).metrics(counted);
        if (deflate) {
            builder.deflate(PerMessageDeflateServer.builder().serverNoContextTakeover(!deflateContextTakeover)
                    .requestClientNoContextTakeover(!deflateContextTakeover).build());
        }
        return builder;
    }

    /** The echo handler with a line per connect and disconnect. */
    static final class LoggingEchoHandler extends EchoHandler {
        private final PrintStream out;
        private final AtomicInteger open = new AtomicInteger();

        LoggingEchoHandler(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onOpen(WebSocketSession session) {
            out.println("+ " + session.remoteAddress() + " connected over " + session.httpVersion() + " ("
                    + open.incrementAndGet() + " open)");
        }

        @Override
        public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
            out.println("- " + session.remoteAddress() + " closed " + code.code()
                    + (reason.isEmpty() ? "" : " " + reason) + (clean ? "" : " (not clean)")
                    + " (" + open.decrementAndGet() + " open)");
        }
    }
}
