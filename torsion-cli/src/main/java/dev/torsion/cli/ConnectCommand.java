package dev.torsion.cli;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.TlsConfig;
import dev.torsion.cli.bench.BenchUnits;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.client.ClientOptions;
import dev.torsion.websocket.client.HttpProxy;
import dev.torsion.websocket.client.WebSocketClient;
import dev.torsion.websocket.client.WebSocketUri;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code torsion connect URL}: an interactive WebSocket client in the manner of websocat and wscat. Lines
 * typed (or piped) go out as text messages and received messages are printed; at end of input it closes
 * with 1000 once everything was sent and exits when the close completes, so it works in pipes:
 * {@code echo hello | torsion connect ws://127.0.0.1:8080/} prints {@code hello}.
 *
 * <p>Exit status: 0 after a clean close with 1000, 1001 or no code; 1 when the connection or handshake
 * failed (including a refused certificate or proxy); 2 for bad options, as every command; 3 when the
 * connection closed uncleanly or with an error code.
 *
 * <p><b>Lifecycle.</b> One connection per run, on a reactor of one loop that is closed before returning.
 * Ctrl-C closes the connection with 1001 Going Away before the process exits.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Connect to a WebSocket server: lines from standard input go out as text messages, "
                + "messages received are printed (binary ones as hex). At end of input the connection is closed "
                + "with 1000.", "",
                "  echo hello | torsion connect ws://127.0.0.1:8080/"},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:closed cleanly (1000, 1001 or no code)", "1:the connection or handshake failed",
                "2:bad options", "3:closed uncleanly or with an error code"})
public final class ConnectCommand implements Callable<Integer> {

    static final int CLEAN = 0;
    static final int CONNECT_FAILED = 1;
    static final int BAD_OPTIONS = CliError.USAGE;
    static final int CLOSED_WITH_ERROR = 3;

    @Parameters(index = "0", paramLabel = "URL", description = "ws:// or wss:// URL (IPv6 as ws://[::1]:8080/).")
    String url;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
            description = "Send a header with the opening handshake (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-s", "--subprotocol"}, paramLabel = "NAME",
            description = "Offer a subprotocol (repeatable; most preferred first).")
    List<String> subprotocols = new ArrayList<>();

    @Option(names = "--origin", paramLabel = "ORIGIN", description = "Send an Origin header.")
    String origin;

    @Option(names = {"-b", "--binary"},
            description = "Send standard input's bytes as binary messages and write received messages raw.")
    boolean binary;

    @Option(names = {"-k", "--insecure"},
            description = "Accept any server certificate (self-signed development servers only).")
    boolean insecure;

    @Option(names = "--cacert", paramLabel = "FILE", description = "Trust the certificates in this PEM file.")
    Path cacert;

    @Option(names = "--proxy", paramLabel = "URL", description = "Connect through an HTTP proxy with CONNECT: "
            + "http://[user:password@]host:port.")
    String proxy;

    @Option(names = "--connect-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long the TCP connect may take (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout = Duration.ofSeconds(10);

    @Option(names = "--handshake-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long proxy, TLS and WebSocket handshakes may take (default: ${DEFAULT-VALUE}).")
    Duration handshakeTimeout = Duration.ofSeconds(10);

    @Option(names = "--max-message-size", paramLabel = "SIZE", defaultValue = "16MiB",
            converter = BenchUnits.SizeConverter.class,
            description = "Largest message to accept, e.g. 64k, 100MiB; a larger one closes the connection with "
                    + "1009 (default: ${DEFAULT-VALUE}).")
    int maxMessageSize = 16 << 20;

    @Option(names = {"-q", "--quiet"}, description = "Print no status lines on standard error.")
    boolean quiet;

    private final InputStream in;
    private final OutputStream out;
    private final PrintStream err;
    private final boolean fromMain;

    /** The command on the process's standard streams. */
    public ConnectCommand() {
        this(System.in, new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8), true);
    }

    /** The command on given streams (tests, embedding); installs no shutdown hook. */
    ConnectCommand(InputStream in, OutputStream out, PrintStream err) {
        this(in, out, err, false);
    }

    private ConnectCommand(InputStream in, OutputStream out, PrintStream err, boolean fromMain) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.fromMain = fromMain;
    }

    @Override
    public Integer call() throws Exception {
        WebSocketClient.Builder builder;
        ClientOptions options;
        WebSocketUri target;
        try {
            target = WebSocketUri.parse(url);
            options = options();
        } catch (IllegalArgumentException e) {
            err.println("torsion connect: " + e.getMessage());
            return BAD_OPTIONS;
        }
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1)
                .withThreadNamePrefix("torsion-connect-"))) {
            builder = WebSocketClient.builder(reactor).connectTimeout(connectTimeout).handshakeTimeout(handshakeTimeout)
                    .config(WebSocketConfig.defaults().withMaxMessageSize(maxMessageSize)
                            .withMaxFrameSize(maxMessageSize));
            try {
                TlsConfig tls = tls();
                if (tls != null) {
                    builder.tls(tls);
                }
                if (proxy != null) {
                    builder.proxy(HttpProxy.parse(proxy));
                }
            } catch (IllegalArgumentException | java.io.IOException | java.security.GeneralSecurityException e) {
                err.println("torsion connect: " + e.getMessage());
                return BAD_OPTIONS;
            }
            return run(builder.build(), target, options);
        }
    }

    private int run(WebSocketClient client, WebSocketUri target, ClientOptions options) throws InterruptedException {
        ConnectOutput output = new ConnectOutput(out, binary);
        WebSocketSession session;
        try {
            session = client.connect(target.uri(), output, options).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) { // e.g. a --header the handshake sets itself
                err.println("torsion connect: " + cause.getMessage());
                return BAD_OPTIONS;
            }
            err.println("torsion connect: cannot connect to " + url + ": "
                    + ConnectFailure.describe(cause, target.host(), target.uri().getRawPath()));
            return CONNECT_FAILED;
        }
        if (!quiet) {
            err.println("connected to " + url + (session.subprotocol() == null ? "" : " (subprotocol "
                    + session.subprotocol() + ")") + (binary ? "; sending standard input as binary" : ""));
        }
        Thread hook = null;
        if (fromMain) {
            hook = new Thread(() -> closeOnExit(session, output), "torsion-connect-exit");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        Thread sender = new Thread(new StdinSender(in, session, output, binary, err), "torsion-connect-stdin");
        sender.setDaemon(true);
        sender.start();
        ConnectOutput.Close close;
        try {
            close = output.closed().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the close future never fails", e);
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the JVM is already shutting down
            }
        }
        boolean fine = close.clean() && (close.code().equals(CloseCode.NORMAL_CLOSURE)
                || close.code().equals(CloseCode.GOING_AWAY) || close.code().equals(CloseCode.NO_STATUS_RECEIVED));
        if (!fine || !quiet) {
            err.println((fine ? "closed: " : "torsion connect: the connection closed ")
                    + close.code().code() + (close.reason().isEmpty() ? "" : " " + close.reason())
                    + (close.clean() ? "" : " (not clean)"));
        }
        return fine ? CLEAN : CLOSED_WITH_ERROR;
    }

    /** Ctrl-C: say 1001 Going Away and give the close a moment to complete. */
    private static void closeOnExit(WebSocketSession session, ConnectOutput output) {
        session.close(CloseCode.GOING_AWAY, "");
        try {
            output.closed().get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // exiting anyway
        }
    }

    private ClientOptions options() {
        ClientOptions.Builder b = ClientOptions.builder();
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--header wants 'Name: value', got: " + h);
            }
            b.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        b.subprotocols(subprotocols.toArray(new String[0]));
        if (origin != null) {
            b.origin(origin);
        }
        return b.build();
    }

    private TlsConfig tls() throws java.io.IOException, java.security.GeneralSecurityException {
        if (insecure && cacert != null) {
            throw new IllegalArgumentException("--insecure and --cacert contradict each other: choose one");
        }
        if (insecure) {
            return TlsConfig.insecureClient();
        }
        if (cacert != null) {
            if (!java.nio.file.Files.isReadable(cacert)) {
                throw new IllegalArgumentException("--cacert: cannot read " + cacert);
            }
            return TlsConfig.clientTrusting(cacert);
        }
        return null;
    }
}
