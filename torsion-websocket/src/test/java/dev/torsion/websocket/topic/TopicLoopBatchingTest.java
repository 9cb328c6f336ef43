package dev.torsion.websocket.topic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery hops onto each event loop once per batch of messages, not once per subscriber or message; work
 * from one thread keeps its order; and what waits for a loop is bounded.
 */
class TopicLoopBatchingTest {

    private final List<ManualLoop> loops = List.of(new ManualLoop(), new ManualLoop(), new ManualLoop());
    private final TopicRegistry topics = TopicRegistry.create();

    private List<Peer> subscribe(int perLoop) {
        List<Peer> peers = new ArrayList<>();
        for (ManualLoop loop : loops) {
            for (int i = 0; i < perLoop; i++) {
                Peer p = Peer.on(loop);
                topics.subscribe(p.session, "feed");
                peers.add(p);
            }
        }
        return peers;
    }

    private static void onAnotherThread(Runnable work) throws InterruptedException {
        Thread t = new Thread(work, "publisher");
        t.start();
        t.join();
    }

    private void runLoops() {
        for (ManualLoop loop : loops) {
            loop.runQueued();
        }
    }

    private static List<String> numbered(int n) {
        return IntStream.range(0, n).mapToObj(i -> "m" + i).collect(Collectors.toList());
    }

    @Test
    void aBatchOfMessagesHopsOncePerLoop() throws Exception {
        List<Peer> peers = subscribe(100);
        onAnotherThread(() -> {
            for (int i = 0; i < 50; i++) {
                topics.publish("feed", "m" + i);
            }
        });
        for (ManualLoop loop : loops) {
            assertThat(loop.executes()).isEqualTo(1);
            assertThat(topics.hops(loop)).isEqualTo(1);
        }
        runLoops();
        for (Peer p : peers) {
            assertThat(p.received()).isEqualTo(numbered(50));
        }
    }

    @Test
    void aPublishOnTheSubscribersLoopDoesNotHop() {
        List<Peer> peers = subscribe(10);
        topics.publish("feed", "m0");
        for (ManualLoop loop : loops.subList(1, 3)) {
            assertThat(loop.executes()).isZero();
        }
        assertThat(peers.get(0).received()).containsExactly("m0");
    }

    @Test
    void aLongBacklogIsDeliveredInBatchesThatLetTheLoopBreathe() throws Exception {
        List<Peer> peers = subscribe(2);
        int n = 3 * LoopOutbox.BATCH + 7;
        onAnotherThread(() -> {
            for (int i = 0; i < n; i++) {
                topics.publish("feed", "m" + i);
            }
        });
        runLoops();
        for (ManualLoop loop : loops) {
            assertThat(loop.executes()).isEqualTo(4);
        }
        for (Peer p : peers) {
            assertThat(p.received()).isEqualTo(numbered(n));
        }
    }

    @Test
    void oneThreadsSubscribePublishAndUnsubscribeKeepTheirOrder() throws Exception {
        Peer alice = Peer.on(loops.get(1));
        onAnotherThread(() -> {
            topics.publish("feed", "before");
            topics.subscribe(alice.session, "feed");
            topics.publish("feed", "while");
            topics.unsubscribe(alice.session, "feed");
            topics.publish("feed", "after");
        });
        runLoops();
        assertThat(alice.received()).containsExactly("while");
        assertThat(topics.topics()).isEmpty();
    }

    @Test
    void messagesWaitingForALoopAreBounded() throws Exception {
        TopicRegistry bounded = TopicRegistry.builder().maxPendingBytesPerLoop(10 * 1024).build();
        Peer alice = Peer.on(loops.get(0));
        bounded.subscribe(alice.session, "feed");
        String kib = "x".repeat(1016); // 1020-byte payload + 4-byte header: a 1 KiB frame
        onAnotherThread(() -> {
            for (int i = 0; i < 100; i++) {
                bounded.publish("feed", String.format("%04d", i) + kib);
            }
        });
        assertThat(bounded.loopOverflows()).isEqualTo(100 - 10);
        runLoops();
        List<String> got = alice.received();
        assertThat(got).hasSize(10);
        assertThat(got.get(0)).startsWith("0000");
        assertThat(got.get(9)).startsWith("0009");
    }
}
