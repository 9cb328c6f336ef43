package dev.torsion.websocket.topic;

import dev.torsion.websocket.PreparedMessage;

import java.util.Arrays;

/**
 * The subscribers of one topic that live on one event loop: a publish hands the message to the group once
 * (through its loop's {@link LoopOutbox}), and the group writes it to each member.
 *
 * <p><b>Threading.</b> {@link #members} is confined to the loop: added, removed and iterated only there. It
 * is copied on change, so a delivery that makes a member leave (a slow consumer being closed, a close
 * listener) does not disturb the iteration in progress. {@link #count} is guarded by the registry's lock.
 *
 * <p><b>Lifecycle.</b> Created with the loop's first subscription to the topic; dropped from the topic when
 * its count reaches zero (messages already queued for it still run, on no members or the leaving ones).
 */
final class LoopGroup {

    private static final Subscriber[] EMPTY = new Subscriber[0];

    final String topic;
    final LoopOutbox outbox;
    /** Subscriptions to the topic on this loop, counted when made (before the member is added on the loop). */
    int count;
    private Subscriber[] members = EMPTY;

    LoopGroup(String topic, LoopOutbox outbox) {
        this.topic = topic;
        this.outbox = outbox;
    }

    /** On the loop: {@code subscriber} receives this group's messages from now on. */
    void add(Subscriber subscriber) {
        Subscriber[] more = Arrays.copyOf(members, members.length + 1);
        more[members.length] = subscriber;
        members = more;
    }

    /** On the loop: {@code subscriber} no longer receives this group's messages. */
    void remove(Subscriber subscriber) {
        Subscriber[] current = members;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == subscriber) {
                Subscriber[] fewer = new Subscriber[current.length - 1];
                System.arraycopy(current, 0, fewer, 0, i);
                System.arraycopy(current, i + 1, fewer, i, current.length - i - 1);
                members = fewer;
                return;
            }
        }
    }

    /** On the loop: writes {@code message} (whose id is {@code id}, or null) to every member. */
    void deliver(String id, PreparedMessage message) {
        for (Subscriber subscriber : members) {
            subscriber.offer(topic, id, message);
        }
    }

    /**
     * On the loop: the backplane lost messages of this topic; every member gets {@code notice}, or without one
     * is closed with {@link TopicRegistry#RESUME_GAP}.
     */
    void gap(PreparedMessage notice, String afterId) {
        for (Subscriber subscriber : members) {
            if (notice != null) {
                subscriber.deliver(notice);
            } else {
                subscriber.session.close(TopicRegistry.RESUME_GAP, "messages after " + afterId + " were lost");
            }
        }
    }
}
