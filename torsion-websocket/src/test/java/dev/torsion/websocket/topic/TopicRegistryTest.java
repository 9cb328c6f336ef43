package dev.torsion.websocket.topic;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.FakeClock;
import dev.torsion.websocket.PreparedMessage;
import dev.torsion.websocket.TransportWebSocket;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Subscribing, unsubscribing, publishing and the registry's answers to bad calls (all on one fake loop). */
class TopicRegistryTest {

    private final FakeClock loop = new FakeClock();
    private final TopicRegistry topics = TopicRegistry.create();

    @Test
    void aMessageReachesTheSubscribersOfItsTopicOnly() {
        Peer alice = Peer.on(loop);
        Peer bob = Peer.on(loop);
        Peer carol = Peer.on(loop);
        assertThat(topics.subscribe(alice.session, "news")).isTrue();
        assertThat(topics.subscribe(bob.session, "news")).isTrue();
        assertThat(topics.subscribe(carol.session, "sport")).isTrue();

        topics.publish("news", "headline");
        topics.publish("sport", PreparedMessage.text("score"));
        topics.publish("weather", "nobody listens");

        assertThat(alice.received()).containsExactly("headline");
        assertThat(bob.received()).containsExactly("headline");
        assertThat(carol.received()).containsExactly("score");
    }

    @Test
    void subscribingTwiceIsOneSubscriptionAndUnsubscribingStopsDelivery() {
        Peer alice = Peer.on(loop);
        assertThat(topics.subscribe(alice.session, "news")).isTrue();
        assertThat(topics.subscribe(alice.session, "news")).isFalse();
        assertThat(topics.subscriberCount("news")).isEqualTo(1);
        topics.publish("news", "one");
        assertThat(topics.unsubscribe(alice.session, "news")).isTrue();
        assertThat(topics.unsubscribe(alice.session, "news")).isFalse();
        topics.publish("news", "two");
        assertThat(alice.received()).containsExactly("one");
        assertThat(topics.subscriberCount("news")).isZero();
        assertThat(topics.topics()).isEmpty();
    }

    @Test
    void theRegistryReportsTopicsAndSubscriptions() {
        Peer alice = Peer.on(loop);
        Peer bob = Peer.on(loop);
        topics.subscribe(alice.session, "b");
        topics.subscribe(alice.session, "a");
        topics.subscribe(bob.session, "a");
        assertThat(topics.topics()).containsExactly("a", "b");
        assertThat(topics.subscriptions(alice.session)).containsExactly("a", "b");
        assertThat(topics.subscriberCount("a")).isEqualTo(2);
        assertThat(topics.unsubscribeAll(alice.session)).isEqualTo(2);
        assertThat(topics.subscriptions(alice.session)).isEmpty();
        assertThat(topics.topics()).containsExactly("a");
    }

    @Test
    void theBackplaneCarriesATopicOnlyWhileItHasLocalSubscribers() {
        InMemoryBackplane backplane = new InMemoryBackplane();
        TopicRegistry registry = TopicRegistry.builder().backplane(backplane).build();
        Peer alice = Peer.on(loop);
        registry.subscribe(alice.session, "news");
        registry.subscribe(alice.session, "sport");
        assertThat(backplane.topicCount()).isEqualTo(2);
        registry.unsubscribe(alice.session, "news");
        assertThat(backplane.topicCount()).isEqualTo(1);
        registry.unsubscribeAll(alice.session);
        assertThat(backplane.topicCount()).isZero();
    }

    @Test
    void registriesOnOneBackplaneShareTopicsAndTheFrameIsBuiltOnce() {
        InMemoryBackplane backplane = new InMemoryBackplane();
        TopicRegistry serverA = TopicRegistry.builder().backplane(backplane).build();
        TopicRegistry serverB = TopicRegistry.builder().backplane(backplane).build();
        Peer onA = Peer.on(loop);
        Peer onB = Peer.on(loop);
        serverA.subscribe(onA.session, "news");
        serverB.subscribe(onB.session, "news");
        PreparedMessage[] seen = new PreparedMessage[2];
        backplane.subscribe("news", (topic, message) -> seen[0] = message);
        PreparedMessage message = PreparedMessage.text("from A");
        serverA.publish("news", message);
        assertThat(onA.received()).containsExactly("from A");
        assertThat(onB.received()).containsExactly("from A");
        assertThat(seen[0]).isSameAs(message);
    }

    @Test
    void badCallsGetClearErrors() {
        Peer alice = Peer.on(loop);
        assertThatThrownBy(() -> topics.subscribe(alice.session, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subscribe: a topic name must have 1 to 256 chars, got 0");
        assertThatThrownBy(() -> topics.publish("x".repeat(257), "m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("publish: a topic name must have 1 to 256 chars, got 257");
        assertThatThrownBy(() -> topics.subscribe(null, "news")).isInstanceOf(NullPointerException.class)
                .hasMessage("session");
        TransportWebSocket notConnected = TransportWebSocket.server(new dev.torsion.websocket.server.EchoHandler(),
                Peer.NO_PING, null, HttpHeaders.empty());
        assertThatThrownBy(() -> topics.subscribe(notConnected.session(), "news"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("subscribe: the session's connection is not made yet (no event loop)");
        assertThatThrownBy(() -> SlowConsumerPolicy.drop(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxQueuedBytes must be positive, got 0");
        assertThatThrownBy(() -> TopicRegistry.builder().maxPendingBytesPerLoop(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPendingBytesPerLoop must be positive, got 0");
    }

    @Test
    void aClosingSessionCannotSubscribe() {
        Peer alice = Peer.on(loop);
        alice.session.close();
        assertThat(topics.subscribe(alice.session, "news")).isFalse();
        assertThat(topics.subscriberCount("news")).isZero();
    }

    @Test
    void policiesNameTheirCloseCodes() {
        assertThat(SlowConsumerPolicy.drop(10).closeCode()).isNull();
        assertThat(SlowConsumerPolicy.closePolicyViolation(10).closeCode().code()).isEqualTo(1008);
        assertThat(SlowConsumerPolicy.closeTryAgainLater(10).closeCode().code()).isEqualTo(1013);
        assertThat(SlowConsumerPolicy.of(SlowConsumerPolicy.Action.DROP, 5).maxQueuedBytes()).isEqualTo(5);
        assertThat(TopicRegistry.create().defaultSlowConsumerPolicy()).isSameAs(SlowConsumerPolicy.DEFAULT);
        assertThat(List.of(SlowConsumerPolicy.DEFAULT.action(), SlowConsumerPolicy.DEFAULT.maxQueuedBytes()))
                .containsExactly(SlowConsumerPolicy.Action.DROP, 1024L * 1024);
    }
}
