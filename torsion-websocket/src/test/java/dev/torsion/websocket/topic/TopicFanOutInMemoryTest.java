package dev.torsion.websocket.topic;

import dev.torsion.websocket.PreparedMessage;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 5,000 subscribers on four event loops each receive 1,000 messages from two publisher threads: nothing lost,
 * each publisher's order kept, and at most one hop per loop and message (never one per subscriber). The loops
 * are played by the test's thread while the publishers run ({@link ManualLoop}, in-memory transports).
 */
class TopicFanOutInMemoryTest {

    private static final int SUBSCRIBERS = 5_000;
    private static final int PUBLISHERS = 2;
    private static final int PER_PUBLISHER = 500;

    @Test
    void everySubscriberGetsEveryMessageInEachPublishersOrder() throws Exception {
        List<ManualLoop> loops = List.of(new ManualLoop(), new ManualLoop(), new ManualLoop(), new ManualLoop());
        TopicRegistry topics = TopicRegistry.create();
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            Peer p = Peer.on(loops.get(i % loops.size()));
            topics.subscribe(p.session, "feed");
            peers.add(p);
        }
        assertThat(topics.subscriberCount("feed")).isEqualTo(SUBSCRIBERS);

        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            Thread t = new Thread(() -> {
                for (int seq = 0; seq < PER_PUBLISHER; seq++) {
                    topics.publish("feed", PreparedMessage.binary(ByteBuffer.allocate(8).putInt(publisher).putInt(seq).flip()));
                }
            }, "publisher-" + p);
            publishers.add(t);
        }
        publishers.forEach(Thread::start);

        int[][] next = new int[SUBSCRIBERS][PUBLISHERS];
        boolean publishing = true;
        while (publishing) {
            publishing = publishers.stream().anyMatch(Thread::isAlive);
            for (ManualLoop loop : loops) {
                loop.runQueued();
            }
            for (int i = 0; i < SUBSCRIBERS; i++) {
                check(peers.get(i).transport.takeWritten(), next[i]);
            }
        }

        for (int[] counts : next) {
            for (int p = 0; p < PUBLISHERS; p++) {
                assertThat(counts[p]).isEqualTo(PER_PUBLISHER);
            }
        }
        assertThat(topics.droppedMessages()).isZero();
        assertThat(topics.loopOverflows()).isZero();
        long hops = loops.stream().mapToLong(ManualLoop::executes).sum();
        assertThat(hops).isLessThanOrEqualTo((long) PUBLISHERS * PER_PUBLISHER * loops.size());
    }

    /** Each frame must be a whole 8-byte binary message carrying the next sequence number of its publisher. */
    private static void check(byte[] written, int[] next) {
        ByteBuffer in = ByteBuffer.wrap(written);
        assertThat(written.length % 10).isZero();
        while (in.hasRemaining()) {
            byte b0 = in.get();
            byte b1 = in.get();
            int publisher = in.getInt();
            int seq = in.getInt();
            if (b0 != (byte) 0x82 || b1 != 8 || seq != next[publisher]) {
                throw new AssertionError("expected a binary frame with publisher " + publisher + "'s message "
                        + next[publisher] + ", got header " + b0 + " " + b1 + " and message " + seq);
            }
            next[publisher]++;
        }
    }
}
