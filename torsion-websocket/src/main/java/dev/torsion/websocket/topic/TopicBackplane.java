package dev.torsion.websocket.topic;

import dev.torsion.websocket.PreparedMessage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What carries published messages between the {@link TopicRegistry TopicRegistries} that share topics: the
 * in-process {@link InMemoryBackplane} by default, or an external broker (module {@code torsion-redis}) so that
 * several Torsion servers share topics. A registry subscribes its {@link Listener} to a topic when the topic gets
 * its first local subscriber and unsubscribes it when the last one leaves; {@link TopicRegistry#publish} hands
 * every message to {@link #publish}, and the backplane gives it to the listeners of every registry subscribed to
 * that topic (including the publishing one).
 *
 * <p><b>Messages and ids.</b> A message is a {@link PreparedMessage}: its {@link PreparedMessage#opcode()} and
 * {@link PreparedMessage#payload()} are the raw message. An in-process backplane passes the same instance on, so
 * the frame is encoded once for every subscriber of every registry; a backplane that crosses process boundaries
 * sends opcode and payload and builds one {@code PreparedMessage} per message on the receiving side (one framing
 * per server). A backplane may give each message an id ({@link MessageIds}), growing in delivery order within a
 * topic, and keep recent messages so that {@link #readAfter} can return what a subscriber missed.
 *
 * <p><b>Asynchronous.</b> {@link #publish}, {@link #subscribe} and {@link #unsubscribe} return at once (they may
 * hand a command to the backplane's own I/O thread, never wait for a network); their outcome is the returned
 * stage. A subscription's stage completes when messages published from then on reach the listener. For one
 * caller thread, calls take effect in the order they are made (a {@code subscribe} then a {@code publish} of the
 * same topic: the listener gets the message). The registry never calls them while it holds its own lock.
 *
 * <p><b>Threading.</b> Implementations must be thread-safe: every method may be called from any thread, and
 * listeners may be called on any thread (the registry hops onto its subscribers' event loops itself). Listeners
 * must not block and must not call back into the backplane synchronously.
 *
 * <p><b>Lifecycle.</b> Lives at least as long as the registries that use it; it owns no session.
 */
public interface TopicBackplane {

    /** Receives the messages published to the topics it is subscribed to. */
    @FunctionalInterface
    interface Listener {
        /** {@code message} was published to {@code topic}; must not block. */
        void onMessage(String topic, PreparedMessage message);

        /** {@code message}, whose id is {@code id} (null if the backplane gives none), was published to {@code topic}. */
        default void onMessage(String topic, String id, PreparedMessage message) {
            onMessage(topic, message);
        }

        /**
         * Messages of {@code topic} published after {@code afterId} were lost to this listener (the backplane was
         * cut off from its broker for longer than the broker keeps messages, or the broker lost them); the
         * messages that follow are delivered as usual.
         */
        default void onGap(String topic, String afterId) {
        }
    }

    /**
     * Publishes {@code message} to every listener subscribed to {@code topic} (in any registry). The stage
     * completes with the message's id (null if this backplane gives none) once the backplane has taken it, or
     * fails with a {@link BackplaneUnavailableException} that says why it was refused.
     */
    CompletionStage<String> publish(String topic, PreparedMessage message);

    /** From now on, {@code listener} receives the messages published to {@code topic}; completes once it does. */
    CompletionStage<Void> subscribe(String topic, Listener listener);

    /** {@code listener} no longer receives the messages published to {@code topic}. */
    CompletionStage<Void> unsubscribe(String topic, Listener listener);

    /**
     * The messages of {@code topic} published after {@code afterId} that the backplane still keeps, in order,
     * and whether they are all of them. By default this backplane keeps nothing: the stage fails with
     * {@link UnsupportedOperationException}.
     */
    default CompletionStage<Backlog> readAfter(String topic, String afterId) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                getClass().getSimpleName() + " keeps no messages: it cannot resume a subscription"));
    }
}
