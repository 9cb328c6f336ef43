package dev.torsion.redis;

import dev.torsion.websocket.PreparedMessage;
import dev.torsion.websocket.topic.Backlog;
import dev.torsion.websocket.topic.BackplaneUnavailableException;
import dev.torsion.websocket.topic.MessageIds;
import dev.torsion.websocket.topic.TopicBackplane;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import reactor.core.Disposable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TopicBackplane} on Redis: every Torsion server that uses the same Redis (and key prefix) shares its
 * topics. Build one per server process with {@link #connect} and give it to the {@code TopicRegistry}.
 *
 * <pre>{@code
 * RedisBackplane redis = RedisBackplane.connect(RedisBackplaneConfig.builder("redis://127.0.0.1:6379").build());
 * TopicRegistry topics = TopicRegistry.builder().backplane(redis).framing(...).build();
 * }</pre>
 *
 * <p><b>The message path.</b> A publish is one Redis command ({@link PublishScript}): the message is appended to
 * the topic's stream {@code PREFIXstream:TOPIC} (trimmed to the {@link Retention}) and published with its
 * stream id on the channel {@code PREFIXchannel:TOPIC}, atomically, so every server sees the messages of a
 * topic in the same order, the stream's. Each server holds one Redis subscription per topic that has local
 * subscribers (not one per connection); a message that arrives is decoded and framed once for the server
 * ({@link PreparedMessage}) and handed to the registry, which writes the same frame to every local subscriber.
 * The publishing server's own subscribers get the message the same way, when it comes back from Redis.
 *
 * <p><b>Resuming.</b> {@link #readAfter} reads the stream after an id: what a reconnecting client missed.
 * When the id is no longer in the stream (older than the retention) the backlog says so, and the registry
 * tells the client (a gap notice, or close code 4410).
 *
 * <p><b>Redis faults.</b> When the connection drops, the client reconnects by itself, with exponential backoff
 * and full jitter between {@code reconnectDelay}'s bounds. On every reconnection each topic is subscribed again
 * and read from the stream after the last id this server delivered, live messages being held meanwhile: this
 * server's subscribers miss nothing and get nothing twice, as long as the stream still keeps what was
 * published during the outage (if it does not, or if Redis lost its data, the registry is told:
 * {@link Listener#onGap}). Local sessions stay connected and subscribed all along.
 *
 * <p><b>Publishes while Redis is away.</b> They are held, in order, and sent when the connection is back; so are
 * publishes sent but not yet answered when it dropped (a repeat that Redis had already run is recognized and
 * skipped, see {@link PublishScript}). Nothing is delivered during the outage, to other servers or to this one:
 * only Redis orders a topic's messages, and delivering locally first would let servers disagree on the order
 * and repeat messages to a client that resumes. The bytes waiting are bounded by
 * {@link RedisBackplaneConfig.Builder#maxBufferedBytes}: a publish that would go over fails at once with a
 * {@link BackplaneUnavailableException} saying how long Redis has been away and how much is waiting.
 *
 * <p><b>Why Lettuce.</b> The client is Lettuce (io.lettuce:lettuce-core 7, the Redis project's own asynchronous
 * client): its commands return futures and never block the caller, so a Torsion event loop can publish and
 * subscribe directly; it multiplexes everything over one connection (with RESP3 a subscribed connection also
 * runs commands, so a subscription, a publish and a stream read issued in that order run in that order); it
 * reconnects with a configurable backoff and replays what was pending. Jedis 6 is synchronous: a subscription
 * holds a thread blocked in {@code subscribe()}, publishes need a pool of connections and a thread to wait on
 * each, and reconnection and resubscription are the application's job. Writing the protocol by hand would
 * duplicate what Lettuce does well for no measured gain. The cost: Netty and Reactor on the class path (about
 * 6 MB), and per server process two threads (one Netty I/O thread, one for Lettuce's events and timers); per
 * message on the publishing side one {@code EVAL} (the message's payload plus about 400 bytes of script),
 * and on each receiving server one copy of the payload off the socket, a decode to a string for text and one
 * framing (see docs/benchmarks-fanout.md for the measured throughput and latency).
 *
 * <p><b>Threading.</b> Thread-safe; every method returns at once. Listeners are called on the client's I/O
 * thread, one message at a time, in id order per topic.
 *
 * <p><b>Lifecycle.</b> {@link #connect} opens the connection (and fails if Redis cannot be reached then);
 * {@link #close} closes it, fails the publishes still waiting and stops the threads.
 */
public final class RedisBackplane implements TopicBackplane, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisBackplane.class.getName());
    private static final Duration RETRY_SYNC = Duration.ofMillis(500);

    private final RedisBackplaneConfig config;
    private final String where;
    private final ClientResources resources;
    private final RedisClient client;
    private final PublishScript script;
    private final byte[] publisher;
    private final ConcurrentHashMap<String, TopicChannel> topics = new ConcurrentHashMap<>();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong reconnections = new AtomicLong();
    private final Object sendLock = new Object();
    private final Disposable events;
    private StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private RedisPubSubAsyncCommands<byte[], byte[]> redis;
    /** Guarded by {@link #sendLock}: the number of the last publish sent. */
    private long sequence;
    private volatile boolean connected;
    private volatile long awaySinceNanos;
    private volatile boolean closed;

    private RedisBackplane(RedisBackplaneConfig config) {
        this.config = config;
        RedisURI uri = RedisURI.create(config.uri);
        uri.setTimeout(Duration.ofDays(1));   // commands wait for a reconnection; the byte bound limits them
        this.where = (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
        this.script = new PublishScript(config.retention);
        this.publisher = (config.keyPrefix + "publisher:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(1)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.fullJitter(config.minReconnectDelay, config.maxReconnectDelay, 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.events = resources.eventBus().get().subscribe(event -> {
            if (event instanceof ConnectionActivatedEvent) {
                activated();
            } else if (event instanceof ConnectionDeactivatedEvent) {
                deactivated();
            }
        });
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP3)
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout).keepAlive(true).build())
                .build());
    }

    /**
     * Connects to the Redis of {@code config}; throws {@link BackplaneUnavailableException} (saying where and
     * why) if it cannot be reached or refuses the credentials. Blocks until connected: call it at start-up, not
     * on an event loop.
     */
    public static RedisBackplane connect(RedisBackplaneConfig config) {
        RedisBackplane backplane = new RedisBackplane(config);
        try {
            backplane.open();
        } catch (RuntimeException e) {
            backplane.close();
            throw new BackplaneUnavailableException("cannot use Redis at " + backplane.where + ": "
                    + describe(e), e);
        }
        return backplane;
    }

    private void open() {
        StatefulRedisPubSubConnection<byte[], byte[]> c = client.connectPubSub(ByteArrayCodec.INSTANCE);
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] body) {
                arrived(channel, body);
            }
        });
        synchronized (sendLock) {
            connection = c;
            redis = c.async();
        }
        connected = true;
    }

    // ---------------------------------------------------------------- TopicBackplane

    @Override
    public CompletionStage<String> publish(String topic, PreparedMessage message) {
        if (closed) {
            return CompletableFuture.failedFuture(new BackplaneUnavailableException(
                    "the Redis backplane is closed; publish refused"));
        }
        long size = message.payloadLength();
        long waiting = bufferedBytes.addAndGet(size);
        if (waiting > config.maxBufferedBytes && waiting != size) {
            bufferedBytes.addAndGet(-size);
            refused.incrementAndGet();
            return CompletableFuture.failedFuture(new BackplaneUnavailableException(refusal(waiting - size)));
        }
        byte[] stream = key("stream:", topic);
        byte[] channel = key("channel:", topic);
        byte[] opcode = Envelope.opcodeField(message);
        byte[] payload = Envelope.payloadField(message);
        CompletionStage<String> id;
        try {
            synchronized (sendLock) {   // numbers go out in the order they are taken
                id = script.run(redis, stream, channel, publisher, ++sequence, opcode, payload);
            }
        } catch (RuntimeException e) {
            id = CompletableFuture.failedFuture(e);
        }
        return id.whenComplete((v, e) -> bufferedBytes.addAndGet(-size));
    }

    @Override
    public CompletionStage<Void> subscribe(String topic, Listener listener) {
        while (true) {
            TopicChannel ch = topics.computeIfAbsent(topic, t -> new TopicChannel(t, config.keyPrefix));
            boolean first;
            synchronized (ch) {
                if (ch.dropped) {
                    continue;   // its last listener left meanwhile: take a new one
                }
                first = !ch.hasListeners();
                ch.add(listener);
            }
            if (first) {
                sync(ch, true);
            }
            return ch.live;
        }
    }

    @Override
    public CompletionStage<Void> unsubscribe(String topic, Listener listener) {
        TopicChannel ch = topics.get(topic);
        if (ch == null || !ch.remove(listener)) {
            return CompletableFuture.completedFuture(null);
        }
        topics.remove(topic, ch);
        try {
            synchronized (sendLock) {
                return redis.unsubscribe(ch.channel);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Backlog> readAfter(String topic, String afterId) {
        if (!MessageIds.isValid(afterId)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a message id: " + afterId));
        }
        try {
            return StreamReads.after(redis, key("stream:", topic), afterId);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---------------------------------------------------------------- state

    /** True while the connection to Redis is up. */
    public boolean isConnected() {
        return connected;
    }

    /** Payload bytes of publishes waiting for Redis's answer. */
    public long bufferedBytes() {
        return bufferedBytes.get();
    }

    /** Publishes refused because {@code maxBufferedBytes} were already waiting. */
    public long refusedPublishes() {
        return refused.get();
    }

    /** How many times the connection came back after dropping. */
    public long reconnections() {
        return reconnections.get();
    }

    /** Topics this server is subscribed to on Redis. */
    public int topicCount() {
        return topics.size();
    }

    public RedisBackplaneConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connected = false;
        events.dispose();
        try {
            if (connection != null) {
                connection.close();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the Redis client: " + e);
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "RedisBackplane[" + where + ", prefix " + config.keyPrefix + ", " + (connected ? "connected" : "away")
                + ", " + topics.size() + " topics]";
    }

    // ---------------------------------------------------------------- internals

    private void arrived(byte[] channel, byte[] body) {
        String name = new String(channel, StandardCharsets.UTF_8);
        String prefix = config.keyPrefix + "channel:";
        if (!name.startsWith(prefix)) {
            return;
        }
        TopicChannel ch = topics.get(name.substring(prefix.length()));
        Envelope.Received m = ch == null ? null : Envelope.decode(body);
        if (m != null) {
            ch.arrived(m.id(), m.message());
        }
    }

    /**
     * Holds {@code ch}'s live messages, (re)subscribes it, reads the stream after its last id and delivers;
     * the first time, its position is the stream's last entry, read before subscribing.
     */
    private void sync(TopicChannel ch, boolean subscribe) {
        int gen = ch.startSync();
        CompletionStage<?> positioned = CompletableFuture.completedFuture(null);
        CompletionStage<?> subscribed = CompletableFuture.completedFuture(null);
        try {
            synchronized (sendLock) {
                if (ch.lastId() == null) {
                    positioned = redis.xrevrange(ch.stream, Range.unbounded(), Limit.from(1))
                            .thenAccept(last -> ch.startAt(last.isEmpty() ? "0-0" : last.get(0).getId()));
                }
                if (subscribe) {
                    subscribed = redis.subscribe(ch.channel);
                }
            }
        } catch (RuntimeException e) {
            retrySync(ch, e);
            return;
        }
        positioned.thenCombine(subscribed, (a, b) -> b)
                .thenCompose(v -> StreamReads.after(redis, ch.stream, ch.lastId()))
                .whenComplete((backlog, e) -> {
                    if (e != null) {
                        retrySync(ch, e);
                    } else if (ch.finishSync(gen, backlog)) {
                        ch.live.complete(null);
                    }
                });
    }

    private void retrySync(TopicChannel ch, Throwable e) {
        if (closed || ch.dropped) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "catching up topic " + ch.topic + " failed (" + describe(e)
                + "); again when Redis answers");
        if (connected) {
            resources.eventExecutorGroup().schedule(() -> sync(ch, true), RETRY_SYNC.toMillis(),
                    TimeUnit.MILLISECONDS);
        }   // else: the next activation syncs every topic
    }

    private void activated() {
        if (closed || connection == null) {
            return;
        }
        boolean wasAway = !connected;
        connected = true;
        if (wasAway) {
            reconnections.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "Redis at " + where + " is back after "
                    + Duration.ofNanos(System.nanoTime() - awaySinceNanos).toMillis() + " ms; catching up "
                    + topics.size() + " topics");
        }
        for (TopicChannel ch : topics.values()) {
            sync(ch, true);
        }
    }

    private void deactivated() {
        if (closed || !connected) {
            return;
        }
        awaySinceNanos = System.nanoTime();
        connected = false;
        LOG.log(System.Logger.Level.WARNING, "lost the connection to Redis at " + where + "; reconnecting");
    }

    private String refusal(long waiting) {
        String state = connected ? "Redis at " + where + " is not keeping up"
                : "Redis at " + where + " has been unreachable for "
                + Duration.ofNanos(System.nanoTime() - awaySinceNanos).toMillis() + " ms";
        return state + ": " + waiting + " bytes of publishes are already waiting for it (the bound is "
                + config.maxBufferedBytes + "); publish refused";
    }

    private byte[] key(String kind, String topic) {
        return (config.keyPrefix + kind + topic).getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
