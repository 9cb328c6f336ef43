package dev.torsion.websocket.handshake;

import static dev.torsion.websocket.handshake.TestRequests.valid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.http.HttpHeaders;
import dev.torsion.websocket.handshake.HandshakeRejected.Reason;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6455 section 4.2.2: the server's 101 response, and the subprotocol it selects. */
class Rfc6455Section4_2_2ServerResponseTest {

    private static HandshakeAccepted accepted(ServerHandshake server, SimpleHandshakeRequest.Builder request) {
        HandshakeResult result = server.respond(request.build());
        assertThat(result).isInstanceOf(HandshakeAccepted.class);
        return (HandshakeAccepted) result;
    }

    @Test
    void theAnswerToTheRfcSampleIsTheRfcSampleResponse() {
        ServerHandshake server = ServerHandshake.builder().subprotocols("chat").build();
        HandshakeAccepted accepted = accepted(server, valid()
                .header("Origin", "http://example.com")
                .header("Sec-WebSocket-Protocol", "chat, superchat"));

        assertThat(accepted.status()).isEqualTo(101);
        assertThat(accepted.reasonPhrase()).isEqualTo("Switching Protocols");
        assertThat(accepted.headers()).isEqualTo(HttpHeaders.of(
                "Upgrade", "websocket",
                "Connection", "Upgrade",
                "Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
                "Sec-WebSocket-Protocol", "chat"));
        assertThat(accepted.subprotocol()).contains("chat");
        assertThat(accepted.extensions()).isEmpty();
    }

    @Test
    void withoutSubprotocolOrExtensionsOnlyTheThreeHandshakeHeadersAreSent() {
        HandshakeAccepted accepted = accepted(ServerHandshake.builder().build(), valid());
        assertThat(accepted.headers()).isEqualTo(HttpHeaders.of(
                "Upgrade", "websocket",
                "Connection", "Upgrade",
                "Sec-WebSocket-Accept", TestRequests.ACCEPT));
        assertThat(accepted.subprotocol()).isEmpty();
    }

    @ParameterizedTest(name = "offered [{0}], server prefers [{1}] -> [{2}]")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "chat, superchat      | chat             | chat",
        "chat, superchat      | superchat, chat  | superchat",
        "superchat, chat      | chat, superchat  | chat",
        "chat                 | superchat        | NONE",
        "v2.bookings, v1      | v1, v2.bookings  | v1",
        "Chat                 | chat             | NONE",
        "chat,chat, superchat | superchat        | superchat",
        "mqtt                 | mqtt, chat       | mqtt",
    })
    void theServerPicksItsFavouriteAmongTheOffered(String offered, String preferred, String expected) {
        ServerHandshake server = ServerHandshake.builder()
                .subprotocols(SubprotocolSelector.preferring(List.of(preferred.split("\\s*,\\s*"))))
                .build();
        HandshakeAccepted accepted = accepted(server, valid().header("Sec-WebSocket-Protocol", offered));
        assertThat(accepted.subprotocol()).isEqualTo(Optional.ofNullable(expected));
        assertThat(accepted.headers().get("Sec-WebSocket-Protocol")).isEqualTo(expected);
    }

    @Test
    void theSelectorSeesTheOffersInOrderAcrossRepeatedHeadersWithoutDuplicates() {
        AtomicReference<List<String>> seen = new AtomicReference<>();
        ServerHandshake server = ServerHandshake.builder()
                .subprotocols(offered -> {
                    seen.set(offered);
                    return Optional.of(offered.get(offered.size() - 1));
                })
                .build();
        HandshakeAccepted accepted = accepted(server, valid()
                .header("Sec-WebSocket-Protocol", "a,  b")
                .header("sec-websocket-protocol", "c, a"));
        assertThat(seen.get()).containsExactly("a", "b", "c");
        assertThat(accepted.subprotocol()).contains("c");
    }

    @Test
    void theSelectorIsNotAskedWhenNothingIsOffered() {
        ServerHandshake server = ServerHandshake.builder()
                .subprotocols(offered -> {
                    throw new AssertionError("asked with " + offered);
                })
                .build();
        assertThat(accepted(server, valid()).subprotocol()).isEmpty();
    }

    @Test
    void theDefaultServerSpeaksNoSubprotocolEvenIfOffered() {
        HandshakeAccepted accepted = accepted(ServerHandshake.builder().build(),
                valid().header("Sec-WebSocket-Protocol", "chat"));
        assertThat(accepted.subprotocol()).isEmpty();
        assertThat(accepted.headers().contains("Sec-WebSocket-Protocol")).isFalse();
    }

    @Test
    void choosingASubprotocolThatWasNotOfferedIsAServerErrorNotABadResponse() {
        ServerHandshake server = ServerHandshake.builder().subprotocols(offered -> Optional.of("superchat")).build();
        HandshakeResult result = server.respond(valid().header("Sec-WebSocket-Protocol", "chat").build());
        assertThat(result).isInstanceOf(HandshakeRejected.class);
        HandshakeRejected rejection = (HandshakeRejected) result;
        assertThat(rejection.status()).isEqualTo(500);
        assertThat(rejection.reason()).isEqualTo(Reason.SERVER_ERROR);
        assertThat(rejection.body()).isEqualTo("Internal server error during the WebSocket handshake");
        assertThat(rejection.cause()).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                .hasMessageContaining("superchat").hasMessageContaining("did not offer");
    }

    @Test
    void aSelectorReturningNullIsAServerError() {
        ServerHandshake server = ServerHandshake.builder().subprotocols(offered -> null).build();
        HandshakeResult result = server.respond(valid().header("Sec-WebSocket-Protocol", "chat").build());
        assertThat(result.status()).isEqualTo(500);
    }

    @Test
    void aSelectorThatThrowsIsAServerErrorWithTheCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        ServerHandshake server = ServerHandshake.builder().subprotocols(offered -> {
            throw boom;
        }).build();
        HandshakeRejected rejection =
                (HandshakeRejected) server.respond(valid().header("Sec-WebSocket-Protocol", "chat").build());
        assertThat(rejection.status()).isEqualTo(500);
        assertThat(rejection.cause()).containsSame(boom);
        assertThat(rejection.body()).doesNotContain("boom");
    }

    @Test
    void aPreferenceListMustHoldTokens() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> SubprotocolSelector.preferring("chat room"))
                .withMessageContaining("chat room");
    }

    @Test
    void theSameServerAnswersEachKeyWithItsOwnAccept() {
        ServerHandshake server = ServerHandshake.builder().build();
        for (int i = 0; i < 5; i++) {
            String key = WebSocketKey.generate();
            HandshakeResult result = server.respond(
                    TestRequests.validWithout("Sec-WebSocket-Key").header("Sec-WebSocket-Key", key).build());
            assertThat(result.headers().get("Sec-WebSocket-Accept")).isEqualTo(WebSocketKey.accept(key));
        }
    }
}
