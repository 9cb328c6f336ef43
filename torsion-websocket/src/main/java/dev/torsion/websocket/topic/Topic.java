package dev.torsion.websocket.topic;

import dev.torsion.reactor.Scheduler;

import java.util.Arrays;

/**
 * One topic of a {@link TopicRegistry}: its subscribers, grouped by event loop.
 *
 * <p><b>Threading.</b> {@link #groups} is read without a lock by publishers (a volatile array, replaced on
 * change); it is changed only under the registry's lock. There are at most as many groups as loops.
 *
 * <p><b>Lifecycle.</b> Exists while the topic has local subscribers.
 */
final class Topic {

    private static final LoopGroup[] NONE = new LoopGroup[0];

    final String name;
    /** Completes when the backplane delivers this topic's messages to the registry. */
    final java.util.concurrent.CompletableFuture<Void> live = new java.util.concurrent.CompletableFuture<>();
    volatile LoopGroup[] groups = NONE;

    Topic(String name) {
        this.name = name;
    }

    /** Under the registry's lock: the group for {@code outbox}'s loop, created if needed. */
    LoopGroup groupFor(LoopOutbox outbox) {
        LoopGroup existing = find(outbox.loop);
        if (existing != null) {
            return existing;
        }
        LoopGroup group = new LoopGroup(name, outbox);
        LoopGroup[] more = Arrays.copyOf(groups, groups.length + 1);
        more[groups.length] = group;
        groups = more;
        return group;
    }

    /** Under the registry's lock: the group for {@code loop}, or null. */
    LoopGroup find(Scheduler loop) {
        for (LoopGroup group : groups) {
            if (group.outbox.loop == loop) {
                return group;
            }
        }
        return null;
    }

    /** Under the registry's lock: publishes no longer reach {@code group}. */
    void remove(LoopGroup group) {
        groups = Arrays.stream(groups).filter(g -> g != group).toArray(LoopGroup[]::new);
    }

    /** Under the registry's lock: subscriptions on every loop. */
    int subscriberCount() {
        int n = 0;
        for (LoopGroup group : groups) {
            n += group.count;
        }
        return n;
    }

    boolean isEmpty() {
        return groups.length == 0;
    }
}
