package dev.torsion.websocket.topic;

import dev.torsion.websocket.PreparedMessage;

/**
 * How a {@link TopicRegistry} shows message ids to its subscribers. A backplane gives each message an id
 * ({@link MessageIds}); the registry calls {@link #message} once per message (not per subscriber) to make the
 * frame its subscribers get, so the id can travel inside the message (a JSON field, a binary header). When a
 * resume ({@link TopicRegistry#resume}) cannot be complete because the backplane no longer keeps what the
 * subscriber missed, {@link #gap} makes the notice it gets first.
 *
 * <p>{@link #PLAIN} (the default) sends messages as published and has no gap notice: a subscriber whose resume
 * has a gap is then closed with {@link TopicRegistry#RESUME_GAP} (4410), never silently given a gap.
 *
 * <p><b>Threading.</b> Called from the backplane's threads and the subscribers' event loops at once: must be
 * thread-safe and must not block.
 */
public interface TopicFraming {

    /** Messages as published, no gap notice. */
    TopicFraming PLAIN = new TopicFraming() { };

    /**
     * The frame subscribers of {@code topic} get for {@code published}, whose id is {@code id} (null when the
     * backplane gives no ids). By default {@code published} itself.
     */
    default PreparedMessage message(String topic, String id, PreparedMessage published) {
        return published;
    }

    /**
     * The notice a subscriber of {@code topic} gets when some messages published after {@code afterId} are no
     * longer kept; the messages still kept follow it. Null (the default): close the subscriber with
     * {@link TopicRegistry#RESUME_GAP} instead.
     */
    default PreparedMessage gap(String topic, String afterId) {
        return null;
    }
}
