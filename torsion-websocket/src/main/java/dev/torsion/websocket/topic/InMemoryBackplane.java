package dev.torsion.websocket.topic;

import dev.torsion.websocket.PreparedMessage;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link TopicBackplane}: topics shared by the registries of one process. A publish calls the
 * listeners of the topic at once, in the publishing thread, with the same {@link PreparedMessage} (so the
 * frame is encoded once for all of them). Several registries may share one instance.
 *
 * <p><b>Threading.</b> Thread-safe. Publishing reads an array snapshot of the topic's listeners without a
 * lock; subscribing and unsubscribing copy it.
 *
 * <p><b>Lifecycle.</b> Holds only its listeners; nothing to close.
 */
public final class InMemoryBackplane implements TopicBackplane {

    private static final Listener[] NONE = new Listener[0];

    private final ConcurrentHashMap<String, Listener[]> listeners = new ConcurrentHashMap<>();

    @Override
    public void publish(String topic, PreparedMessage message) {
        Listener[] subscribed = listeners.getOrDefault(topic, NONE);
        for (Listener listener : subscribed) {
            listener.onMessage(topic, message);
        }
    }

    @Override
    public void subscribe(String topic, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.compute(topic, (name, current) -> {
            if (current == null) {
                return new Listener[] {listener};
            }
            for (Listener l : current) {
                if (l == listener) {
                    return current;
                }
            }
            Listener[] more = Arrays.copyOf(current, current.length + 1);
            more[current.length] = listener;
            return more;
        });
    }

    @Override
    public void unsubscribe(String topic, Listener listener) {
        listeners.computeIfPresent(topic, (name, current) -> {
            Listener[] rest = Arrays.stream(current).filter(l -> l != listener).toArray(Listener[]::new);
            return rest.length == 0 ? null : rest;
        });
    }

    /** The number of topics with at least one listener. */
    public int topicCount() {
        return listeners.size();
    }
}
