package dev.torsion.cli.chat;

import dev.torsion.reactor.ConnectionLost;
import dev.torsion.testing.FakeClock;
import dev.torsion.websocket.topic.TopicRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat protocol end to end in memory: rooms, presence, messages, and every refusal as a JSON error. */
class ChatHandlerTest {

    private final FakeClock clock = new FakeClock();
    private final TopicRegistry topics = TopicRegistry.create();
    private final ChatRooms rooms = new ChatRooms(topics);

    private ChatTestClient joined(String room, String name) {
        ChatTestClient c = new ChatTestClient(clock, rooms);
        c.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}");
        java.util.List<String> got = c.received();
        assertThat(got).hasSize(2);
        assertThat(got.get(0)).startsWith("{\"type\":\"welcome\"");
        assertThat(got.get(1)).isEqualTo(ChatJson.joined(room, name));   // its own joined comes after the welcome
        return c;
    }

    @Test
    void aNewcomerIsWelcomedWithTheMemberListAndTheOthersAreTold() {
        ChatTestClient alice = new ChatTestClient(clock, rooms);
        alice.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"alice\"}");
        assertThat(alice.received()).containsExactly(
                "{\"type\":\"welcome\",\"room\":\"lobby\",\"name\":\"alice\",\"members\":[\"alice\"]}",
                "{\"type\":\"joined\",\"room\":\"lobby\",\"name\":\"alice\"}");
        ChatTestClient bob = new ChatTestClient(clock, rooms);
        bob.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"bob\"}");
        assertThat(bob.received()).containsExactly(
                "{\"type\":\"welcome\",\"room\":\"lobby\",\"name\":\"bob\",\"members\":[\"alice\",\"bob\"]}",
                "{\"type\":\"joined\",\"room\":\"lobby\",\"name\":\"bob\"}");
        assertThat(alice.received()).containsExactly("{\"type\":\"joined\",\"room\":\"lobby\",\"name\":\"bob\"}");
    }

    @Test
    void aMessageReachesEveryoneInTheRoomOnly() {
        ChatTestClient alice = joined("lobby", "alice");
        ChatTestClient bob = joined("lobby", "bob");
        ChatTestClient carol = joined("kitchen", "carol");
        alice.received();
        bob.send("{\"type\":\"say\",\"text\":\"hi \\\"all\\\" <3\"}");
        String said = "{\"type\":\"message\",\"room\":\"lobby\",\"name\":\"bob\",\"text\":\"hi \\\"all\\\" <3\"}";
        assertThat(alice.received()).containsExactly(said);
        assertThat(bob.received()).containsExactly(said);
        assertThat(carol.received()).isEmpty();
    }

    @Test
    void leavingIsConfirmedAndToldToTheOthersAndAnEmptyRoomGoesAway() {
        ChatTestClient alice = joined("lobby", "alice");
        ChatTestClient bob = joined("lobby", "bob");
        alice.received();
        bob.send("{\"type\":\"leave\"}");
        assertThat(bob.received()).containsExactly("{\"type\":\"left\",\"room\":\"lobby\",\"name\":\"bob\"}");
        assertThat(alice.received()).containsExactly("{\"type\":\"left\",\"room\":\"lobby\",\"name\":\"bob\"}");
        alice.send("{\"type\":\"say\",\"text\":\"alone\"}");
        assertThat(bob.received()).isEmpty();
        alice.send("{\"type\":\"leave\"}");
        assertThat(rooms.rooms()).isEmpty();
        assertThat(topics.topics()).isEmpty();
    }

    @Test
    void aLostConnectionLeavesItsRoom() {
        ChatTestClient alice = joined("lobby", "alice");
        ChatTestClient bob = joined("lobby", "bob");
        alice.received();
        bob.transport.simulateConnectionLost(new ConnectionLost("reset"));
        assertThat(alice.received()).containsExactly("{\"type\":\"left\",\"room\":\"lobby\",\"name\":\"bob\"}");
        assertThat(rooms.members("lobby")).containsExactly("alice");
        assertThat(topics.subscriberCount(ChatRooms.topic("lobby"))).isEqualTo(1);
    }

    @Test
    void aTakenNameIsRefusedIgnoringCaseAndAnotherNameWorks() {
        joined("lobby", "alice");
        ChatTestClient other = new ChatTestClient(clock, rooms);
        other.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"ALICE\"}");
        assertThat(other.received()).containsExactly("{\"type\":\"error\",\"code\":\"name-taken\",\"message\":"
                + "\"someone in room \\\"lobby\\\" is already called \\\"alice\\\"; choose another name\"}");
        other.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"alice2\"}");
        assertThat(other.received()).containsExactly(
                "{\"type\":\"welcome\",\"room\":\"lobby\",\"name\":\"alice2\",\"members\":[\"alice\",\"alice2\"]}",
                "{\"type\":\"joined\",\"room\":\"lobby\",\"name\":\"alice2\"}");
    }

    @Test
    void aClientThatComesBackWithItsLastIdGetsWhatItMissedOnceAndInOrder() {
        TopicRegistry withIds = TopicRegistry.builder()
                .backplane(dev.torsion.websocket.topic.InMemoryBackplane.withHistory(3))
                .framing(new ChatFraming()).build();
        ChatRooms shared = new ChatRooms(withIds);
        ChatTestClient alice = new ChatTestClient(clock, shared);
        alice.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"alice\"}");
        ChatTestClient bob = new ChatTestClient(clock, shared);
        bob.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"bob\"}");
        bob.send("{\"type\":\"say\",\"text\":\"one\"}");
        String lastSeen = idOf(alice.received().get(3));      // welcome, joined alice, joined bob, message one
        alice.transport.simulateConnectionLost(new ConnectionLost("gone"));
        bob.send("{\"type\":\"say\",\"text\":\"two\"}");

        ChatTestClient back = new ChatTestClient(clock, shared);
        back.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"alice\",\"after\":\"" + lastSeen + "\"}");
        java.util.List<String> got = back.received();
        assertThat(got.get(0)).isEqualTo(ChatJson.welcome("lobby", "alice", java.util.List.of("bob", "alice")));
        assertThat(got.subList(1, got.size())).extracting(ChatHandlerTest::withoutId).containsExactly(
                ChatJson.left("lobby", "alice"), ChatJson.message("lobby", "bob", "two"),
                ChatJson.joined("lobby", "alice"));

        ChatTestClient late = new ChatTestClient(clock, shared);   // its id fell out of the 3 kept
        late.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"carol\",\"after\":\"" + lastSeen + "\"}");
        got = late.received();
        assertThat(got.get(1)).isEqualTo(ChatJson.gap("lobby", lastSeen));
    }

    private static String idOf(String json) {
        assertThat(json).startsWith("{\"id\":\"");
        return json.substring(7, json.indexOf('"', 7));
    }

    private static String withoutId(String json) {
        return "{" + json.substring(json.indexOf(',') + 1);
    }

    @Test
    void refusalsAreAnsweredToTheSenderAndTheConnectionCarriesOn() {
        ChatTestClient c = new ChatTestClient(clock, rooms);
        c.send("{\"type\":\"say\",\"text\":\"hello?\"}");
        c.send("{\"type\":\"leave\"}");
        c.send("not json");
        c.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"alice\",\"after\":\"yesterday\"}");
        c.sendBinary(new byte[] {1, 2, 3});
        c.send("{\"type\":\"join\",\"room\":\"lobby\",\"name\":\"alice\"}");
        c.send("{\"type\":\"join\",\"room\":\"kitchen\",\"name\":\"alice\"}");
        assertThat(c.received()).containsExactly(
                "{\"type\":\"error\",\"code\":\"not-joined\",\"message\":\"join a room before sending say "
                        + "({\\\"type\\\":\\\"join\\\",\\\"room\\\":...,\\\"name\\\":...})\"}",
                "{\"type\":\"error\",\"code\":\"not-joined\",\"message\":\"join a room before sending leave "
                        + "({\\\"type\\\":\\\"join\\\",\\\"room\\\":...,\\\"name\\\":...})\"}",
                "{\"type\":\"error\",\"code\":\"malformed-json\",\"message\":\"malformed JSON at line 1, column 4: "
                        + "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\"}",
                "{\"type\":\"error\",\"code\":\"invalid-id\",\"message\":\"\\\"after\\\" must be a message id as the "
                        + "server gave it (digits, a dash, digits), got \\\"yesterday\\\"\"}",
                "{\"type\":\"error\",\"code\":\"unsupported\",\"message\":\"binary messages are not supported; send JSON text messages\"}",
                "{\"type\":\"welcome\",\"room\":\"lobby\",\"name\":\"alice\",\"members\":[\"alice\"]}",
                "{\"type\":\"joined\",\"room\":\"lobby\",\"name\":\"alice\"}",
                "{\"type\":\"error\",\"code\":\"already-joined\",\"message\":\"already in room \\\"lobby\\\" as \\\"alice\\\"; "
                        + "send {\\\"type\\\":\\\"leave\\\"} first\"}");
        assertThat(c.transport.isDisconnecting()).isFalse();
    }
}
