package dev.torsion.redis;

import java.util.concurrent.CompletableFuture;

/**
 * One publish waiting for Redis's answer: its number on this server, its command's arguments, its outcome.
 * It stays in {@link RedisBackplane}'s queue, in number order, until answered; after a reconnection every
 * unanswered publish is sent again, in that order (one Redis may already have run is recognized by its number,
 * see {@link PublishScript}).
 *
 * <p><b>Threading.</b> Fields set once; {@link #sentOn} is guarded by the backplane's lock.
 */
final class PendingPublish {

    final long seq;
    final byte[] stream;
    final byte[] channel;
    final byte[] opcode;
    final byte[] payload;
    final CompletableFuture<String> outcome = new CompletableFuture<>();
    /** The connection epoch it was last sent on (0: not sent yet). */
    int sentOn;

    PendingPublish(long seq, byte[] stream, byte[] channel, byte[] opcode, byte[] payload) {
        this.seq = seq;
        this.stream = stream;
        this.channel = channel;
        this.opcode = opcode;
        this.payload = payload;
    }

    long size() {
        return payload.length;
    }
}
