package dev.torsion.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code torsion bench URL}: a WebSocket load generator in the manner of wrk. Echo mode keeps {@code --depth}
 * messages in flight on each of {@code -c} connections and checks every echo byte for byte; handshake mode
 * measures opening handshakes per second; idle mode opens and holds connections; fan-out mode measures
 * deliveries per second from publishers through a broadcasting server to many subscribers. It prints a summary, or one
 * JSON object with {@code --json}, and a live progress line on stderr while it runs.
 *
 * <p>Before any load it opens one WebSocket connection to the server and closes it: when that fails (nothing
 * listening, not a WebSocket endpoint, ...) the command says why and exits 1 at once, instead of counting
 * errors for the whole run. Ctrl-C ends the measured window early and prints what was measured until then,
 * as wrk does.
 *
 * <p><b>Threading / lifecycle.</b> A picocli command: {@link #call()} runs one benchmark on the calling
 * thread (the load on the client's own event loops) and returns the exit status: 0, or 1 if any error was
 * counted or nothing could connect, 2 for bad arguments.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load-test a WebSocket server: echo throughput and latency, handshakes/s, idle connections, "
                + "broadcast deliveries/s.",
                "Example: torsion bench -c 100 -s 32 --depth 16 -d 10s ws://127.0.0.1:8080/"})
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "URL", description = "The server, ws://host:port/path.")
    URI uri;

    @Option(names = "--mode", defaultValue = "echo",
            description = "What to measure: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    BenchMode mode = BenchMode.echo;

    @Option(names = {"-c", "--connections"}, defaultValue = "100",
            description = "Connections (handshake mode: concurrent handshake loops; fan-out mode: subscribers) "
                    + "(default: ${DEFAULT-VALUE}).")
    int connections = 100;

    @Option(names = {"-s", "--size"}, defaultValue = "32", converter = BenchUnits.SizeConverter.class,
            description = "Message payload size: 32, 16k, 1MiB, ... (default: ${DEFAULT-VALUE}).")
    int size = 32;

    @Option(names = "--depth", defaultValue = "1",
            description = "Messages in flight per connection (default: ${DEFAULT-VALUE}).")
    int depth = 1;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = BenchUnits.DurationConverter.class,
            description = "Measured time (idle mode: how long connections are held) (default: ${DEFAULT-VALUE}).")
    Duration duration = Duration.ofSeconds(10);

    @Option(names = "--warmup", defaultValue = "2s", converter = BenchUnits.DurationConverter.class,
            description = "Load before measuring, not counted (default: ${DEFAULT-VALUE}).")
    Duration warmup = Duration.ofSeconds(2);

    @ArgGroup(exclusive = true)
    Kind kind;

    @Option(names = {"-t", "--threads"}, converter = dev.torsion.cli.Options.Count.class,
            description = "Client event loops (default: one per available core).")
    Integer threads;

    @Option(names = "--sources", defaultValue = "4",
            description = "Idle mode: spread connections over this many source addresses 127.0.0.2, "
                    + "127.0.0.3, ...; 0 = let the kernel choose (default: ${DEFAULT-VALUE}).")
    int sources = 4;

    @Option(names = "--publishers", defaultValue = "1",
            description = "Fan-out mode: publisher connections (default: ${DEFAULT-VALUE}).")
    int publishers = 1;

    @Option(names = "--also", paramLabel = "URL",
            description = "Fan-out mode: another server sharing the topic (repeatable); the connections are spread "
                    + "over URL and these in turn.")
    java.util.List<URI> also = new java.util.ArrayList<>();

    @Option(names = "--also-pid", paramLabel = "PID",
            description = "Fan-out mode: another process whose CPU time counts as the server's (repeatable: other "
                    + "nodes, a broker); needs --server-pid.")
    java.util.List<Long> alsoPids = new java.util.ArrayList<>();

    @Option(names = "--rate", defaultValue = "0",
            description = "Fan-out mode: messages/s over all publishers; 0 = closed loop, each publisher sends its "
                    + "next message when its own copy of the previous one came back (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--server-pid", defaultValue = "0",
            description = "Also report this process's CPU time over the measured window.")
    long serverPid;

    @Option(names = "--ready-file", description = "Idle mode: write this file once every connection is open.")
    Path readyFile;

    @Option(names = "--client", defaultValue = "lean",
            description = "Echo mode's client: lean (pre-masked frames, echoes checked in the read buffer) or "
                    + "session (the Torsion WebSocketClient and its session API) (default: ${DEFAULT-VALUE}).")
    EchoClient client = EchoClient.lean;

    @Option(names = "--deflate", description = "Offer permessage-deflate (with --client session); the server "
            + "decides whether to compress.")
    boolean deflate;

    @Option(names = "--http2", description = "Open the WebSockets over HTTP/2 (RFC 8441; with --client session): "
            + "h2c with prior knowledge, several WebSockets sharing a connection (--http2-streams).")
    boolean http2;

    @Option(names = "--http2-streams", defaultValue = "100", paramLabel = "N",
            description = "With --http2: at most N WebSockets per HTTP/2 connection (default: ${DEFAULT-VALUE}; 1 gives "
                    + "each its own connection, as over HTTP/1.1).")
    int http2Streams = 100;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    /** {@code --text} or {@code --binary}. */
    static final class Kind {
        @Option(names = "--text", description = "Send text messages (ASCII).")
        boolean text;

        @Option(names = "--binary", description = "Send binary messages (the default).")
        boolean binary;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean fromMain;

    public BenchCommand() {
        this(System.out, System.err, true);
    }

    BenchCommand(PrintStream out, PrintStream err) {
        this(out, err, false);
    }

    private BenchCommand(PrintStream out, PrintStream err, boolean fromMain) {
        this.out = out;
        this.err = err;
        this.fromMain = fromMain;
    }

    /** The checked fan-out settings of this command line (fan-out mode only). */
    FanoutSettings fanoutSettings() {
        BenchSettings common = settings();
        try {
            return new FanoutSettings(common, publishers, rate, also, alsoPids);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The checked settings of this command line. */
    BenchSettings settings() {
        int loops = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try {
            if (mode != BenchMode.fanout && (publishers != 1 || rate != 0 || !also.isEmpty() || !alsoPids.isEmpty())) {
                throw new IllegalArgumentException("--publishers, --rate, --also and --also-pid are for --mode fanout");
            }
            if (http2 && http2Streams < 1) {
                throw new IllegalArgumentException("--http2-streams must be at least 1, got " + http2Streams);
            }
            if (mode == BenchMode.fanout && kind != null && kind.binary) {
                throw new IllegalArgumentException("fan-out mode sends text messages only");
            }
            return new BenchSettings(uri, mode, connections, size, depth, duration, warmup,
                    kind != null && kind.text || mode == BenchMode.fanout, loops, mode == BenchMode.idle ? sources : 0, serverPid, readyFile, client,
                    deflate, http2 ? Math.max(0, http2Streams) : 0);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        BenchSettings checked = mode == BenchMode.fanout ? fanoutSettings().common() : settings();
        Probe.connect(checked.uri(), Duration.ofSeconds(5));
        if (!fromMain) {
            return run();
        }
        // Ctrl-C: the hook interrupts the run, whose measured window then ends, and waits for its report
        Thread runner = Thread.currentThread();
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (reported.getCount() > 0) {
                err.println();
                err.println("torsion bench: interrupted; what was measured until now:");
                runner.interrupt();
                try {
                    reported.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // exiting anyway
                }
            }
        }, "torsion-bench-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run();
        } catch (InterruptedException e) {
            err.println("torsion bench: interrupted before the measured window began: nothing was measured");
            return 130;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the JVM is already shutting down
            }
        }
    }

    private int run() throws Exception {
        if (mode == BenchMode.fanout) {
            FanoutResult result = FanoutLoad.run(fanoutSettings(), new Progress(err, Progress.wanted(quiet), "dlv/s"));
            out.println(json ? result.toJson() : result.toText());
            out.flush();
            return result.clean() ? 0 : 1;
        }
        BenchSettings settings = settings();
        Progress progress = new Progress(err, Progress.wanted(quiet), mode == BenchMode.handshake ? "hs/s" : "msg/s");
        BenchResult result;
        switch (settings.mode()) {
            case handshake:
                result = HandshakeLoad.run(settings, progress);
                break;
            case idle:
                result = IdleLoad.run(settings, progress);
                break;
            default:
                result = settings.client() == EchoClient.lean ? LeanEchoLoad.run(settings, progress)
                        : EchoLoad.run(settings, progress);
        }
        out.println(json ? result.toJson() : result.toText());
        out.flush();
        return result.errors() == 0 ? 0 : 1;
    }
}
