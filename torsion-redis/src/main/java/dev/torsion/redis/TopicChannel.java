package dev.torsion.redis;

import dev.torsion.websocket.PreparedMessage;
import dev.torsion.websocket.topic.Backlog;
import dev.torsion.websocket.topic.MessageIds;
import dev.torsion.websocket.topic.TopicBackplane.Listener;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One topic on this server: its Redis channel and stream, the local listeners, and the id of the last message
 * given to them. Messages reach the listeners in id order and at most once: one older than the last is a
 * duplicate (the same message came live and in a catch-up read) and is dropped.
 *
 * <p><b>Catching up.</b> When the subscription starts, after every reconnection, and whenever a message arrives
 * whose previous id is not the last one given (the subscription missed some: it was down, or came back before
 * this server noticed), the backplane reads the stream after the last id ({@link #startSync}); live messages
 * that arrive meanwhile are held, and
 * {@link #finishSync} gives the listeners the read messages, then the held ones, so a Redis outage or restart
 * costs this server no message as long as the stream still keeps them. When it no longer does, the listeners
 * are told ({@link Listener#onGap}) before the messages that are kept.
 *
 * <p><b>Threading.</b> Guarded by its own monitor: changed by subscribers from any thread, and by the client's
 * I/O thread for arrivals and reads. Listeners are called under it (they must not block).
 *
 * <p><b>Lifecycle.</b> From the topic's first local listener to its last.
 */
final class TopicChannel {

    private static final Listener[] NONE = new Listener[0];

    final String topic;
    final byte[] channel;
    final byte[] stream;
    /** Completed (outside the monitor) when the first catch-up is done: messages flow to the listeners. */
    final CompletableFuture<Void> live = new CompletableFuture<>();
    private Listener[] listeners = NONE;
    /** The last id given to the listeners, or the stream's last id when the subscription started. */
    private String lastId;
    /** Incremented by every {@link #startSync}: a read answered for an older one is ignored. */
    private int generation;
    private boolean syncing;
    private final List<String> heldIds = new ArrayList<>();
    private final List<PreparedMessage> held = new ArrayList<>();
    boolean dropped;

    TopicChannel(String topic, String prefix) {
        this.topic = topic;
        this.channel = (prefix + "channel:" + topic).getBytes(StandardCharsets.UTF_8);
        this.stream = (prefix + "stream:" + topic).getBytes(StandardCharsets.UTF_8);
    }

    synchronized boolean add(Listener listener) {
        for (Listener l : listeners) {
            if (l == listener) {
                return false;
            }
        }
        Listener[] more = Arrays.copyOf(listeners, listeners.length + 1);
        more[listeners.length] = listener;
        listeners = more;
        return true;
    }

    /** Removes {@code listener}; true when none is left (the channel is then dropped). */
    synchronized boolean remove(Listener listener) {
        listeners = Arrays.stream(listeners).filter(l -> l != listener).toArray(Listener[]::new);
        if (listeners.length == 0) {
            dropped = true;
        }
        return dropped;
    }

    synchronized boolean hasListeners() {
        return listeners.length > 0;
    }

    /** The position when the subscription starts (the stream's last id, "0-0" for an empty stream). */
    synchronized void startAt(String streamLastId) {
        if (lastId == null) {
            lastId = streamLastId;
        }
    }

    synchronized String lastId() {
        return lastId;
    }

    /** Live messages are held from now on, until {@link #finishSync} with the returned generation. */
    synchronized int startSync() {
        syncing = true;
        return ++generation;
    }

    /**
     * A message off the channel, {@code previous} being the id of the stream entry before it. Returns 0, or the
     * generation of a catch-up to read now: the message does not follow the last one given.
     */
    synchronized int arrived(String id, String previous, PreparedMessage message) {
        if (syncing || lastId == null) {
            hold(id, message);
            return 0;
        }
        if (MessageIds.compare(id, lastId) <= 0) {
            return 0;   // given already
        }
        if (!previous.equals(lastId)) {
            hold(id, message);
            syncing = true;
            return ++generation;
        }
        give(id, message);
        return 0;
    }

    private void hold(String id, PreparedMessage message) {
        heldIds.add(id);
        held.add(message);
    }

    /**
     * The catch-up read of generation {@code gen} came back: delivers it, then what was held; false if the read
     * is stale (a newer catch-up started) or the channel was dropped.
     */
    synchronized boolean finishSync(int gen, Backlog backlog) {
        if (gen != generation || dropped) {
            return false;
        }
        if (!backlog.complete()) {
            for (Listener l : listeners) {
                l.onGap(topic, lastId);
            }
        }
        for (Backlog.Entry e : backlog.entries()) {
            give(e.id(), e.message());
        }
        for (int i = 0; i < held.size(); i++) {
            give(heldIds.get(i), held.get(i));
        }
        held.clear();
        heldIds.clear();
        syncing = false;
        return true;
    }

    /** Under the monitor: to the listeners, unless already given. */
    private void give(String id, PreparedMessage message) {
        if (lastId != null && MessageIds.compare(id, lastId) <= 0) {
            return;
        }
        lastId = id;
        for (Listener l : listeners) {
            l.onMessage(topic, id, message);
        }
    }
}
