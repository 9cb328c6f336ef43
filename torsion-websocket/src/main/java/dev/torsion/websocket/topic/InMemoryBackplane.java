package dev.torsion.websocket.topic;

import dev.torsion.websocket.PreparedMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link TopicBackplane}: topics shared by the registries of one process. A publish calls the
 * listeners of the topic at once, in the publishing thread, with the same {@link PreparedMessage} (so the
 * frame is encoded once for all of them). Several registries may share one instance.
 *
 * <p><b>Ids and history.</b> Every message gets an id {@code START-N} ({@link MessageIds}): {@code START} is
 * the millisecond this backplane was made, {@code N} counts the messages of the whole backplane, so ids grow
 * within a topic and a restarted process never reuses one. Built with {@link #withHistory(int)} it keeps the
 * last messages of each topic, and {@link #readAfter} returns what a subscriber missed ({@link
 * TopicRegistry#resume}); without history only a subscriber that missed nothing resumes completely.
 *
 * <p><b>Threading.</b> Thread-safe. A topic's publishes are serialized by a lock of that topic (so ids,
 * history and delivery agree on one order); listeners are read from an array snapshot, copied on change.
 * Every operation completes before it returns.
 *
 * <p><b>Lifecycle.</b> Holds its listeners and the history; nothing to close. A topic's state is kept while it
 * has listeners or history (the history of a topic nobody listens to stays until the process ends).
 */
public final class InMemoryBackplane implements TopicBackplane {

    private static final Listener[] NONE = new Listener[0];

    private final ConcurrentHashMap<String, TopicState> topics = new ConcurrentHashMap<>();
    private final int history;
    private final long start = System.currentTimeMillis();
    private final AtomicLong sequence = new AtomicLong();

    /** A backplane that keeps no history. */
    public InMemoryBackplane() {
        this(0);
    }

    private InMemoryBackplane(int history) {
        if (history < 0) {
            throw new IllegalArgumentException("history must be 0 or more messages per topic, got " + history);
        }
        this.history = history;
    }

    /** A backplane that keeps the last {@code messagesPerTopic} messages of each topic for resuming subscribers. */
    public static InMemoryBackplane withHistory(int messagesPerTopic) {
        return new InMemoryBackplane(messagesPerTopic);
    }

    @Override
    public CompletionStage<String> publish(String topic, PreparedMessage message) {
        Objects.requireNonNull(message, "message");
        TopicState state = history > 0 ? topics.computeIfAbsent(topic, t -> new TopicState()) : topics.get(topic);
        if (state == null) {
            return CompletableFuture.completedFuture(nextId());
        }
        String id;
        synchronized (state) {
            id = nextId();
            state.lastId = id;
            if (history > 0) {
                if (state.kept.size() == history) {
                    state.kept.removeFirst();
                }
                state.kept.addLast(new Backlog.Entry(id, message));
            }
            for (Listener listener : state.listeners) {
                listener.onMessage(topic, id, message);
            }
        }
        return CompletableFuture.completedFuture(id);
    }

    @Override
    public CompletionStage<Void> subscribe(String topic, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        while (true) {
            TopicState state = topics.computeIfAbsent(topic, t -> new TopicState());
            synchronized (state) {
                if (state.dropped) {
                    continue;   // emptied and removed meanwhile: take the new one
                }
                add(state, listener);
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Under the topic's lock. */
    private static void add(TopicState state, Listener listener) {
        for (Listener l : state.listeners) {
            if (l == listener) {
                return;
            }
        }
        Listener[] more = Arrays.copyOf(state.listeners, state.listeners.length + 1);
        more[state.listeners.length] = listener;
        state.listeners = more;
    }

    @Override
    public CompletionStage<Void> unsubscribe(String topic, Listener listener) {
        TopicState state = topics.get(topic);
        if (state != null) {
            synchronized (state) {
                state.listeners = Arrays.stream(state.listeners).filter(l -> l != listener).toArray(Listener[]::new);
                if (state.listeners.length == 0 && state.kept.isEmpty()) {
                    state.dropped = true;
                    topics.remove(topic, state);
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Complete when {@code afterId} is the topic's last id or one still kept; otherwise the kept messages with
     * a gap (the id is older than the history, or was never given by this backplane).
     */
    @Override
    public CompletionStage<Backlog> readAfter(String topic, String afterId) {
        if (!MessageIds.isValid(afterId)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a message id: " + afterId));
        }
        TopicState state = topics.get(topic);
        if (state == null) {
            return CompletableFuture.completedFuture(Backlog.gap(List.of()));
        }
        synchronized (state) {
            if (state.lastId != null && state.lastId.equals(afterId)) {
                return CompletableFuture.completedFuture(Backlog.complete(List.of()));
            }
            List<Backlog.Entry> after = new ArrayList<>();
            boolean found = false;
            for (Backlog.Entry e : state.kept) {
                if (found) {
                    after.add(e);
                } else if (e.id().equals(afterId)) {
                    found = true;
                }
            }
            return CompletableFuture.completedFuture(found ? Backlog.complete(after)
                    : Backlog.gap(new ArrayList<>(state.kept)));
        }
    }

    /** The number of topics with at least one listener. */
    public int topicCount() {
        int n = 0;
        for (TopicState state : topics.values()) {
            if (state.listeners.length > 0) {
                n++;
            }
        }
        return n;
    }

    private String nextId() {
        return MessageIds.of(start, sequence.incrementAndGet());
    }

    /** One topic: guarded by its own monitor. */
    private static final class TopicState {
        Listener[] listeners = NONE;
        String lastId;
        /** Set when removed from the map: a subscriber that finds it takes a fresh one. */
        boolean dropped;
        final ArrayDeque<Backlog.Entry> kept = new ArrayDeque<>();
    }
}
