package dev.torsion.websocket.topic;

import dev.torsion.testing.FakeClock;
import dev.torsion.websocket.OverflowPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stalled subscriber (its socket full: {@code MemoryTransport.setSocketBlocked}) among fast ones, on a fake
 * clock: the policy drops its messages or closes it, the fast ones get everything, and what it holds stays
 * under the bound plus one message.
 */
class TopicSlowConsumerTest {

    private static final int BOUND = 8 * 1024;
    private static final int MESSAGES = 100;

    private final FakeClock loop = new FakeClock();

    private static String message(int i) {
        return String.format("m%04d:", i) + "x".repeat(1000);
    }

    private static List<String> messages(int from, int to) {
        return IntStream.range(from, to).mapToObj(TopicSlowConsumerTest::message).collect(Collectors.toList());
    }

    private List<Peer> fastPeers(TopicRegistry topics) {
        List<Peer> fast = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Peer p = Peer.on(loop);
            topics.subscribe(p.session, "feed");
            fast.add(p);
        }
        return fast;
    }

    @Test
    void dropLosesMessagesForTheStalledSubscriberOnlyAndCountsThem() {
        TopicRegistry topics = TopicRegistry.builder().slowConsumerPolicy(SlowConsumerPolicy.drop(BOUND)).build();
        List<Peer> fast = fastPeers(topics);
        Peer stalled = Peer.on(loop);
        topics.subscribe(stalled.session, "feed");
        stalled.transport.setSocketBlocked(true);

        for (int i = 0; i < MESSAGES; i++) {
            topics.publish("feed", message(i));
            assertThat(stalled.session.bufferedAmount()).isLessThanOrEqualTo(BOUND + 1010);
        }

        for (Peer p : fast) {
            assertThat(p.received()).isEqualTo(messages(0, MESSAGES));
        }
        long dropped = topics.droppedMessages(stalled.session);
        int accepted = (int) (MESSAGES - dropped);
        assertThat(accepted).isBetween(1, BOUND / 1000);
        assertThat(topics.droppedMessages()).isEqualTo(dropped);
        assertThat(stalled.session.isOpen()).isTrue();

        stalled.transport.setSocketBlocked(false);
        assertThat(stalled.received()).isEqualTo(messages(0, accepted));
        topics.publish("feed", message(MESSAGES));
        assertThat(stalled.received()).containsExactly(message(MESSAGES));
        assertThat(topics.subscriberCount("feed")).isEqualTo(5);
    }

    @Test
    void closePolicyViolationClosesTheStalledSubscriberWith1008() {
        assertTheStalledSubscriberIsClosed(SlowConsumerPolicy.closePolicyViolation(BOUND), "CLOSE 1008");
    }

    @Test
    void closeTryAgainLaterClosesTheStalledSubscriberWith1013() {
        assertTheStalledSubscriberIsClosed(SlowConsumerPolicy.closeTryAgainLater(BOUND), "CLOSE 1013");
    }

    private void assertTheStalledSubscriberIsClosed(SlowConsumerPolicy policy, String closeFrame) {
        TopicRegistry topics = TopicRegistry.builder().slowConsumerPolicy(policy).build();
        List<Peer> fast = fastPeers(topics);
        Peer stalled = Peer.on(loop);
        topics.subscribe(stalled.session, "feed");
        topics.subscribe(stalled.session, "other");
        stalled.transport.setSocketBlocked(true);

        for (int i = 0; i < MESSAGES; i++) {
            topics.publish("feed", message(i));
        }

        assertThat(stalled.session.isOpen()).isFalse();
        assertThat(topics.subscriptions(stalled.session)).isEmpty();
        assertThat(topics.topics()).containsExactly("feed");
        assertThat(topics.subscriberCount("feed")).isEqualTo(4);
        assertThat(topics.slowConsumersClosed()).isEqualTo(1);
        assertThat(stalled.session.bufferedAmount()).isLessThanOrEqualTo(BOUND + 1010);
        for (Peer p : fast) {
            assertThat(p.received()).isEqualTo(messages(0, MESSAGES));
        }

        List<String> frames = new ArrayList<>(stalled.drainAndDecode());
        assertThat(frames.get(frames.size() - 1)).isEqualTo(closeFrame);
        frames.remove(frames.size() - 1);
        assertThat(frames).isEqualTo(messages(0, frames.size()));
    }

    @Test
    void aStalledSubscriberThatNeverReadsIsAbortedByTheCloseTimer() {
        TopicRegistry topics = TopicRegistry.builder().slowConsumerPolicy(SlowConsumerPolicy.closeTryAgainLater(BOUND)).build();
        Peer stalled = Peer.on(loop);
        topics.subscribe(stalled.session, "feed");
        stalled.transport.setSocketBlocked(true);
        for (int i = 0; i < 20; i++) {
            topics.publish("feed", message(i));
        }
        assertThat(stalled.transport.isLost()).isFalse();
        loop.advance(Peer.NO_PING.closeTimeout());
        assertThat(stalled.transport.isAborted()).isTrue();
        assertThat(stalled.transport.bufferedAmount()).isZero();
    }

    @Test
    void aSubscriberCanHaveItsOwnPolicy() {
        TopicRegistry topics = TopicRegistry.builder().slowConsumerPolicy(SlowConsumerPolicy.drop(BOUND)).build();
        Peer strict = Peer.on(loop);
        Peer lenient = Peer.on(loop);
        topics.setSlowConsumerPolicy(strict.session, SlowConsumerPolicy.closePolicyViolation(BOUND));
        topics.subscribe(strict.session, "feed");
        topics.subscribe(lenient.session, "feed");
        strict.transport.setSocketBlocked(true);
        lenient.transport.setSocketBlocked(true);
        for (int i = 0; i < 20; i++) {
            topics.publish("feed", message(i));
        }
        assertThat(strict.session.isOpen()).isFalse();
        assertThat(lenient.session.isOpen()).isTrue();
        assertThat(topics.droppedMessages(lenient.session)).isGreaterThan(0);
    }

    @Test
    void aSessionBoundTighterThanTheTopicsIsHonouredWithoutAnException() {
        TopicRegistry topics = TopicRegistry.builder().slowConsumerPolicy(SlowConsumerPolicy.drop(1 << 20)).build();
        Peer tight = Peer.on(loop, Peer.NO_PING.withSendQueue(BOUND, OverflowPolicy.FAIL_SEND));
        Peer fast = Peer.on(loop);
        topics.subscribe(tight.session, "feed");
        topics.subscribe(fast.session, "feed");
        tight.transport.setSocketBlocked(true);
        for (int i = 0; i < MESSAGES; i++) {
            topics.publish("feed", message(i));
        }
        // the session accepts messages while under its bound: the bound plus one message
        assertThat(topics.droppedMessages(tight.session)).isGreaterThanOrEqualTo(MESSAGES - BOUND / 1000 - 1);
        assertThat(tight.session.isOpen()).isTrue();
        assertThat(fast.received()).hasSize(MESSAGES);
    }
}
