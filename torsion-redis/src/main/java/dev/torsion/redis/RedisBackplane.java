package dev.torsion.redis;

import dev.torsion.websocket.PreparedMessage;
import dev.torsion.websocket.topic.Backlog;
import dev.torsion.websocket.topic.BackplaneUnavailableException;
import dev.torsion.websocket.topic.MessageIds;
import dev.torsion.websocket.topic.TopicBackplane;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
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
 * tells the client (a gap notice, or close code 4410). While Redis is away, a read waits for it.
 *
 * <p><b>Redis faults.</b> When the connection drops, the backplane reconnects by itself, with exponential backoff
 * and full jitter (attempt n waits a random time up to {@code min * 2^n}, at most {@code max}: the
 * {@code reconnectDelay} bounds). On every reconnection each topic is subscribed again and read from the stream
 * after the last id this server delivered, live messages being held meanwhile (and a message whose previous id
 * is not the last one delivered starts the same catch-up, whatever the cause): this
 * server's subscribers miss nothing and get nothing twice, as long as the stream still keeps what was
 * published during the outage (if it does not, or if Redis lost its data, the registry is told:
 * {@link Listener#onGap}). Local sessions stay connected and subscribed all along.
 *
 * <p><b>Publishes while Redis is away.</b> They are held, in order, and sent when the connection is back; so are
 * publishes sent but not yet answered when it dropped, again in order (a repeat that Redis had already run is
 * recognized and skipped, see {@link PublishScript}). The reconnection and this queue are the backplane's own,
 * not the client's ({@code autoReconnect} is off), so that the order is kept. Nothing is delivered during the outage, to other servers or to this one:
 * only Redis orders a topic's messages, and delivering locally first would let servers disagree on the order
 * and repeat messages to a client that resumes. The bytes waiting are bounded by
 * {@link RedisBackplaneConfig.Builder#maxBufferedBytes}: a publish that would go over fails at once with a
 * {@link BackplaneUnavailableException} saying how long Redis has been away and how much is waiting.
 *
 * <p><b>The client.</b> Lettuce; why, and what it costs per message and in threads: the package documentation.
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
    /** Guards the connection, the epoch and the queue of publishes. */
    private final Object sendLock = new Object();
    private final RedisURI uri;
    /** Publishes not answered yet, in number order. */
    private final ArrayDeque<PendingPublish> unanswered = new ArrayDeque<>();
    private StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private volatile RedisPubSubAsyncCommands<byte[], byte[]> redis;
    /** The number of the last publish queued. */
    private long sequence;
    /** Counts connections: an answer or a loss reported for an older one is ignored. */
    private int epoch;
    private int attempts;
    private volatile boolean connected;
    /** Completes when a connection is up (replaced by a new one when it drops): stream reads wait for it. */
    private volatile CompletableFuture<Void> up = new CompletableFuture<>();
    private volatile long awaySinceNanos;
    private volatile boolean closed;

    private RedisBackplane(RedisBackplaneConfig config) {
        this.config = config;
        this.uri = RedisURI.create(config.uri);
        uri.setTimeout(Duration.ofDays(1));   // a command waits for its answer; the connection's loss ends it
        this.where = (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
        this.script = new PublishScript(config.retention);
        this.publisher = (config.keyPrefix + "publisher:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        this.client = RedisClient.create(resources, uri);
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> lost) {
                disconnected(lost);
            }
        });
        client.setOptions(ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP3)
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout).keepAlive(true).build())
                .sslOptions(config.trustedCertificates == null ? io.lettuce.core.SslOptions.create()
                        : io.lettuce.core.SslOptions.builder().jdkSslProvider()
                                .trustManager(config.trustedCertificates.toFile()).build())
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
        connected(client.connectPubSub(ByteArrayCodec.INSTANCE, uri));
    }

    /**
     * A new connection: listens on it, subscribes every topic again and catches it up, then sends the
     * unanswered publishes in order.
     */
    private void connected(StatefulRedisPubSubConnection<byte[], byte[]> c) {
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] body) {
                arrived(channel, body);
            }
        });
        boolean reconnected;
        synchronized (sendLock) {
            if (closed) {
                c.closeAsync();
                return;
            }
            reconnected = epoch > 0;
            connection = c;
            redis = c.async();
            epoch++;
            attempts = 0;
            connected = true;
            PublishScript.load(redis);
            up.complete(null);
            for (TopicChannel ch : topics.values()) {
                sync(ch, true);
            }
            for (PendingPublish p : unanswered) {
                send(p);
            }
        }
        if (reconnected) {
            reconnections.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "Redis at " + where + " is back after "
                    + Duration.ofNanos(System.nanoTime() - awaySinceNanos).toMillis() + " ms; caught up "
                    + topics.size() + " topics and sent " + unanswered.size() + " waiting publishes again");
        }
    }

    /** The connection {@code lost} closed: if it is the current one, reconnect after a backoff. */
    private void disconnected(RedisChannelHandler<?, ?> lost) {
        synchronized (sendLock) {
            if (closed || lost != connection || !connected) {
                return;
            }
            connected = false;
            up = new CompletableFuture<>();
            awaySinceNanos = System.nanoTime();
            scheduleReconnect();
        }
        LOG.log(System.Logger.Level.WARNING, "lost the connection to Redis at " + where + "; reconnecting");
    }

    /** Under the lock: the next attempt, after a random delay up to min * 2^attempts (at most max). */
    private void scheduleReconnect() {
        long min = config.minReconnectDelay.toMillis();
        long step = Math.min(config.maxReconnectDelay.toMillis(), min << Math.min(attempts, 20));
        long delay = ThreadLocalRandom.current().nextLong(step + 1);
        attempts++;
        resources.eventExecutorGroup().schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
    }

    private void reconnect() {
        if (closed) {
            return;
        }
        client.connectPubSubAsync(ByteArrayCodec.INSTANCE, uri).whenComplete((c, e) -> {
            if (e != null) {
                LOG.log(System.Logger.Level.DEBUG, "reconnecting to Redis at " + where + ": " + describe(e));
                synchronized (sendLock) {
                    if (!closed) {
                        scheduleReconnect();
                    }
                }
            } else {
                connected(c);
            }
        });
    }

    /** Under the lock: sends {@code p} on the current connection. */
    private void send(PendingPublish p) {
        int on = epoch;
        p.sentOn = on;
        CompletionStage<String> id;
        try {
            id = script.run(redis, p.stream, p.channel, publisher, p.seq, p.opcode, p.payload);
        } catch (RuntimeException e) {
            id = CompletableFuture.failedFuture(e);
        }
        id.whenComplete((value, e) -> answered(p, on, value, e));
    }

    /** Redis answered {@code p} (sent on connection {@code on}), or the connection failed it. */
    private void answered(PendingPublish p, int on, String id, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
        synchronized (sendLock) {
            if (cause instanceof io.lettuce.core.RedisNoScriptException && !closed) {
                if (on == epoch && connection != null) {
                    connection.closeAsync();   // the script cache was flushed: a new connection loads it again
                }
                return;
            }
            if (cause != null && !(cause instanceof RedisCommandExecutionException) && !closed) {
                return;   // the connection failed it: it is sent again on the next one
            }
            if (!unanswered.remove(p)) {
                return;   // answered already (on an earlier connection)
            }
        }
        bufferedBytes.addAndGet(-p.size());
        if (cause != null) {
            p.outcome.completeExceptionally(cause);
        } else {
            p.outcome.complete(id);
        }
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
        PendingPublish p;
        synchronized (sendLock) {   // numbers go out in the order they are taken
            p = new PendingPublish(++sequence, stream, channel, opcode, payload);
            unanswered.addLast(p);
            if (connected) {
                send(p);
            }
        }
        return p.outcome;
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
        try {
            synchronized (sendLock) {   // a new subscription of the topic sends its SUBSCRIBE after this
                topics.remove(topic, ch);
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
        byte[] stream = key("stream:", topic);
        return up.thenCompose(v -> StreamReads.after(redis, stream, afterId));   // while Redis is away: waits
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
        List<PendingPublish> failed;
        synchronized (sendLock) {
            closed = true;
            connected = false;
            failed = new ArrayList<>(unanswered);
            unanswered.clear();
        }
        up.completeExceptionally(new BackplaneUnavailableException("the Redis backplane is closed"));
        for (PendingPublish p : failed) {
            bufferedBytes.addAndGet(-p.size());
            p.outcome.completeExceptionally(new BackplaneUnavailableException(
                    "the Redis backplane was closed before Redis took this publish"));
        }
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
            int gen = ch.arrived(m.id(), m.previous(), m.message());
            if (gen != 0) {
                read(ch, gen, CompletableFuture.completedFuture(null));
            }
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
                            .thenAccept(last -> ch.startAt(last.isEmpty() ? StreamReads.START : last.get(0).getId()));
                }
                if (subscribe) {
                    subscribed = redis.subscribe(ch.channel);
                }
            }
        } catch (RuntimeException e) {
            retrySync(ch, e);
            return;
        }
        read(ch, gen, positioned.thenCombine(subscribed, (a, b) -> b));
    }

    /** Once {@code ready}, reads {@code ch}'s stream after its last id and finishes catch-up {@code gen}. */
    private void read(TopicChannel ch, int gen, CompletionStage<?> ready) {
        ready.thenCompose(v -> StreamReads.after(redis, ch.stream, ch.lastId()))
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
            resources.eventExecutorGroup().schedule(() -> {
                synchronized (sendLock) {
                    if (connected) {
                        sync(ch, true);
                    }
                }
            }, RETRY_SYNC.toMillis(), TimeUnit.MILLISECONDS);
        }   // else: the next connection syncs every topic
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
