package dev.torsion.websocket.topic;

import dev.torsion.websocket.PreparedMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One subscriber resuming one topic after a known message id: from the moment it joins the topic's loop group
 * it holds the live messages, while the registry asks the backplane what was published after that id
 * ({@link TopicBackplane#readAfter}); then {@link #finish} sends the missed messages, then the held ones that
 * are newer than the last of them (ids decide, so a message both in the backlog and live is sent once), and the
 * subscriber goes live. Until the first live message newer than what was sent, live messages that are not
 * newer are dropped as already sent (a backplane may deliver them late). A subscriber that leaves the topic
 * meanwhile is sent nothing.
 *
 * <p><b>Threading.</b> Confined to the subscriber's event loop. <b>Lifecycle.</b> Lives from the subscription
 * to {@link #finish}.
 */
final class CatchUp {

    final String topic;
    final String afterId;
    final CompletableFuture<Resumption> result = new CompletableFuture<>();
    private final List<String> heldIds = new ArrayList<>();
    private final List<PreparedMessage> held = new ArrayList<>();
    /** Set by {@link #finish}: live messages go through again, those not newer than {@link #floor} excepted. */
    boolean finished;
    String floor;

    CatchUp(String topic, String afterId) {
        this.topic = topic;
        this.afterId = afterId;
    }

    /** On the loop: a live message (already framed) that arrived during the catch-up. */
    void hold(String id, PreparedMessage framed) {
        heldIds.add(id);
        held.add(framed);
    }

    /**
     * On the loop: sends {@code backlog} (framed with {@code framing}) and then the held messages to
     * {@code subscriber}; a backlog with a gap is announced first ({@link TopicFraming#gap}) or, without a
     * notice, closes the subscriber with {@link TopicRegistry#RESUME_GAP}. A failed read ({@code error}) counts
     * as a gap with nothing kept.
     */
    void finish(Subscriber subscriber, Backlog backlog, Throwable error, TopicFraming framing) {
        boolean complete = error == null && backlog.complete();
        if (!complete) {
            PreparedMessage notice = framing.gap(topic, afterId);
            if (notice == null) {
                subscriber.session.close(TopicRegistry.RESUME_GAP, "messages after " + afterId
                        + " are no longer kept; subscribe anew");
                result.complete(new Resumption(true, 0, false));
                return;
            }
            subscriber.deliver(notice);
        }
        String last = afterId;
        int replayed = 0;
        if (error == null) {
            for (Backlog.Entry e : backlog.entries()) {
                if (MessageIds.compare(e.id(), last) > 0) {
                    subscriber.deliver(framing.message(topic, e.id(), e.message()));
                    last = e.id();
                    replayed++;
                }
            }
        }
        for (int i = 0; i < held.size(); i++) {
            String id = heldIds.get(i);
            if (id == null || MessageIds.compare(id, last) > 0) {
                subscriber.deliver(held.get(i));
                if (id != null) {
                    last = id;
                }
            }
        }
        finished = true;
        floor = last;
        held.clear();
        heldIds.clear();
        result.complete(new Resumption(true, replayed, complete));
    }

    /** After {@link #finish}: true if a live message with {@code id} was already sent. */
    boolean alreadySent(String id) {
        return id != null && MessageIds.compare(id, floor) <= 0;
    }
}
