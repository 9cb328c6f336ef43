package dev.torsion.websocket.topic;

import dev.torsion.testing.FakeClock;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a registry tells an operator, with exact counts: topics and subscriptions, messages dropped for a slow
 * subscriber, and a slow subscriber closed, which is also the JFR event {@code dev.torsion.SlowConsumerClosed}.
 */
class TopicMetricsTest {

    private static final int BOUND = 4 * 1024;
    private final FakeClock loop = new FakeClock();

    @Test
    void topicsSubscriptionsAndDropsAreCountedExactly() {
        TopicRegistry topics = TopicRegistry.builder().slowConsumerPolicy(SlowConsumerPolicy.drop(BOUND)).build();
        Peer a = Peer.on(loop);
        Peer b = Peer.on(loop);
        topics.subscribe(a.session, "news");
        topics.subscribe(a.session, "sport");
        topics.subscribe(b.session, "news");
        assertThat(topics.topicCount()).isEqualTo(2);
        assertThat(topics.subscriptionCount()).isEqualTo(3);

        b.transport.setSocketBlocked(true);
        String message = "x".repeat(1000);
        for (int i = 0; i < 10; i++) {
            topics.publish("news", message);   // b takes 4 (4 x 1004 bytes queued; a 5th would pass 4 KiB), drops 6
        }
        assertThat(topics.droppedMessages()).isEqualTo(topics.droppedMessages(b.session)).isEqualTo(6);
        assertThat(topics.slowConsumersClosed()).isZero();

        topics.unsubscribe(a.session, "sport");
        assertThat(topics.topicCount()).isEqualTo(1);
        assertThat(topics.subscriptionCount()).isEqualTo(2);
    }

    @Test
    void aClosedSlowConsumerIsCountedAndIsAJfrEvent() throws Exception {
        List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        TopicRegistry topics = TopicRegistry.builder()
                .slowConsumerPolicy(SlowConsumerPolicy.closeTryAgainLater(BOUND)).build();
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("dev.torsion.SlowConsumerClosed");
            stream.onEvent("dev.torsion.SlowConsumerClosed", events::add);
            stream.startAsync();
            Peer slow = Peer.on(loop);
            topics.subscribe(slow.session, "feed");
            slow.transport.setSocketBlocked(true);
            for (int i = 0; i < 10; i++) {
                topics.publish("feed", "y".repeat(1000));
            }
            assertThat(slow.session.isOpen()).isFalse();
            await().atMost(Duration.ofSeconds(20)).until(() -> events.size() == 1);
        }
        assertThat(topics.slowConsumersClosed()).isEqualTo(1);
        assertThat(topics.subscriptionCount()).isZero();
        RecordedEvent event = events.get(0);
        assertThat(event.getInt("code")).isEqualTo(1013);
        assertThat(event.getLong("limit")).isEqualTo(BOUND);
        assertThat(event.getLong("queued")).isBetween((long) BOUND - 1004, (long) BOUND);
        assertThat(event.getString("remoteAddress")).isEqualTo("/127.0.0.1:50000");
    }
}
