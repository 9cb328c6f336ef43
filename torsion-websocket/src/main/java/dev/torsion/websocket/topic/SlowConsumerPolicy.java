package dev.torsion.websocket.topic;

import dev.torsion.websocket.CloseCode;

/**
 * What a {@link TopicRegistry} does with a subscriber that does not keep up: when a message would take the
 * subscriber's send queue ({@link dev.torsion.websocket.WebSocketSession#bufferedAmount()}) over
 * {@link #maxQueuedBytes()} while something is already queued, the message is dropped for that subscriber
 * and counted, or the subscriber is closed with 1008 (policy violation) or 1013 (try again later) and removed
 * from every topic. Either way the other subscribers are not held up, and the memory a slow subscriber holds
 * stays under the bound plus one message.
 *
 * <p><b>Threading.</b> Immutable; share freely.
 */
public final class SlowConsumerPolicy {

    /** The possible answers to a slow subscriber. */
    public enum Action {
        /** Drop the message for that subscriber only and count it. */
        DROP,
        /** Close the subscriber with 1008 Policy Violation and unsubscribe it from every topic. */
        CLOSE_POLICY_VIOLATION,
        /** Close the subscriber with 1013 Try Again Later and unsubscribe it from every topic. */
        CLOSE_TRY_AGAIN_LATER
    }

    /** The registry's default: drop messages for a subscriber with over 1 MiB queued. */
    public static final SlowConsumerPolicy DEFAULT = drop(1024 * 1024);

    private final Action action;
    private final long maxQueuedBytes;

    private SlowConsumerPolicy(Action action, long maxQueuedBytes) {
        if (maxQueuedBytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes must be positive, got " + maxQueuedBytes);
        }
        this.action = action;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** Drop (and count) messages for a subscriber whose queue would go over {@code maxQueuedBytes}. */
    public static SlowConsumerPolicy drop(long maxQueuedBytes) {
        return new SlowConsumerPolicy(Action.DROP, maxQueuedBytes);
    }

    /** Close with 1008 a subscriber whose queue would go over {@code maxQueuedBytes}. */
    public static SlowConsumerPolicy closePolicyViolation(long maxQueuedBytes) {
        return new SlowConsumerPolicy(Action.CLOSE_POLICY_VIOLATION, maxQueuedBytes);
    }

    /** Close with 1013 a subscriber whose queue would go over {@code maxQueuedBytes}. */
    public static SlowConsumerPolicy closeTryAgainLater(long maxQueuedBytes) {
        return new SlowConsumerPolicy(Action.CLOSE_TRY_AGAIN_LATER, maxQueuedBytes);
    }

    /** A policy with {@code action} and {@code maxQueuedBytes}. */
    public static SlowConsumerPolicy of(Action action, long maxQueuedBytes) {
        return new SlowConsumerPolicy(java.util.Objects.requireNonNull(action, "action"), maxQueuedBytes);
    }

    public Action action() {
        return action;
    }

    /** The bound on a subscriber's send queue, in bytes. */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** The close code of a closing action, or null for {@link Action#DROP}. */
    public CloseCode closeCode() {
        switch (action) {
            case CLOSE_POLICY_VIOLATION:
                return CloseCode.POLICY_VIOLATION;
            case CLOSE_TRY_AGAIN_LATER:
                return CloseCode.TRY_AGAIN_LATER;
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        return "SlowConsumerPolicy[" + action + ", maxQueuedBytes=" + maxQueuedBytes + "]";
    }
}
