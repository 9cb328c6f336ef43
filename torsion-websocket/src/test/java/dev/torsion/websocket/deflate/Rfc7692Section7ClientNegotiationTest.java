package dev.torsion.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.torsion.websocket.Role;
import dev.torsion.websocket.handshake.ExtensionHeader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7692 section 7.1 from the client's side: what it offers, and which answers it accepts. */
class Rfc7692Section7ClientNegotiationTest {

    private static PerMessageDeflateClient.Builder client() {
        return PerMessageDeflateClient.builder();
    }

    @Test
    void theDefaultOfferSaysTheClientCanCompressUnderAnyWindowTheServerAsksFor() {
        assertThat(ExtensionHeader.format(client().build().offers()))
                .isEqualTo("permessage-deflate; client_max_window_bits");
    }

    @Test
    void requestsToTheServerComeFirstWithAPlainFallback() {
        PerMessageDeflateClient deflate = client().requestServerNoContextTakeover(true)
                .clientNoContextTakeover(true).requestServerMaxWindowBits(10).build();
        assertThat(ExtensionHeader.format(deflate.offers())).isEqualTo(
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10;"
                        + " client_max_window_bits,"
                        + " permessage-deflate; client_no_context_takeover; client_max_window_bits");
    }

    @Test
    void withoutFallbackThereIsOneOffer() {
        PerMessageDeflateClient deflate = client().requestServerNoContextTakeover(true).fallback(false).build();
        assertThat(ExtensionHeader.format(deflate.offers())).isEqualTo(
                "permessage-deflate; server_no_context_takeover; client_max_window_bits");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            permessage-deflate                                             | false, false, 15, 15
            permessage-deflate; server_no_context_takeover                 | true, false, 15, 15
            permessage-deflate; client_no_context_takeover                 | false, true, 15, 15
            permessage-deflate; server_max_window_bits=9                   | false, false, 9, 15
            permessage-deflate; server_max_window_bits="12"                | false, false, 12, 15
            permessage-deflate; server_max_window_bits=8                   | false, false, 8, 15
            permessage-deflate; client_max_window_bits=15                  | false, false, 15, 15
            permessage-deflate; client_max_window_bits=12                  | false, false, 15, 12
            permessage-deflate; client_max_window_bits=8                   | false, false, 15, 8
            permessage-deflate; server_max_window_bits=12; client_max_window_bits=12 | false, false, 12, 12
            """)
    void aPlainOfferAcceptsWhatTheServerAddsOnItsOwn(String response, String expected) throws Exception {
        assertThat(agreement(client().build(), response)).isEqualTo(Optional.of(parse(expected)));
    }

    @ParameterizedTest(name = "{0} fails: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            permessage-deflate; client_max_window_bits                     | no value in a response
            permessage-deflate; client_max_window_bits=7                   | out of range
            permessage-deflate; x_unknown                                  | unknown parameter
            permessage-deflate; server_no_context_takeover; server_no_context_takeover | duplicate
            permessage-deflate; server_max_window_bits                     | missing value
            permessage-deflate; server_max_window_bits=16                  | out of range
            permessage-deflate; server_no_context_takeover=yes             | unexpected value
            permessage-deflate, permessage-deflate                         | twice
            """)
    void aBrokenAnswerFailsTheConnection(String response, String why) {
        assertThatExceptionOfType(DeflateNegotiationException.class).as(why)
                .isThrownBy(() -> agreement(client().build(), response));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            permessage-deflate; server_no_context_takeover; server_max_window_bits=10 | true, false, 10, 15
            permessage-deflate; server_no_context_takeover; server_max_window_bits=8  | true, false, 8, 15
            permessage-deflate                                                        | fails
            permessage-deflate; server_max_window_bits=10                             | fails
            permessage-deflate; server_no_context_takeover                            | fails
            permessage-deflate; server_no_context_takeover; server_max_window_bits=11 | fails
            """)
    void withoutFallbackTheAnswerMustGrantTheRequests(String response, String expected) throws Exception {
        PerMessageDeflateClient deflate = client().requestServerNoContextTakeover(true)
                .requestServerMaxWindowBits(10).fallback(false).build();
        if (expected.equals("fails")) {
            assertThatExceptionOfType(DeflateNegotiationException.class).isThrownBy(() -> agreement(deflate, response));
        } else {
            assertThat(agreement(deflate, response)).isEqualTo(Optional.of(parse(expected)));
        }
    }

    @Test
    void withFallbackAPlainAnswerIsAccepted() throws Exception {
        PerMessageDeflateClient deflate = client().requestServerMaxWindowBits(10).build();
        assertThat(agreement(deflate, "permessage-deflate")).contains(DeflateAgreement.defaults());
    }

    @Test
    void aClientThatResetsItsCompressorSaysSoAndKeepsToItWhateverTheAnswer() throws Exception {
        PerMessageDeflateClient deflate = client().clientNoContextTakeover(true).build();
        assertThat(agreement(deflate, "permessage-deflate")).contains(new DeflateAgreement(false, true, 15, 15));
    }

    @Test
    void noPermessageDeflateInTheAnswerMeansNoCompression() throws Exception {
        assertThat(client().build().accept(Handshakes.parse("x-other"))).isEmpty();
        assertThat(client().build().accept(List.of())).isEmpty();
    }

    @Test
    void theClientSideAgreementClaimsRsv1AndRepeatsTheResponse() throws Exception {
        PerMessageDeflateExtension extension = client().build()
                .accept(Handshakes.parse("permessage-deflate; server_no_context_takeover")).orElseThrow();
        assertThat(extension.role()).isEqualTo(Role.CLIENT);
        assertThat(ExtensionHeader.formatAgreed(List.of(extension)))
                .isEqualTo("permessage-deflate; server_no_context_takeover");
    }

    private static Optional<DeflateAgreement> agreement(PerMessageDeflateClient deflate, String response)
            throws DeflateNegotiationException {
        return deflate.accept(Handshakes.parse(response)).map(PerMessageDeflateExtension::agreement);
    }

    private static DeflateAgreement parse(String fields) {
        String[] f = fields.split(",\\s*");
        return new DeflateAgreement(Boolean.parseBoolean(f[0]), Boolean.parseBoolean(f[1]),
                Integer.parseInt(f[2]), Integer.parseInt(f[3]));
    }
}
