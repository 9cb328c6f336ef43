package dev.torsion.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.torsion.websocket.Role;
import dev.torsion.websocket.handshake.ExtensionHeader;
import dev.torsion.websocket.handshake.ExtensionOffer;
import dev.torsion.websocket.handshake.ExtensionParameter;
import dev.torsion.websocket.handshake.NegotiatedExtension;
import dev.torsion.websocket.handshake.ReservedBit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 7692 section 7.1: the server's negotiation of permessage-deflate, as tables of offer in, answer out
 * ({@code declined} when no offer is accepted). Offers are in the client's order of preference.
 */
class Rfc7692Section7NegotiationTest {

    /** A server that adds nothing of its own, so answers show what the client's offer alone yields. */
    private static final PerMessageDeflateServer PLAIN = PerMessageDeflateServer.builder()
            .serverNoContextTakeover(false).build();

    private static String answer(PerMessageDeflateServer server, String offersHeader) {
        Optional<NegotiatedExtension> agreed = server.negotiate(Handshakes.parse(offersHeader));
        return agreed.map(extension -> ExtensionHeader.formatAgreed(List.of(extension))).orElse("declined");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            permessage-deflate                                               | permessage-deflate
            permessage-deflate; server_no_context_takeover                   | permessage-deflate; server_no_context_takeover
            permessage-deflate; client_no_context_takeover                   | permessage-deflate; client_no_context_takeover
            permessage-deflate; server_max_window_bits=15                    | permessage-deflate; server_max_window_bits=15
            permessage-deflate; server_max_window_bits="15"                  | permessage-deflate; server_max_window_bits=15
            permessage-deflate; server_max_window_bits=14                    | permessage-deflate; server_max_window_bits=14
            permessage-deflate; server_max_window_bits=9                     | permessage-deflate; server_max_window_bits=9
            permessage-deflate; server_max_window_bits=8                     | permessage-deflate; server_max_window_bits=8
            permessage-deflate; server_no_context_takeover; server_max_window_bits=9 | permessage-deflate; server_no_context_takeover; server_max_window_bits=9
            permessage-deflate; client_max_window_bits                       | permessage-deflate
            permessage-deflate; client_max_window_bits=10                    | permessage-deflate; client_max_window_bits=10
            permessage-deflate; client_max_window_bits="8"                   | permessage-deflate; client_max_window_bits=8
            permessage-deflate; client_max_window_bits=15                    | permessage-deflate
            permessage-deflate; SERVER_NO_CONTEXT_TAKEOVER                   | permessage-deflate; server_no_context_takeover
            permessage-deflate;server_no_context_takeover;client_no_context_takeover;server_max_window_bits=15;client_max_window_bits=9 | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15; client_max_window_bits=9
            """)
    void anAcceptableOfferIsAnsweredWithTheParametersInForce(String offer, String expected) {
        assertThat(answer(PLAIN, offer)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> declined")
    @CsvSource(delimiter = '|', textBlock = """
            permessage-deflate; x_unknown                           | unknown parameter
            permessage-deflate; server_no_context_takeover; server_no_context_takeover | duplicate
            permessage-deflate; client_max_window_bits; client_max_window_bits=10     | duplicate
            permessage-deflate; server_max_window_bits=15; server_max_window_bits=15  | duplicate
            permessage-deflate; server_no_context_takeover=1        | value on a parameter that takes none
            permessage-deflate; client_no_context_takeover="x"      | value on a parameter that takes none
            permessage-deflate; server_max_window_bits              | missing value
            permessage-deflate; server_max_window_bits=7            | out of range
            permessage-deflate; server_max_window_bits=16           | out of range
            permessage-deflate; server_max_window_bits=08           | leading zero
            permessage-deflate; server_max_window_bits=015          | leading zero
            permessage-deflate; client_max_window_bits=0            | out of range
            permessage-deflate; client_max_window_bits=abc          | not a number
            permessage-deflate; client_max_window_bits=99999999999  | not a number in range
            permessage-deflate; client_max_window_bits=-9           | not a number in range
            """)
    void aMalformedOfferIsDeclined(String offer, String why) {
        assertThat(answer(PLAIN, offer)).as(why).isEqualTo("declined");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            permessage-deflate; server_max_window_bits=10, permessage-deflate                         | permessage-deflate; server_max_window_bits=10
            permessage-deflate; x_unknown, permessage-deflate; client_no_context_takeover            | permessage-deflate; client_no_context_takeover
            permessage-deflate; server_no_context_takeover, permessage-deflate                       | permessage-deflate; server_no_context_takeover
            permessage-deflate; server_max_window_bits=9, permessage-deflate; server_max_window_bits=12, permessage-deflate; server_max_window_bits=15 | permessage-deflate; server_max_window_bits=9
            permessage-deflate; server_max_window_bits=08, permessage-deflate; server_max_window_bits=12 | permessage-deflate; server_max_window_bits=12
            """)
    void theFirstAcceptableOfferWinsAndTheRestAreDeclined(String offers, String expected) {
        assertThat(answer(PLAIN, offers)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            permessage-deflate                                | permessage-deflate; server_no_context_takeover
            permessage-deflate; server_no_context_takeover    | permessage-deflate; server_no_context_takeover
            permessage-deflate; client_max_window_bits        | permessage-deflate; server_no_context_takeover
            """)
    void theDefaultServerResetsItsCompressorAfterEveryMessage(String offer, String expected) {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder().build()) {
            assertThat(answer(server, offer)).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            permessage-deflate                                | permessage-deflate; client_no_context_takeover
            permessage-deflate; client_no_context_takeover    | permessage-deflate; client_no_context_takeover
            """)
    void theServerMayAskTheClientToResetItsCompressor(String offer, String expected) {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder().serverNoContextTakeover(false)
                .requestClientNoContextTakeover(true).build()) {
            assertThat(answer(server, offer)).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            permessage-deflate; client_max_window_bits        | permessage-deflate; client_max_window_bits=10
            permessage-deflate; client_max_window_bits=12     | permessage-deflate; client_max_window_bits=10
            permessage-deflate; client_max_window_bits=9      | permessage-deflate; client_max_window_bits=9
            permessage-deflate                                | permessage-deflate
            """)
    void theServerLimitsTheClientWindowOnlyWhenTheClientAllowedIt(String offer, String expected) {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder().serverNoContextTakeover(false)
                .clientMaxWindowBits(10).build()) {
            assertThat(answer(server, offer)).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            permessage-deflate                                | permessage-deflate; server_max_window_bits=12
            permessage-deflate; server_max_window_bits=15     | permessage-deflate; server_max_window_bits=12
            permessage-deflate; server_max_window_bits=10     | permessage-deflate; server_max_window_bits=10
            permessage-deflate; client_max_window_bits        | permessage-deflate; server_max_window_bits=12
            """)
    void aServerMayCompressWithASmallerWindowThanOfferedAndSaysSo(String offer, String expected) {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder().serverNoContextTakeover(false)
                .serverMaxWindowBits(12).build()) {
            assertThat(answer(server, offer)).isEqualTo(expected);
            PerMessageDeflateExtension agreed = (PerMessageDeflateExtension) server.negotiate(Handshakes.parse(offer))
                    .orElseThrow();
            assertThat(agreed.agreement().serverMaxWindowBits()).isEqualTo(expected.endsWith("=10") ? 10 : 12);
        }
    }

    @Test
    void aServerWindowOutsideEightToFifteenIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> PerMessageDeflateServer.builder().serverMaxWindowBits(7));
        assertThatIllegalArgumentException().isThrownBy(() -> PerMessageDeflateServer.builder().serverMaxWindowBits(16));
    }

    @Test
    void aClientWindowOfEightBitsIsNotRequestedBecauseZlibCannotCompressWithIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> PerMessageDeflateServer.builder().clientMaxWindowBits(8));
        assertThatIllegalArgumentException().isThrownBy(() -> PerMessageDeflateServer.builder().clientMaxWindowBits(16));
    }

    @Test
    void theAgreementClaimsRsv1AndCarriesTheAgreedSettings() {
        NegotiatedExtension agreed = PLAIN.negotiate(Handshakes.parse(
                "permessage-deflate; client_no_context_takeover; client_max_window_bits=11")).orElseThrow();
        assertThat(agreed.reservedBits()).containsExactly(ReservedBit.RSV1);
        assertThat(agreed).isInstanceOf(PerMessageDeflateExtension.class);
        PerMessageDeflateExtension deflate = (PerMessageDeflateExtension) agreed;
        assertThat(deflate.role()).isEqualTo(Role.SERVER);
        assertThat(deflate.agreement()).isEqualTo(new DeflateAgreement(false, true, 15, 11));
    }

    @Test
    void theServerHandshakeAnswersWithTheAgreementInItsResponse() throws Exception {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder().build();
             PerMessageDeflateClient client = PerMessageDeflateClient.builder().build()) {
            Handshakes.Agreed agreed = Handshakes.negotiate(server, client);
            assertThat(agreed.responseHeader()).isEqualTo("permessage-deflate; server_no_context_takeover");
            assertThat(agreed.client().agreement()).isEqualTo(agreed.server().agreement());
        }
    }

    @Test
    void randomOffersAreAnsweredOrDeclinedButNeverCrash() {
        String[] names = {"server_no_context_takeover", "client_no_context_takeover", "server_max_window_bits",
                "client_max_window_bits", "x", "SERVER_MAX_WINDOW_BITS"};
        String[] values = {null, null, "8", "9", "15", "16", "0", "07", "a", "1_5", "99999999999999999999"};
        Random random = new Random(7692);
        for (int i = 0; i < 5000; i++) {
            List<ExtensionOffer> offers = new ArrayList<>();
            for (int o = random.nextInt(3) + 1; o > 0; o--) {
                List<ExtensionParameter> parameters = new ArrayList<>();
                for (int p = random.nextInt(5); p > 0; p--) {
                    parameters.add(new ExtensionParameter(names[random.nextInt(names.length)],
                            values[random.nextInt(values.length)]));
                }
                offers.add(new ExtensionOffer("permessage-deflate", parameters));
            }
            Optional<NegotiatedExtension> answer = PLAIN.negotiate(offers);
            answer.ifPresent(extension -> {
                DeflateAgreement agreement = ((PerMessageDeflateExtension) extension).agreement();
                assertThat(agreement.serverMaxWindowBits()).as(offers.toString()).isBetween(8, 15);
                assertThat(agreement.clientMaxWindowBits()).as(offers.toString()).isBetween(8, 15);
                ((PerMessageDeflateExtension) extension).newCodec(1000).release(); // every agreement is usable
            });
        }
    }
}
