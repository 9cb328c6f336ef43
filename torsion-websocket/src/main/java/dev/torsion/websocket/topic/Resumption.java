package dev.torsion.websocket.topic;

/**
 * The outcome of {@link TopicRegistry#resume}: whether the session was subscribed (false when it already was,
 * or no longer sends), how many missed messages it was sent, and whether those were all it missed
 * ({@code complete} false: the backplane no longer kept some, and the session got the framing's gap notice or
 * was closed with {@link TopicRegistry#RESUME_GAP}).
 *
 * <p><b>Threading.</b> Immutable.
 */
public record Resumption(boolean subscribed, int replayed, boolean complete) {

    static final Resumption NOT_SUBSCRIBED = new Resumption(false, 0, true);
}
