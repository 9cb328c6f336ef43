package dev.torsion.websocket.topic;

import dev.torsion.testing.FakeClock;
import dev.torsion.websocket.PreparedMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message ids, resuming after an id (what was missed, then live: none twice, none left out, a gap said out
 * loud), and a backplane whose calls complete later and never run under the registry's lock.
 */
class TopicResumeTest {

    /** Shows each message as {@code id|text} and a gap as {@code GAP after id}. */
    static final TopicFraming SHOW_IDS = new TopicFraming() {
        @Override
        public PreparedMessage message(String topic, String id, PreparedMessage published) {
            return PreparedMessage.text(id + "|" + StandardCharsets.UTF_8.decode(published.payload()));
        }

        @Override
        public PreparedMessage gap(String topic, String afterId) {
            return PreparedMessage.text("GAP after " + afterId);
        }
    };

    private final FakeClock loop = new FakeClock();

    private static List<String> publish(TopicRegistry topics, String topic, String... texts) {
        List<String> ids = new ArrayList<>();
        for (String text : texts) {
            ids.add(topics.publish(topic, text).toCompletableFuture().join());
        }
        return ids;
    }

    private static List<String> texts(List<String> received) {
        List<String> out = new ArrayList<>();
        for (String r : received) {
            out.add(r.substring(r.indexOf('|') + 1));
        }
        return out;
    }

    @Test
    void idsGrowAndSubscribersSeeThemThroughTheFraming() {
        TopicRegistry topics = TopicRegistry.builder().framing(SHOW_IDS).build();
        Peer alice = Peer.on(loop);
        topics.subscribe(alice.session, "room");
        List<String> ids = publish(topics, "room", "a", "b");
        assertThat(MessageIds.compare(ids.get(0), ids.get(1))).isNegative();
        assertThat(alice.received()).containsExactly(ids.get(0) + "|a", ids.get(1) + "|b");
    }

    @Test
    void aResumingSessionGetsWhatItMissedThenTheLiveMessages() {
        TopicRegistry topics = TopicRegistry.builder().backplane(InMemoryBackplane.withHistory(100))
                .framing(SHOW_IDS).build();
        List<String> ids = publish(topics, "room", "m1", "m2", "m3", "m4");
        Peer alice = Peer.on(loop);
        Resumption r = topics.resume(alice.session, "room", ids.get(1)).toCompletableFuture().join();
        assertThat(r).isEqualTo(new Resumption(true, 2, true));
        publish(topics, "room", "m5");
        assertThat(texts(alice.received())).containsExactly("m3", "m4", "m5");
        assertThat(topics.resume(alice.session, "room", ids.get(0)).toCompletableFuture().join().subscribed())
                .isFalse();
    }

    @Test
    void aResumeFromTheLastIdMissesNothingEvenWithoutHistory() {
        TopicRegistry topics = TopicRegistry.builder().framing(SHOW_IDS).build();
        Peer bob = Peer.on(loop);
        topics.subscribe(bob.session, "room");   // keeps the topic known to the backplane
        List<String> ids = publish(topics, "room", "m1");
        Peer alice = Peer.on(loop);
        assertThat(topics.resume(alice.session, "room", ids.get(0)).toCompletableFuture().join().complete()).isTrue();
        publish(topics, "room", "m2");
        assertThat(texts(alice.received())).containsExactly("m2");
    }

    @Test
    void aResumeOlderThanTheHistoryIsToldSoFirstAndGetsWhatIsKept() {
        TopicRegistry topics = TopicRegistry.builder().backplane(InMemoryBackplane.withHistory(2))
                .framing(SHOW_IDS).build();
        List<String> ids = publish(topics, "room", "m1", "m2", "m3", "m4");
        Peer alice = Peer.on(loop);
        Resumption r = topics.resume(alice.session, "room", ids.get(0)).toCompletableFuture().join();
        assertThat(r).isEqualTo(new Resumption(true, 2, false));
        List<String> got = alice.received();
        assertThat(got.get(0)).isEqualTo("GAP after " + ids.get(0));
        assertThat(texts(got.subList(1, got.size()))).containsExactly("m3", "m4");
    }

    @Test
    void withoutAGapNoticeTheSessionIsClosedWith4410() {
        TopicRegistry topics = TopicRegistry.builder().backplane(InMemoryBackplane.withHistory(1)).build();
        List<String> ids = publish(topics, "room", "m1", "m2", "m3");
        Peer alice = Peer.on(loop);
        assertThat(topics.resume(alice.session, "room", ids.get(0)).toCompletableFuture().join().complete()).isFalse();
        assertThat(alice.received()).containsExactly("CLOSE 4410");
    }

    @Test
    void liveMessagesDuringTheCatchUpAreSentOnceAfterTheBacklog() {
        SlowBackplane backplane = new SlowBackplane(InMemoryBackplane.withHistory(100));
        TopicRegistry topics = TopicRegistry.builder().backplane(backplane).framing(SHOW_IDS).build();
        List<String> ids = publish(topics, "room", "m1", "m2");
        Peer alice = Peer.on(loop);
        CompletionStage<Resumption> resumed = topics.resume(alice.session, "room", ids.get(0));
        backplane.completeSubscriptions();
        publish(topics, "room", "m3", "m4");        // live while the backlog read is pending: held
        assertThat(alice.received()).isEmpty();
        backplane.completeReads();                   // the backlog (read now) holds m2, m3, m4 as well
        assertThat(resumed.toCompletableFuture().join()).isEqualTo(new Resumption(true, 3, true));
        publish(topics, "room", "m5");
        assertThat(texts(alice.received())).containsExactly("m2", "m3", "m4", "m5");
    }

    @Test
    void aLateLiveCopyOfAReplayedMessageIsDropped() {
        SlowBackplane backplane = new SlowBackplane(InMemoryBackplane.withHistory(100));
        TopicRegistry topics = TopicRegistry.builder().backplane(backplane).framing(SHOW_IDS).build();
        List<String> ids = publish(topics, "room", "m1", "m2");
        Peer alice = Peer.on(loop);
        topics.resume(alice.session, "room", ids.get(0));
        backplane.completeSubscriptions();
        backplane.completeReads();
        backplane.replay("room", ids.get(1), "m2");   // the backplane delivers m2 late: already sent
        publish(topics, "room", "m3");
        assertThat(texts(alice.received())).containsExactly("m2", "m3");
    }

    @Test
    void aSubscriberThatLeavesDuringItsCatchUpIsSentNothing() {
        SlowBackplane backplane = new SlowBackplane(InMemoryBackplane.withHistory(100));
        TopicRegistry topics = TopicRegistry.builder().backplane(backplane).framing(SHOW_IDS).build();
        List<String> ids = publish(topics, "room", "m1", "m2");
        Peer alice = Peer.on(loop);
        CompletionStage<Resumption> resumed = topics.resume(alice.session, "room", ids.get(0));
        topics.unsubscribe(alice.session, "room");
        backplane.completeSubscriptions();
        backplane.completeReads();
        assertThat(resumed.toCompletableFuture().join().replayed()).isZero();
        assertThat(alice.received()).isEmpty();
    }

    @Test
    void aBackplaneGapReachesLiveSubscribersAsTheNotice() {
        SlowBackplane backplane = new SlowBackplane(new InMemoryBackplane());
        TopicRegistry topics = TopicRegistry.builder().backplane(backplane).framing(SHOW_IDS).build();
        Peer alice = Peer.on(loop);
        topics.subscribe(alice.session, "room");
        backplane.completeSubscriptions();
        backplane.gap("room", "5-5");
        assertThat(alice.received()).containsExactly("GAP after 5-5");
    }

    @Test
    void backplaneCallsRunOutsideTheRegistryLockAndInOrder() {
        List<String> calls = new ArrayList<>();
        TopicRegistry[] registry = new TopicRegistry[1];
        InMemoryBackplane inner = new InMemoryBackplane();
        TopicBackplane probing = new TopicBackplane() {
            @Override
            public CompletionStage<String> publish(String topic, PreparedMessage message) {
                calls.add("publish " + topic);
                return inner.publish(topic, message);
            }

            @Override
            public CompletionStage<Void> subscribe(String topic, Listener listener) {
                // Another thread can take the registry's lock while we are here: it is not held.
                Integer count = CompletableFuture.supplyAsync(() -> registry[0].subscriberCount(topic))
                        .orTimeout(5, TimeUnit.SECONDS).join();
                calls.add("subscribe " + topic + " (" + count + " subscriber)");
                return inner.subscribe(topic, listener);
            }

            @Override
            public CompletionStage<Void> unsubscribe(String topic, Listener listener) {
                calls.add("unsubscribe " + topic);
                return inner.unsubscribe(topic, listener);
            }
        };
        registry[0] = TopicRegistry.builder().backplane(probing).build();
        Peer alice = Peer.on(loop);
        registry[0].subscribe(alice.session, "a");
        registry[0].publish("a", "x");
        registry[0].unsubscribe(alice.session, "a");
        registry[0].subscribe(alice.session, "a");
        assertThat(calls).containsExactly("subscribe a (1 subscriber)", "publish a", "unsubscribe a",
                "subscribe a (1 subscriber)");
    }

    @Test
    void aRefusedPublishFailsItsStage() {
        TopicBackplane refusing = new TopicBackplane() {
            @Override
            public CompletionStage<String> publish(String topic, PreparedMessage message) {
                return CompletableFuture.failedFuture(new BackplaneUnavailableException("broker away, buffer full"));
            }

            @Override
            public CompletionStage<Void> subscribe(String topic, Listener listener) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Void> unsubscribe(String topic, Listener listener) {
                return CompletableFuture.completedFuture(null);
            }
        };
        TopicRegistry topics = TopicRegistry.builder().backplane(refusing).build();
        CompletableFuture<String> outcome = topics.publish("a", "x").toCompletableFuture();
        assertThat(outcome).isCompletedExceptionally();
        assertThat(outcome.handle((id, e) -> e.getMessage()).join()).isEqualTo("broker away, buffer full");
    }

    /** Wraps a backplane: subscriptions and backlog reads complete when the test says so. */
    static final class SlowBackplane implements TopicBackplane {
        private final InMemoryBackplane inner;
        private final List<Runnable> subscriptions = new ArrayList<>();
        private final List<Runnable> reads = new ArrayList<>();
        private final List<Listener> listeners = new ArrayList<>();

        SlowBackplane(InMemoryBackplane inner) {
            this.inner = inner;
        }

        @Override
        public CompletionStage<String> publish(String topic, PreparedMessage message) {
            return inner.publish(topic, message);
        }

        @Override
        public CompletionStage<Void> subscribe(String topic, Listener listener) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            listeners.add(listener);
            subscriptions.add(() -> inner.subscribe(topic, listener).thenRun(() -> done.complete(null)));
            return done;
        }

        @Override
        public CompletionStage<Void> unsubscribe(String topic, Listener listener) {
            return inner.unsubscribe(topic, listener);
        }

        @Override
        public CompletionStage<Backlog> readAfter(String topic, String afterId) {
            CompletableFuture<Backlog> done = new CompletableFuture<>();
            reads.add(() -> inner.readAfter(topic, afterId).thenAccept(done::complete));
            return done;
        }

        void completeSubscriptions() {
            run(subscriptions);
        }

        void completeReads() {
            run(reads);
        }

        void replay(String topic, String id, String text) {
            for (Listener l : listeners) {
                l.onMessage(topic, id, PreparedMessage.text(text));
            }
        }

        void gap(String topic, String afterId) {
            for (Listener l : listeners) {
                l.onGap(topic, afterId);
            }
        }

        private static void run(List<Runnable> pending) {
            List<Runnable> now = new ArrayList<>(pending);
            pending.clear();
            now.forEach(Runnable::run);
        }
    }
}
