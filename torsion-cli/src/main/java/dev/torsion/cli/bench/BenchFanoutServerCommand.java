package dev.torsion.cli.bench;

import dev.torsion.cli.Listen;
import dev.torsion.cli.Options;
import dev.torsion.reactor.Authority;
import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Site;
import dev.torsion.websocket.server.WebSocketResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code torsion bench-fanout-server} (hidden): the Torsion server of the fan-out benchmark
 * ({@code bench/fanout.sh}, {@code torsion bench --mode fanout}). A WebSocket endpoint at {@code /} where every
 * connection subscribes to one topic and every text message received is sent to all connections: framed
 * once through the {@code TopicRegistry}, or framed per subscriber with {@code --per-subscriber} (see
 * {@link FanoutHandler}). No compression. With {@code --redis URI} the registry's backplane is Redis, so several
 * such servers share the topic (each message goes through Redis and comes back to every server).
 *
 * <p><b>Threading / lifecycle.</b> Runs until the process is stopped; prints {@code listening on H:N} once
 * ready, like the peers, so scripts can wait for that line.
 */
@Command(name = "bench-fanout-server", hidden = true, mixinStandardHelpOptions = true,
        description = "A broadcast server for the fan-out benchmark: every text message goes to every connection.")
public final class BenchFanoutServerCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", required = true, converter = Options.Port.class,
            description = "Port to listen on; 0 picks a free one.")
    int port;

    @Option(names = "--loops", converter = Options.Count.class, description = "Number of event loops (default: one per core).")
    Integer loops;

    @Option(names = "--per-subscriber", description = "Frame each message once per subscriber (sendText in a "
            + "loop) instead of once for all (TopicRegistry.publish).")
    boolean perSubscriber;

    @Option(names = "--redis", paramLabel = "URI",
            description = "Share the topic with every server using this Redis (the Redis backplane).")
    String redis;

    @Override
    public Integer call() throws Exception {
        dev.torsion.websocket.topic.TopicBackplane backplane = redis == null
                ? new dev.torsion.websocket.topic.InMemoryBackplane()
                : dev.torsion.redis.RedisBackplane.connect(dev.torsion.redis.RedisBackplaneConfig.builder(redis)
                        .keyPrefix("bench-fanout:").retention(dev.torsion.redis.Retention.messages(1000)).build());
        ReactorConfig config = loops == null ? ReactorConfig.defaults() : ReactorConfig.defaults().withEventLoops(loops);
        Reactor reactor = Reactor.create(config);
        ListeningPort listening = Listen.on(reactor, host, port,
                new Site(WebSocketResource.builder(new FanoutHandler(perSubscriber, backplane)).build()));
        System.out.println("listening on " + Authority.of(host, listening.port()));
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(reactor::stop, "bench-fanout-server-stop"));
        reactor.run();
        return 0;
    }
}
