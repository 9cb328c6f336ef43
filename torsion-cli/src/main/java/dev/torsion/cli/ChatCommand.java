package dev.torsion.cli;

import dev.torsion.cli.chat.ChatFraming;
import dev.torsion.cli.chat.ChatHandler;
import dev.torsion.cli.chat.ChatRequestParser;
import dev.torsion.cli.chat.ChatRooms;
import dev.torsion.reactor.Authority;
import dev.torsion.reactor.Factory;
import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.redis.RedisBackplane;
import dev.torsion.redis.RedisBackplaneConfig;
import dev.torsion.redis.Retention;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.cli.stats.Monitoring;
import dev.torsion.websocket.OverflowPolicy;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketMetrics;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.server.WebSocketResource;
import dev.torsion.websocket.topic.BackplaneUnavailableException;
import dev.torsion.websocket.topic.InMemoryBackplane;
import dev.torsion.websocket.topic.SlowConsumerPolicy;
import dev.torsion.websocket.topic.TopicBackplane;
import dev.torsion.websocket.topic.TopicRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code torsion chat}: a chat server with rooms (each room a topic) and its single-page client at {@code /};
 * the WebSocket endpoint is {@code /chat} and speaks the JSON format of docs/chat.md. With {@code --redis URI}
 * the rooms are shared by every node that uses that Redis (a {@link RedisBackplane}); without it, by this
 * process only (an {@link InMemoryBackplane} that keeps {@code --history} messages per room for clients that
 * reconnect). With {@code --cert}/{@code --key} (or {@code --keystore}) it serves https:// and wss://, offering
 * HTTP/2 by ALPN; over HTTP/2 (also h2c with prior knowledge on plain TCP) the chat's WebSocket is a stream of
 * the page's connection (RFC 8441).
 *
 * <p><b>Lifecycle.</b> Runs until interrupted (Ctrl-C); then open connections are closed with 1001 Going
 * Away and the process exits once they are gone (or after the shutdown deadline).
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Run a WebSocket chat server with rooms, and its page at /.")
public final class ChatCommand implements Callable<Integer> {

    /** Largest message a chat client may send, in bytes; a larger one closes its connection with 1009. */
    static final int MAX_CLIENT_MESSAGE = 16 * 1024;

    /** What a subscriber that does not keep up gets. */
    enum SlowConsumer { drop, close1008, close1013 }

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", defaultValue = "8080", converter = Options.Port.class,
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--loops", converter = Options.Count.class, description = "Number of event loops (default: one per core).")
    Integer loops;

    @Option(names = "--max-queued", defaultValue = "1048576",
            description = "Bytes a client may have waiting to be sent before the slow-consumer policy acts (default: ${DEFAULT-VALUE}).")
    long maxQueued = 1 << 20;

    @Option(names = "--slow-consumer", defaultValue = "close1013",
            description = "What a client that does not keep up gets: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SlowConsumer slowConsumer = SlowConsumer.close1013;

    @Option(names = "--deflate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Negotiate permessage-deflate with clients that offer it (default: on, without context "
                    + "takeover, so a room's message is compressed once for all such clients); --no-deflate refuses it.")
    boolean deflate = true;

    @Option(names = "--metrics", description = "Count connections, messages, close codes, topics and loop lag, and "
            + "serve them: GET /metrics in the Prometheus text format, /stats a live page (see docs/observability.md).")
    boolean metrics;

    @Option(names = "--redis", paramLabel = "URI",
            description = "Share the rooms with every node using this Redis: redis://[user:password@]host:port[/db], "
                    + "or rediss://... for TLS.")
    String redis;

    @Option(names = "--redis-cacert", paramLabel = "PEM",
            description = "With a rediss:// URI: trust the certificates in this PEM file for Redis's.")
    java.nio.file.Path redisCacert;

    @Option(names = "--redis-prefix", defaultValue = "torsion:",
            description = "Prefix of the Redis keys and channels (default: ${DEFAULT-VALUE}).")
    String redisPrefix = "torsion:";

    @Option(names = "--retention", defaultValue = "10000",
            description = "What Redis keeps of each room for clients that reconnect: a number of messages or an age "
                    + "(30s, 15m, 2h, 1d) (default: ${DEFAULT-VALUE}).")
    String retention = "10000";

    @Option(names = "--redis-buffer", defaultValue = "8388608",
            description = "Bytes of messages held while Redis is unreachable; beyond that a message is refused "
                    + "(default: ${DEFAULT-VALUE}).")
    long redisBuffer = 8L << 20;

    @Option(names = "--history", defaultValue = "1000",
            description = "Without --redis: messages kept per room for clients that reconnect (default: ${DEFAULT-VALUE}).")
    int history = 1000;

    @picocli.CommandLine.Mixin
    TlsOptions tlsOptions = new TlsOptions();

    @Option(names = {"-v", "--verbose"}, description = "Log every join and leave.")
    boolean verbose;

    @Option(names = "--shutdown-timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long Ctrl-C waits for connections to close (default: ${DEFAULT-VALUE}).")
    Duration shutdownTimeout = Duration.ofSeconds(5);

    private final PrintStream out;

    public ChatCommand() {
        this(System.out);
    }

    ChatCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (maxQueued < 1) {
            throw new CliError(CliError.USAGE, "--max-queued must be positive, got " + maxQueued);
        }
        dev.torsion.tls.TlsConfig tls = tlsOptions.configOrExit();
        TopicBackplane backplane;
        try {
            backplane = backplane();
        } catch (IllegalArgumentException | BackplaneUnavailableException e) {
            throw new CliError(CliError.USAGE, e.getMessage());
        }
        ReactorConfig config = ReactorConfig.defaults();
        if (loops != null) {
            config = config.withEventLoops(loops);
        }
        Reactor reactor = Reactor.create(config);
        ListeningPort listening;
        try {
            listening = Listen.on(reactor, host, port, tls == null ? site(backplane, reactor)
                    : tls.wrap(site(backplane, reactor)));
        } catch (CliError e) {
            closeBackplane(backplane);
            throw e;
        }
        String where = Authority.of(host, listening.port());
        out.println("torsion chat: open " + (tls == null ? "http://" : "https://") + where + "/ in a browser (WebSocket: "
                + (tls == null ? "ws://" : "wss://") + where + "/chat)");
        if (backplane instanceof RedisBackplane) {
            out.println("  rooms shared through " + backplane);
        }
        if (metrics) {
            out.println("  metrics: http://" + where + "/metrics (Prometheus), live page http://" + where + "/stats");
        }
        out.println("  Ctrl-C to stop");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                reactor.shutdownGracefully(shutdownTimeout).get();
            } catch (Exception ignored) {
                // exiting anyway
            }
            closeBackplane(backplane);
        }, "torsion-chat-shutdown"));
        reactor.run();
        return 0;
    }

    /** The backplane the options ask for: Redis (connected now) or in memory. */
    TopicBackplane backplane() {
        if (redis == null) {
            return InMemoryBackplane.withHistory(history);
        }
        RedisBackplaneConfig.Builder config = RedisBackplaneConfig.builder(redis).keyPrefix(redisPrefix)
                .retention(Retention.parse(retention)).maxBufferedBytes(redisBuffer);
        if (redisCacert != null) {
            config.trustedCertificates(redisCacert);
        }
        return RedisBackplane.connect(config.build());
    }

    private static void closeBackplane(TopicBackplane backplane) {
        if (backplane instanceof AutoCloseable) {
            try {
                ((AutoCloseable) backplane).close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }
    }

    /** The site on an in-memory backplane with {@code --history}, without monitoring (tests). */
    Factory site() {
        return site(InMemoryBackplane.withHistory(history), null);
    }

    /**
     * The site: the page at {@code /}, the chat's WebSocket endpoint at {@code /chat}, rooms on {@code backplane};
     * with {@code --metrics} also {@code /metrics} and {@code /stats}, which read {@code reactor}'s loops.
     */
    Factory site(TopicBackplane backplane, Reactor reactor) {
        TopicRegistry topics = TopicRegistry.builder().slowConsumerPolicy(policy()).backplane(backplane)
                .framing(new ChatFraming()).build();
        ChatRooms rooms = new ChatRooms(topics);
        ChatRequestParser parser = new ChatRequestParser();
        Consumer<String> log = verbose ? out::println : line -> { };
        WebSocketConfig ws = WebSocketConfig.defaults()
                .withMaxMessageSize(MAX_CLIENT_MESSAGE)
                .withMaxFrameSize(MAX_CLIENT_MESSAGE)
                .withSendQueue(Math.max(maxQueued, 64 * 1024), OverflowPolicy.CLOSE_TRY_AGAIN_LATER);
        Resource root = new Resource();
        root.putChild("", new SinglePage(ChatCommand.class, "chat/chat.html", "/chat"));
        WebSocketMetrics counted = metrics ? WebSocketMetrics.create("/chat") : null;
        WebSocketResource.Builder endpoint = WebSocketResource.builder(request -> new ChatHandler(rooms, parser, log))
                .config(ws).metrics(counted);
        if (deflate) {
            endpoint.deflate(PerMessageDeflateServer.builder().serverNoContextTakeover(true)
                    .requestClientNoContextTakeover(true).build());
        }
        root.putChild("chat", endpoint.build());
        if (counted != null) {
            if (reactor == null) {
                throw new IllegalArgumentException("--metrics needs the reactor the site runs on");
            }
            new Monitoring(reactor, counted, topics).mount(root);
        }
        return new Site(root);
    }

    private SlowConsumerPolicy policy() {
        switch (slowConsumer) {
            case drop:
                return SlowConsumerPolicy.drop(maxQueued);
            case close1008:
                return SlowConsumerPolicy.closePolicyViolation(maxQueued);
            default:
                return SlowConsumerPolicy.closeTryAgainLater(maxQueued);
        }
    }
}
