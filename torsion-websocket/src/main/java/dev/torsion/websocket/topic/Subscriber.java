package dev.torsion.websocket.topic;

import dev.torsion.reactor.Scheduler;
import dev.torsion.websocket.PreparedMessage;
import dev.torsion.websocket.SendQueueFullException;
import dev.torsion.websocket.WebSocketSession;

import java.util.HashSet;
import java.util.Set;

/**
 * A session as a {@link TopicRegistry} knows it: its loop, its topics, its slow-consumer policy and how many
 * messages it lost to that policy. Delivering to it costs a copy of the prepared frame into its transport's
 * output ({@link WebSocketSession#sendPrepared}), after a look at its send queue.
 *
 * <p><b>Threading.</b> {@link #deliver} runs on the session's loop only, so {@code dropped} has one writer
 * (read from any thread). {@link #topics} is guarded by the registry's lock; {@link #policy} is volatile.
 *
 * <p><b>Lifecycle.</b> Created at the session's first subscription; forgotten when the session is gone.
 */
final class Subscriber {

    private static final System.Logger LOG = System.getLogger(TopicRegistry.class.getName());

    final WebSocketSession session;
    final Scheduler loop;
    final Set<String> topics = new HashSet<>(4);
    volatile SlowConsumerPolicy policy;
    private final TopicRegistry registry;
    private volatile long dropped;
    /** Set on the loop once the policy closed this subscriber: it gets nothing more. */
    private boolean cut;
    private boolean warnedUnsendable;
    /** Topics this subscriber is resuming, on the loop only; null while there are none. */
    private java.util.Map<String, CatchUp> catchUps;

    Subscriber(WebSocketSession session, Scheduler loop, SlowConsumerPolicy policy, TopicRegistry registry) {
        this.session = session;
        this.loop = loop;
        this.policy = policy;
        this.registry = registry;
    }

    /** Messages this subscriber lost to the slow-consumer policy (or could not be sent). */
    long dropped() {
        return dropped;
    }

    /** On the loop: a live message of {@code topic}; held while the subscriber catches up on that topic. */
    void offer(String topic, String id, PreparedMessage message) {
        if (catchUps != null) {
            CatchUp catchUp = catchUps.get(topic);
            if (catchUp != null) {
                if (!catchUp.finished) {
                    catchUp.hold(id, message);
                    return;
                }
                if (catchUp.alreadySent(id)) {
                    return;
                }
                leftTopic(topic);   // live from now on: the backplane delivers in id order
            }
        }
        deliver(message);
    }

    /** On the loop: from now on, live messages of the catch-up's topic are held for it. */
    void startCatchUp(CatchUp catchUp) {
        if (catchUps == null) {
            catchUps = new java.util.HashMap<>(2);
        }
        catchUps.put(catchUp.topic, catchUp);
    }

    /** On the loop: true if {@code catchUp} is still in progress for this subscriber. */
    boolean catchingUp(CatchUp catchUp) {
        return catchUps != null && catchUps.get(catchUp.topic) == catchUp && !catchUp.finished;
    }

    /** On the loop: the subscriber left {@code topic} (or is live on it again); its catch-up there ends. */
    void leftTopic(String topic) {
        if (catchUps != null && catchUps.remove(topic) != null && catchUps.isEmpty()) {
            catchUps = null;
        }
    }

    /** On the loop: writes {@code message} unless the subscriber is too far behind. */
    void deliver(PreparedMessage message) {
        if (cut || !session.isOpen()) {
            return;
        }
        SlowConsumerPolicy p = policy;
        long queued = session.bufferedAmount();
        if (queued > 0 && queued + message.frameSize() > p.maxQueuedBytes()) {
            overflow(p);
            return;
        }
        try {
            if (!session.sendPrepared(message) && session.isOpen()) {
                countDrop();   // the session's own DROP policy refused it
            }
        } catch (SendQueueFullException e) {
            overflow(p);       // the session's own bound is tighter than the topic's
        } catch (IllegalStateException e) {
            // The application is streaming a fragmented message to this session: nothing may come between.
            if (!warnedUnsendable) {
                warnedUnsendable = true;
                LOG.log(System.Logger.Level.WARNING, "topic messages dropped for " + session.remoteAddress()
                        + " while a message stream is open on it: " + e.getMessage());
            }
            countDrop();
        }
    }

    private void overflow(SlowConsumerPolicy p) {
        if (p.action() == SlowConsumerPolicy.Action.DROP) {
            countDrop();
            return;
        }
        cut = true;
        registry.slowConsumerCut(this);
        SlowConsumerClosedEvent.record(session.remoteAddress(), session.bufferedAmount(), p);
        session.close(p.closeCode(), "slow consumer: over " + p.maxQueuedBytes() + " bytes queued");
    }

    private void countDrop() {
        dropped++;   // one writer: the session's loop
        registry.countDrop();
    }
}
