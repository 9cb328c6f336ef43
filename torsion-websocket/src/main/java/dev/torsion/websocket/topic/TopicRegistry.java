package dev.torsion.websocket.topic;

import dev.torsion.reactor.Scheduler;
import dev.torsion.websocket.PreparedMessage;
import dev.torsion.websocket.WebSocketSession;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
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
 * its send queue, a duplicate of the frame and a write. Compression-once (permessage-deflate) happens behind
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

    private final TopicBackplane backplane;
    private final SlowConsumerPolicy defaultPolicy;
    private final long maxPendingBytesPerLoop;
    private final TopicBackplane.Listener listener = this::deliverLocally;
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
        Scheduler loop = loopOf("subscribe", session);
        if (!session.isOpen()) {
            return false;
        }
        boolean fresh;
        synchronized (lock) {
            Subscriber subscriber = subscribers.get(session);
            fresh = subscriber == null;
            if (fresh) {
                subscriber = new Subscriber(session, loop, defaultPolicy, this);
                subscribers.put(session, subscriber);
            }
            if (!subscriber.topics.add(topic)) {
                return false;
            }
            Topic t = topics.get(topic);
            if (t == null) {
                t = new Topic(topic);
                topics.put(topic, t);
                backplane.subscribe(topic, listener);
            }
            LoopGroup group = t.groupFor(outbox(loop));
            group.count++;
            Subscriber member = subscriber;
            group.outbox.run(() -> group.add(member));
        }
        if (fresh) {
            session.addCloseListener(() -> forget(session));
        }
        return true;
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
            return true;
        }
    }

    /** Unsubscribes {@code session} from every topic; returns how many it left. */
    public int unsubscribeAll(WebSocketSession session) {
        synchronized (lock) {
            Subscriber subscriber = subscribers.get(Objects.requireNonNull(session, "session"));
            return subscriber == null ? 0 : leaveAll(subscriber);
        }
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

    /** Publishes a text message to every subscriber of {@code topic} (framed once). */
    public void publish(String topic, String text) {
        publish(topic, PreparedMessage.text(text));
    }

    /** Publishes {@code message} to every subscriber of {@code topic}, through the backplane. */
    public void publish(String topic, PreparedMessage message) {
        checkTopic("publish", topic);
        backplane.publish(topic, Objects.requireNonNull(message, "message"));
    }

    /** The backplane's listener: hands {@code message} to each loop that has subscribers of {@code topic}. */
    private void deliverLocally(String topic, PreparedMessage message) {
        Topic t = topics.get(topic);
        if (t == null) {
            return;
        }
        for (LoopGroup group : t.groups) {
            group.outbox.deliver(group, message);
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

    // ---------------------------------------------------------------- internals

    /** On the subscriber's loop: a closing policy cut it off; it leaves every topic now. */
    void slowConsumerCut(Subscriber subscriber) {
        slowConsumersClosed.incrementAndGet();
        synchronized (lock) {
            leaveAll(subscriber);
        }
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
                backplane.unsubscribe(topic, listener);
            }
        }
        group.outbox.run(() -> group.remove(subscriber));
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
