package dev.torsion.websocket.topic;

import dev.torsion.reactor.ConnectionLost;
import dev.torsion.testing.FakeClock;
import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.Role;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** A session whose connection is gone leaves every topic by itself, however the connection ended. */
class TopicUnsubscribeOnCloseTest {

    private final FakeClock loop = new FakeClock();
    private final InMemoryBackplane backplane = new InMemoryBackplane();
    private final TopicRegistry topics = TopicRegistry.builder().backplane(backplane).build();

    @Test
    void aConnectionLostWithoutHandshakeLeavesEveryTopic() {
        Peer alice = Peer.on(loop);
        Peer bob = Peer.on(loop);
        topics.subscribe(alice.session, "news");
        topics.subscribe(alice.session, "sport");
        topics.subscribe(bob.session, "news");

        alice.transport.simulateConnectionLost(new ConnectionLost("reset by peer"));

        assertThat(topics.subscriptions(alice.session)).isEmpty();
        assertThat(topics.subscriberCount("news")).isEqualTo(1);
        assertThat(topics.topics()).containsExactly("news");
        assertThat(backplane.topicCount()).isEqualTo(1);
        topics.publish("news", "still here");
        assertThat(bob.received()).containsExactly("still here");
    }

    @Test
    void aClosingHandshakeStartedByThePeerLeavesEveryTopic() {
        Peer alice = Peer.on(loop);
        topics.subscribe(alice.session, "news");
        byte[] close = new FrameWriter(Role.CLIENT, new MaskGenerator(1))
                .frame(Opcode.CLOSE, true, 0, ByteBuffer.wrap(new byte[] {0x03, (byte) 0xe8})).array();
        alice.transport.receive(close);
        assertThat(alice.transport.isLost()).isTrue();
        assertThat(topics.subscriberCount("news")).isZero();
        assertThat(backplane.topicCount()).isZero();
    }

    @Test
    void aCloseFromTheServerLeavesEveryTopicOnceTheConnectionIsGone() {
        Peer alice = Peer.on(loop);
        topics.subscribe(alice.session, "news");
        alice.session.close();
        topics.publish("news", "after close");
        assertThat(alice.received()).containsExactly("CLOSE 1000");
        loop.advance(Peer.NO_PING.closeTimeout());
        assertThat(alice.transport.isLost()).isTrue();
        assertThat(topics.topics()).isEmpty();
    }

    @Test
    void aSessionAlreadyGoneIsNotKept() {
        Peer alice = Peer.on(loop);
        topics.subscribe(alice.session, "news");
        alice.transport.simulateConnectionLost(new ConnectionLost("gone"));
        assertThat(topics.subscribe(alice.session, "news")).isFalse();
        topics.setSlowConsumerPolicy(alice.session, SlowConsumerPolicy.drop(10));
        assertThat(topics.subscriptions(alice.session)).isEmpty();
        assertThat(topics.droppedMessages(alice.session)).isZero();
    }

    @Test
    void aSessionThatJoinedAndLeftManyTopicsIsStillForgottenWhenGone() {
        Peer alice = Peer.on(loop);
        for (int i = 0; i < 100; i++) {
            topics.subscribe(alice.session, "room-" + i);
            topics.unsubscribe(alice.session, "room-" + i);
        }
        topics.subscribe(alice.session, "last");
        alice.transport.simulateConnectionLost(new ConnectionLost("gone"));
        assertThat(topics.topics()).isEmpty();
    }
}
