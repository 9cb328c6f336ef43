package dev.torsion.websocket.topic;

import dev.torsion.reactor.Scheduler;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.PreparedMessage;
import dev.torsion.websocket.WebSocketSession;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publish/subscribe over WebSocket sessions: sessions subscribe to named topics, and
 * {@link #publish(String, PreparedMessage)} sends a message to every subscriber of a topic, framed once.
 *
 * <pre>{@code
 * TopicRegistry topics = TopicRegistry.create();
 * // in a handler: topics.subscribe(session, "news");   (a closed session is unsubscribed by itself)
 * topics.publish("news", "hello, subscribers");         // from any thread
 * }</pre>
 *
 * <p><b>Fan-out.</b> A message is framed once ({@link PreparedMessage}) and handed to the
 * {@link TopicBackplane}, which gives it back to the registries subscribed to the topic. Each registry
 * groups a topic's subscribers by event loop ({@link WebSocketSession#scheduler()}): delivery hops onto each
 * loop once per batch of messages, not once per subscriber, and on the loop each subscriber costs a look at
 * its send queue and a copy of the frame into its transport's output. Compression-once (permessage-deflate) happens behind
 * {@link WebSocketSession#sendPrepared}: the prepared message compresses once per compression profile for the
 * subscribers that compress without context takeover, so this class takes no part in it.
 *
 * <p><b>Order.</b> Messages published by one thread reach each subscriber in the order published; a
 * subscription made by a thread sees every message that thread publishes afterwards, and an unsubscription
 * none. Messages published concurrently by different threads are interleaved in some order.
 *
 * <p><b>Slow consumers.</b> Each subscriber is judged alone by its {@link SlowConsumerPolicy} (the
 * registry's default, or one set with {@link #setSlowConsumerPolicy}): over its bound, messages are dropped
 * for it and counted, or it is closed with 1008/1013 and unsubscribed from everything. It never holds up the
 * other subscribers, and what it holds stays under its bound plus one message. Messages waiting to hop onto a
 * loop are bounded too ({@link Builder#maxPendingBytesPerLoop}); beyond that a loop that cannot keep up
 * misses deliveries, counted in {@link #loopOverflows()}.
 *
 * <p><b>Ids and resuming.</b> A backplane gives each message an id ({@link MessageIds}); a
 * {@link TopicFraming} (builder) puts it into the frame subscribers get, once per message. A session that
 * comes back with the last id it saw {@link #resume resumes}: it gets what it missed, then the live messages,
 * none twice and none left out; when the backplane no longer keeps all it missed, it is told so first (the
 * framing's gap notice) or closed with {@link #RESUME_GAP}.
 *
 * <p><b>Backplane calls.</b> The registry decides under its lock when a topic starts and stops on the
 * backplane, and makes those calls after letting go of the lock, in the order decided; publishes queue behind
 * them while any is pending. Nothing here waits for the backplane: {@link #publish} returns its outcome as a
 * stage (the message's id, or why the backplane refused it).
 *
 * <p><b>Threading.</b> Thread-safe; every method may be called from any thread. Publishing takes no lock;
 * subscribing and unsubscribing take one short lock per registry.
 *
 * <p><b>Lifecycle.</b> Create one per application (or per group of endpoints that share topics). A session's
 * subscriptions end when it unsubscribes or when its connection is gone (the registry registers a
 * {@link WebSocketSession#addCloseListener close listener}). Nothing to close.
 */
public final class TopicRegistry {

    /** Longest topic name, in chars. */
    public static final int MAX_TOPIC_LENGTH = 256;

    /**
     * The close code (4410, an application code: "gone") of a subscriber whose {@link #resume} cannot be
     * complete, or whose backplane lost messages, when the {@link TopicFraming} has no gap notice.
     */
    public static final CloseCode RESUME_GAP = CloseCode.of(4410);

    private final TopicBackplane backplane;
    private final SlowConsumerPolicy defaultPolicy;
    private final long maxPendingBytesPerLoop;
    private final TopicFraming framing;
    private final TopicBackplane.Listener listener = new BackplaneListener();
    private final BackplaneLink link = new BackplaneLink();
    private final Object lock = new Object();
    /** Topics with local subscribers; changed under {@link #lock}, read by publishers without it. */
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    /** Guarded by {@link #lock}. */
    private final Map<WebSocketSession, Subscriber> subscribers = new HashMap<>();
    private final ConcurrentHashMap<Scheduler, LoopOutbox> outboxes = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong slowConsumersClosed = new AtomicLong();

    private TopicRegistry(Builder b) {
        this.backplane = b.backplane;
        this.defaultPolicy = b.policy;
        this.maxPendingBytesPerLoop = b.maxPendingBytesPerLoop;
        this.framing = b.framing;
    }

    /** A registry on its own {@link InMemoryBackplane}, with {@link SlowConsumerPolicy#DEFAULT}. */
    public static TopicRegistry create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- membership

    /**
     * Subscribes {@code session} to {@code topic}. Returns false when it already was, or when the session no
     * longer sends (closing or closed). Throws {@link IllegalStateException} for a session whose connection
     * is not made yet and {@link IllegalArgumentException} for an empty or over-long topic name.
     */
    public boolean subscribe(WebSocketSession session, String topic) {
        checkTopic("subscribe", topic);
        return join(session, loopOf("subscribe", session), topic, null) != null;
    }

    /**
     * Subscribes {@code session} to {@code topic} as one that last saw the message with id {@code afterId}: it
     * is sent every message of the topic published after that one that the backplane still keeps, in order,
     * then the live messages, none twice and none left out. If the backplane no longer keeps all it missed, it
     * first gets the {@link TopicFraming#gap gap notice}, or without one is closed with {@link #RESUME_GAP}.
     * The stage completes once the missed messages are sent; a session already subscribed or no longer sending
     * gets {@code subscribed() == false}. Throws like {@link #subscribe}, and {@link IllegalArgumentException}
     * for a malformed id.
     */
    public CompletionStage<Resumption> resume(WebSocketSession session, String topic, String afterId) {
        checkTopic("resume", topic);
        Scheduler loop = loopOf("resume", session);
        if (!MessageIds.isValid(afterId)) {
            throw new IllegalArgumentException("resume: not a message id: "
                    + (afterId == null ? "null" : quote(afterId)));
        }
        CatchUp catchUp = new CatchUp(topic, afterId);
        Topic t = join(session, loop, topic, catchUp);
        if (t == null) {
            return CompletableFuture.completedFuture(Resumption.NOT_SUBSCRIBED);
        }
        return catchUp.result;
    }

    /**
     * Adds {@code session} to {@code topic} (holding live messages for {@code catchUp} if not null, and then
     * reading the backlog); returns the topic, or null if the session was already subscribed or is closed.
     */
    private Topic join(WebSocketSession session, Scheduler loop, String topic, CatchUp catchUp) {
        if (!session.isOpen()) {
            return null;
        }
        boolean fresh;
        Topic t;
        Subscriber member;
        LoopOutbox outbox;
        CompletableFuture<Void> holding = catchUp == null ? null : new CompletableFuture<>();
        synchronized (lock) {
            Subscriber subscriber = subscribers.get(session);
            fresh = subscriber == null;
            if (fresh) {
                subscriber = new Subscriber(session, loop, defaultPolicy, this);
                subscribers.put(session, subscriber);
            }
            if (!subscriber.topics.add(topic)) {
                return null;
            }
            t = topics.get(topic);
            if (t == null) {
                Topic created = new Topic(topic);
                t = created;
                topics.put(topic, created);
                link.enqueue(() -> relay(backplane.subscribe(topic, listener), created.live));
            }
            LoopGroup group = t.groupFor(outbox(loop));
            group.count++;
            member = subscriber;
            outbox = group.outbox;
            outbox.run(() -> {
                group.add(member);
                if (catchUp != null) {
                    member.startCatchUp(catchUp);
                    holding.complete(null);
                }
            });
        }
        link.drain();
        if (fresh) {
            session.addCloseListener(() -> forget(session));
        }
        if (catchUp != null) {
            // Outside the lock: once live messages are held and the backplane carries the topic, read the backlog.
            CompletableFuture<Void> live = t.live;
            Subscriber m = member;
            LoopOutbox o = outbox;
            holding.thenCompose(v -> live).whenComplete((v, e) -> readBacklog(m, o, catchUp, e));
        }
        return t;
    }

    /** Asks the backplane what {@code catchUp} missed, then finishes it on the subscriber's loop. */
    private void readBacklog(Subscriber member, LoopOutbox outbox, CatchUp catchUp, Throwable notLive) {
        CompletionStage<Backlog> read;
        if (notLive != null) {
            read = CompletableFuture.failedFuture(notLive);
        } else {
            try {
                read = backplane.readAfter(catchUp.topic, catchUp.afterId);
            } catch (RuntimeException e) {
                read = CompletableFuture.failedFuture(e);
            }
        }
        read.whenComplete((backlog, e) -> outbox.run(() -> {
            if (member.catchingUp(catchUp)) {
                catchUp.finish(member, backlog, e, framing);
            } else {
                catchUp.result.complete(new Resumption(true, 0, e == null && backlog.complete()));
            }
        }));
    }

    /** Unsubscribes {@code session} from {@code topic}; false when it was not subscribed. */
    public boolean unsubscribe(WebSocketSession session, String topic) {
        Objects.requireNonNull(topic, "topic");
        synchronized (lock) {
            Subscriber subscriber = subscribers.get(Objects.requireNonNull(session, "session"));
            if (subscriber == null || !subscriber.topics.remove(topic)) {
                return false;
            }
            leave(subscriber, topic);
        }
        link.drain();
        return true;
    }

    /** Unsubscribes {@code session} from every topic; returns how many it left. */
    public int unsubscribeAll(WebSocketSession session) {
        int n;
        synchronized (lock) {
            Subscriber subscriber = subscribers.get(Objects.requireNonNull(session, "session"));
            n = subscriber == null ? 0 : leaveAll(subscriber);
        }
        link.drain();
        return n;
    }

    /**
     * Sets how {@code session} is treated when it falls behind (instead of the registry's default); applies to
     * its current and future subscriptions in this registry, until its connection is gone.
     */
    public void setSlowConsumerPolicy(WebSocketSession session, SlowConsumerPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        Scheduler loop = loopOf("setSlowConsumerPolicy", session);
        boolean fresh;
        synchronized (lock) {
            Subscriber subscriber = subscribers.get(session);
            fresh = subscriber == null;
            if (fresh) {
                subscriber = new Subscriber(session, loop, policy, this);
                subscribers.put(session, subscriber);
            }
            subscriber.policy = policy;
        }
        if (fresh) {
            session.addCloseListener(() -> forget(session));
        }
    }

    // ---------------------------------------------------------------- publishing

    /** Publishes a text message to every subscriber of {@code topic} (framed once); see {@link #publish(String, PreparedMessage)}. */
    public CompletionStage<String> publish(String topic, String text) {
        return publish(topic, PreparedMessage.text(text));
    }

    /**
     * Publishes {@code message} to every subscriber of {@code topic}, through the backplane. The stage completes
     * with the message's id (null if the backplane gives none) once the backplane has taken it, or fails with
     * the backplane's reason (a {@link BackplaneUnavailableException} when its broker is away and its buffer
     * full).
     */
    public CompletionStage<String> publish(String topic, PreparedMessage message) {
        checkTopic("publish", topic);
        Objects.requireNonNull(message, "message");
        if (link.idle()) {
            return publishNow(topic, message);
        }
        CompletableFuture<String> outcome = new CompletableFuture<>();
        link.enqueue(() -> relay(publishNow(topic, message), outcome));
        link.drain();
        return outcome;
    }

    private CompletionStage<String> publishNow(String topic, PreparedMessage message) {
        try {
            return backplane.publish(topic, message);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> void relay(CompletionStage<T> from, CompletableFuture<T> to) {
        from.whenComplete((value, e) -> {
            if (e != null) {
                to.completeExceptionally(e);
            } else {
                to.complete(value);
            }
        });
    }

    /** The backplane's listener: frames each message once and hands it to each loop with subscribers. */
    private final class BackplaneListener implements TopicBackplane.Listener {
        @Override
        public void onMessage(String topic, PreparedMessage message) {
            onMessage(topic, null, message);
        }

        @Override
        public void onMessage(String topic, String id, PreparedMessage message) {
            Topic t = topics.get(topic);
            if (t == null) {
                return;
            }
            PreparedMessage framed = framing.message(topic, id, message);
            for (LoopGroup group : t.groups) {
                group.outbox.deliver(group, id, framed);
            }
        }

        @Override
        public void onGap(String topic, String afterId) {
            Topic t = topics.get(topic);
            if (t == null) {
                return;
            }
            PreparedMessage notice = framing.gap(topic, afterId);
            for (LoopGroup group : t.groups) {
                group.outbox.run(() -> group.gap(notice, afterId));
            }
        }
    }

    // ---------------------------------------------------------------- queries

    /** Sessions subscribed to {@code topic} in this registry. */
    public int subscriberCount(String topic) {
        synchronized (lock) {
            Topic t = topics.get(topic);
            return t == null ? 0 : t.subscriberCount();
        }
    }

    /** The topics that have subscribers in this registry, sorted. */
    public Set<String> topics() {
        return new TreeSet<>(topics.keySet());
    }

    /** How many topics have subscribers in this registry. */
    public int topicCount() {
        return topics.size();
    }

    /** Subscriptions in this registry: each session counted once per topic it is subscribed to. */
    public int subscriptionCount() {
        synchronized (lock) {
            int n = 0;
            for (Topic t : topics.values()) {
                n += t.subscriberCount();
            }
            return n;
        }
    }

    /** The topics {@code session} is subscribed to, sorted. */
    public Set<String> subscriptions(WebSocketSession session) {
        synchronized (lock) {
            Subscriber subscriber = subscribers.get(session);
            return subscriber == null ? Set.of() : new TreeSet<>(subscriber.topics);
        }
    }

    /** Messages {@code session} lost to the slow-consumer policy (0 for a session the registry does not know). */
    public long droppedMessages(WebSocketSession session) {
        Subscriber subscriber;
        synchronized (lock) {
            subscriber = subscribers.get(session);
        }
        return subscriber == null ? 0 : subscriber.dropped();
    }

    /** Messages dropped for slow subscribers, in total. */
    public long droppedMessages() {
        return dropped.sum();
    }

    /** Subscribers closed by a closing slow-consumer policy. */
    public long slowConsumersClosed() {
        return slowConsumersClosed.get();
    }

    /** Deliveries refused because a loop already had {@link Builder#maxPendingBytesPerLoop} waiting. */
    public long loopOverflows() {
        long n = 0;
        for (LoopOutbox outbox : outboxes.values()) {
            n += outbox.overflows();
        }
        return n;
    }

    /** How many times delivery work hopped onto {@code loop} (for tests and monitoring). */
    public long hops(Scheduler loop) {
        LoopOutbox outbox = outboxes.get(loop);
        return outbox == null ? 0 : outbox.hops();
    }

    public TopicBackplane backplane() {
        return backplane;
    }

    public SlowConsumerPolicy defaultSlowConsumerPolicy() {
        return defaultPolicy;
    }

    public TopicFraming framing() {
        return framing;
    }

    // ---------------------------------------------------------------- internals

    /** On the subscriber's loop: a closing policy cut it off; it leaves every topic now. */
    void slowConsumerCut(Subscriber subscriber) {
        slowConsumersClosed.incrementAndGet();
        synchronized (lock) {
            leaveAll(subscriber);
        }
        link.drain();
    }

    void countDrop() {
        dropped.increment();
    }

    /** The session's connection is gone: forget it. */
    private void forget(WebSocketSession session) {
        synchronized (lock) {
            Subscriber subscriber = subscribers.remove(session);
            if (subscriber != null) {
                leaveAll(subscriber);
            }
        }
        link.drain();
    }

    /** Under the lock. */
    private int leaveAll(Subscriber subscriber) {
        int n = subscriber.topics.size();
        for (String topic : subscriber.topics) {
            leave(subscriber, topic);
        }
        subscriber.topics.clear();
        return n;
    }

    /** Under the lock: {@code subscriber} (already out of its topic set) leaves {@code topic}. */
    private void leave(Subscriber subscriber, String topic) {
        Topic t = topics.get(topic);
        LoopGroup group = t.find(subscriber.loop);
        group.count--;
        if (group.count == 0) {
            t.remove(group);
            if (t.isEmpty()) {
                topics.remove(topic);
                link.enqueue(() -> backplane.unsubscribe(topic, listener));
            }
        }
        group.outbox.run(() -> {
            group.remove(subscriber);
            subscriber.leftTopic(topic);
        });
    }

    private LoopOutbox outbox(Scheduler loop) {
        return outboxes.computeIfAbsent(loop, l -> new LoopOutbox(l, maxPendingBytesPerLoop));
    }

    private static Scheduler loopOf(String call, WebSocketSession session) {
        Scheduler loop = Objects.requireNonNull(session, "session").scheduler();
        if (loop == null) {
            throw new IllegalStateException(call + ": the session's connection is not made yet (no event loop)");
        }
        return loop;
    }

    private static String quote(String s) {
        return '"' + (s.length() > 48 ? s.substring(0, 48) + "..." : s) + '"';
    }

    private static void checkTopic(String call, String topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException(call + ": a topic name must have 1 to " + MAX_TOPIC_LENGTH
                    + " chars, got " + topic.length());
        }
    }

    /** Configures a {@link TopicRegistry}. Not thread-safe; build once. */
    public static final class Builder {
        private TopicBackplane backplane;
        private SlowConsumerPolicy policy = SlowConsumerPolicy.DEFAULT;
        private long maxPendingBytesPerLoop = 64L * 1024 * 1024;
        private TopicFraming framing = TopicFraming.PLAIN;

        private Builder() {
        }

        /** The backplane (default: a new {@link InMemoryBackplane}); share one to share topics. */
        public Builder backplane(TopicBackplane backplane) {
            this.backplane = Objects.requireNonNull(backplane, "backplane");
            return this;
        }

        /** How subscribers that fall behind are treated (default {@link SlowConsumerPolicy#DEFAULT}). */
        public Builder slowConsumerPolicy(SlowConsumerPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How message ids and gap notices reach subscribers (default {@link TopicFraming#PLAIN}). */
        public Builder framing(TopicFraming framing) {
            this.framing = Objects.requireNonNull(framing, "framing");
            return this;
        }

        /** Bound on the bytes of messages waiting to hop onto one event loop (default 64 MiB). */
        public Builder maxPendingBytesPerLoop(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxPendingBytesPerLoop must be positive, got " + bytes);
            }
            this.maxPendingBytesPerLoop = bytes;
            return this;
        }

        public TopicRegistry build() {
            if (backplane == null) {
                backplane = new InMemoryBackplane();
            }
            return new TopicRegistry(this);
        }
    }
}
