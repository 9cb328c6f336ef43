package dev.torsion.websocket.handshake;

import static dev.torsion.websocket.handshake.TestRequests.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** RFC 6455 section 9.1: the server accepts some of the offered extensions and says so in its response. */
class Rfc6455Section9_1ExtensionNegotiationTest {

    /** A negotiator that records what it was offered and answers with {@code answer}. */
    private static final class RecordingNegotiator implements ExtensionNegotiator {
        private final String name;
        private final Function<List<ExtensionOffer>, Optional<NegotiatedExtension>> answer;
        private final List<List<ExtensionOffer>> calls = new ArrayList<>();

        RecordingNegotiator(String name, Function<List<ExtensionOffer>, Optional<NegotiatedExtension>> answer) {
            this.name = name;
            this.answer = answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<NegotiatedExtension> negotiate(List<ExtensionOffer> offers) {
            calls.add(offers);
            return answer.apply(offers);
        }
    }

    /** Accepts the first offer that has no parameters other than those listed, echoing them. */
    private static RecordingNegotiator acceptingFirstWithOnly(String name, Set<ReservedBit> bits, String... known) {
        Set<String> understood = Set.of(known);
        return new RecordingNegotiator(name, offers -> offers.stream()
                .filter(offer -> offer.parameters().stream().allMatch(p -> understood.contains(p.name())))
                .findFirst()
                .map(offer -> NegotiatedExtension.of(name, offer.parameters(), bits)));
    }

    private static HandshakeResult respond(SimpleHandshakeRequest.Builder request, ExtensionNegotiator... negotiators) {
        ServerHandshake.Builder server = ServerHandshake.builder();
        for (ExtensionNegotiator negotiator : negotiators) {
            server.extension(negotiator);
        }
        return server.build().respond(request.build());
    }

    @Test
    void theNegotiatorSeesOnlyItsOffersInTheClientsOrder() {
        RecordingNegotiator deflate = acceptingFirstWithOnly("permessage-deflate", Set.of(ReservedBit.RSV1),
                "server_no_context_takeover");
        respond(valid().header("Sec-WebSocket-Extensions",
                "permessage-deflate; client_max_window_bits, x-other, permessage-deflate; server_no_context_takeover"),
                deflate);
        assertThat(deflate.calls).containsExactly(List.of(
                ExtensionOffer.of("permessage-deflate", ExtensionParameter.of("client_max_window_bits")),
                ExtensionOffer.of("permessage-deflate", ExtensionParameter.of("server_no_context_takeover"))));
    }

    @Test
    void anAcceptedOfferIsAnsweredInTheResponseAndReportedWithItsBits() {
        RecordingNegotiator deflate = acceptingFirstWithOnly("permessage-deflate", Set.of(ReservedBit.RSV1),
                "server_no_context_takeover");
        HandshakeResult result = respond(valid().header("Sec-WebSocket-Extensions",
                "permessage-deflate; client_max_window_bits, permessage-deflate; server_no_context_takeover"),
                deflate);

        assertThat(result).isInstanceOf(HandshakeAccepted.class);
        HandshakeAccepted accepted = (HandshakeAccepted) result;
        assertThat(accepted.headers().getAll("Sec-WebSocket-Extensions"))
                .containsExactly("permessage-deflate; server_no_context_takeover");
        assertThat(accepted.extensions()).singleElement().satisfies(extension -> {
            assertThat(extension.name()).isEqualTo("permessage-deflate");
            assertThat(extension.parameters()).containsExactly(ExtensionParameter.of("server_no_context_takeover"));
            assertThat(extension.reservedBits()).containsExactly(ReservedBit.RSV1);
        });
    }

    @Test
    void aDeclinedOfferLeavesTheHeaderOut() {
        RecordingNegotiator declining = new RecordingNegotiator("permessage-deflate", offers -> Optional.empty());
        HandshakeAccepted accepted = (HandshakeAccepted) respond(
                valid().header("Sec-WebSocket-Extensions", "permessage-deflate"), declining);
        assertThat(accepted.headers().contains("Sec-WebSocket-Extensions")).isFalse();
        assertThat(accepted.extensions()).isEmpty();
        assertThat(declining.calls).hasSize(1);
    }

    @Test
    void aNegotiatorIsNotAskedWhenItsExtensionIsNotOffered() {
        RecordingNegotiator deflate = acceptingFirstWithOnly("permessage-deflate", Set.of(ReservedBit.RSV1));
        respond(valid().header("Sec-WebSocket-Extensions", "x-webkit-deflate-frame"), deflate);
        respond(valid(), deflate);
        assertThat(deflate.calls).isEmpty();
    }

    @Test
    void extensionNamesMatchIgnoringCaseAndTheResponseUsesTheServersSpelling() {
        RecordingNegotiator deflate = acceptingFirstWithOnly("permessage-deflate", Set.of(ReservedBit.RSV1));
        HandshakeResult result = respond(valid().header("Sec-WebSocket-Extensions", "PerMessage-Deflate"), deflate);
        assertThat(result.headers().get("Sec-WebSocket-Extensions")).isEqualTo("permessage-deflate");
    }

    @Test
    void aMalformedHeaderDeclinesEveryExtensionButTheHandshakeSucceeds() {
        RecordingNegotiator deflate = acceptingFirstWithOnly("permessage-deflate", Set.of(ReservedBit.RSV1));
        HandshakeResult result = respond(valid()
                .header("Sec-WebSocket-Extensions", "permessage-deflate")
                .header("Sec-WebSocket-Extensions", "x-foo; bits=\"not a token\""), deflate);
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.headers().contains("Sec-WebSocket-Extensions")).isFalse();
        assertThat(deflate.calls).isEmpty();
    }

    @Test
    void agreedExtensionsAreListedInTheClientsOrderWhateverTheServersOrder() {
        RecordingNegotiator first = acceptingFirstWithOnly("x-first", Set.of(ReservedBit.RSV2));
        RecordingNegotiator second = acceptingFirstWithOnly("x-second", Set.of(ReservedBit.RSV3));
        HandshakeAccepted accepted = (HandshakeAccepted) respond(
                valid().header("Sec-WebSocket-Extensions", "x-second, x-first"), first, second);
        assertThat(accepted.headers().get("Sec-WebSocket-Extensions")).isEqualTo("x-second, x-first");
        assertThat(accepted.extensions()).extracting(NegotiatedExtension::name).containsExactly("x-second", "x-first");
    }

    @Test
    void twoExtensionsClaimingOneReservedBitCannotBothBeAgreed() {
        RecordingNegotiator deflate = acceptingFirstWithOnly("permessage-deflate", Set.of(ReservedBit.RSV1));
        RecordingNegotiator other = acceptingFirstWithOnly("x-compress", Set.of(ReservedBit.RSV1));
        HandshakeAccepted accepted = (HandshakeAccepted) respond(
                valid().header("Sec-WebSocket-Extensions", "x-compress, permessage-deflate"), deflate, other);
        assertThat(accepted.extensions()).extracting(NegotiatedExtension::name).containsExactly("permessage-deflate");
        assertThat(accepted.headers().get("Sec-WebSocket-Extensions")).isEqualTo("permessage-deflate");
    }

    @Test
    void extensionsWithoutReservedBitsCoexist() {
        RecordingNegotiator a = acceptingFirstWithOnly("x-a", Set.of());
        RecordingNegotiator b = acceptingFirstWithOnly("x-b", Set.of());
        HandshakeAccepted accepted = (HandshakeAccepted) respond(
                valid().header("Sec-WebSocket-Extensions", "x-a, x-b"), a, b);
        assertThat(accepted.extensions()).hasSize(2);
    }

    @Test
    void aNegotiatorAgreeingToAnotherExtensionIsAServerError() {
        RecordingNegotiator liar = new RecordingNegotiator("permessage-deflate",
                offers -> Optional.of(NegotiatedExtension.of("x-other", List.of(), Set.of())));
        HandshakeResult result = respond(valid().header("Sec-WebSocket-Extensions", "permessage-deflate"), liar);
        assertThat(result.status()).isEqualTo(500);
        assertThat(((HandshakeRejected) result).cause()).get()
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
                .hasMessageContaining("x-other");
    }

    @Test
    void aNegotiatorReturningNullOrThrowingIsAServerError() {
        RecordingNegotiator nullAnswer = new RecordingNegotiator("x-a", offers -> null);
        assertThat(respond(valid().header("Sec-WebSocket-Extensions", "x-a"), nullAnswer).status()).isEqualTo(500);
        RecordingNegotiator throwing = new RecordingNegotiator("x-a", offers -> {
            throw new IllegalStateException("deflater pool exhausted");
        });
        HandshakeRejected rejection = (HandshakeRejected) respond(
                valid().header("Sec-WebSocket-Extensions", "x-a"), throwing);
        assertThat(rejection.status()).isEqualTo(500);
        assertThat(rejection.body()).doesNotContain("deflater");
    }

    @Test
    void oneNegotiatorPerExtensionName() {
        ServerHandshake.Builder builder = ServerHandshake.builder()
                .extension(acceptingFirstWithOnly("permessage-deflate", Set.of(ReservedBit.RSV1)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.extension(acceptingFirstWithOnly("PERMESSAGE-DEFLATE", Set.of())))
                .withMessageContaining("already has a negotiator");
    }

    @Test
    void reservedBitsHaveTheirFrameHeaderMasks() {
        assertThat(ReservedBit.RSV1.mask()).isEqualTo(0x40);
        assertThat(ReservedBit.RSV2.mask()).isEqualTo(0x20);
        assertThat(ReservedBit.RSV3.mask()).isEqualTo(0x10);
    }
}
