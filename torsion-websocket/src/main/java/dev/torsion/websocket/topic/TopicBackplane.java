package dev.torsion.websocket.topic;

import dev.torsion.websocket.PreparedMessage;

/**
 * What carries published messages between the {@link TopicRegistry TopicRegistries} that share topics: the
 * in-process {@link InMemoryBackplane} by default, or an external broker so that several Torsion servers share
 * topics. A registry subscribes its {@link Listener} to a topic when the topic gets its first local subscriber
 * and unsubscribes it when the last one leaves; {@link TopicRegistry#publish} hands every message to
 * {@link #publish}, and the backplane gives it to the listeners of every registry subscribed to that topic
 * (including the publishing one).
 *
 * <p><b>Messages.</b> A message is a {@link PreparedMessage}: its {@link PreparedMessage#opcode()} and
 * {@link PreparedMessage#payload()} are the raw message. An in-process backplane passes the same instance on,
 * so the frame is encoded once for every subscriber of every registry; a backplane that crosses process
 * boundaries sends opcode and payload and builds one {@code PreparedMessage} per message on the receiving
 * side (one framing per server).
 *
 * <p><b>Threading.</b> Implementations must be thread-safe: every method may be called from any thread, and
 * listeners may be called on any thread (the registry hops onto its subscribers' event loops itself).
 * {@link #subscribe} and {@link #unsubscribe} are called while the registry holds its membership lock: they
 * must not block and must not call back into the registry; a broker-backed implementation sends its
 * subscription asynchronously.
 *
 * <p><b>Lifecycle.</b> Lives at least as long as the registries that use it; it owns no session.
 */
public interface TopicBackplane {

    /** Receives the messages published to the topics it is subscribed to. */
    @FunctionalInterface
    interface Listener {
        /** {@code message} was published to {@code topic}; must not block. */
        void onMessage(String topic, PreparedMessage message);
    }

    /** Publishes {@code message} to every listener subscribed to {@code topic} (in any registry). */
    void publish(String topic, PreparedMessage message);

    /** From now on, {@code listener} receives the messages published to {@code topic}. */
    void subscribe(String topic, Listener listener);

    /** {@code listener} no longer receives the messages published to {@code topic}. */
    void unsubscribe(String topic, Listener listener);
}
