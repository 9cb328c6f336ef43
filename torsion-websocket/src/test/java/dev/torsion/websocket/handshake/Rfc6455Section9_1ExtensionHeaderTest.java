package dev.torsion.websocket.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 6455 sections 9.1 and 11.3.2: the grammar of {@code Sec-WebSocket-Extensions}. */
class Rfc6455Section9_1ExtensionHeaderTest {

    private static final ExtensionParameter CLIENT_BITS = ExtensionParameter.of("client_max_window_bits");

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("foo", List.of(ExtensionOffer.of("foo"))),
                Arguments.of("foo, bar", List.of(ExtensionOffer.of("foo"), ExtensionOffer.of("bar"))),
                Arguments.of("foo,bar", List.of(ExtensionOffer.of("foo"), ExtensionOffer.of("bar"))),
                Arguments.of("permessage-deflate; client_max_window_bits",
                        List.of(ExtensionOffer.of("permessage-deflate", CLIENT_BITS))),
                Arguments.of("permessage-deflate;client_max_window_bits=10;server_no_context_takeover",
                        List.of(ExtensionOffer.of("permessage-deflate",
                                ExtensionParameter.of("client_max_window_bits", "10"),
                                ExtensionParameter.of("server_no_context_takeover")))),
                Arguments.of("permessage-deflate; client_max_window_bits=\"10\"",
                        List.of(ExtensionOffer.of("permessage-deflate",
                                ExtensionParameter.of("client_max_window_bits", "10")))),
                Arguments.of("x; a=\"b\\c\"",
                        List.of(ExtensionOffer.of("x", ExtensionParameter.of("a", "bc")))),
                Arguments.of("x ;\ta = 1 ; b , y",
                        List.of(ExtensionOffer.of("x", ExtensionParameter.of("a", "1"), ExtensionParameter.of("b")),
                                ExtensionOffer.of("y"))),
                Arguments.of("foo, , bar,", List.of(ExtensionOffer.of("foo"), ExtensionOffer.of("bar"))),
                Arguments.of("", List.of()),
                Arguments.of(", ,", List.of()),
                Arguments.of("mux; max-channels=4; flow-control, deflate-stream",
                        List.of(ExtensionOffer.of("mux", ExtensionParameter.of("max-channels", "4"),
                                        ExtensionParameter.of("flow-control")),
                                ExtensionOffer.of("deflate-stream"))),
                Arguments.of("permessage-deflate; client_max_window_bits, permessage-deflate",
                        List.of(ExtensionOffer.of("permessage-deflate", CLIENT_BITS),
                                ExtensionOffer.of("permessage-deflate"))));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("wellFormed")
    void wellFormedHeadersParse(String header, List<ExtensionOffer> expected) throws MalformedHeaderException {
        assertThat(ExtensionHeader.parse(List.of(header))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] fails at {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "foo bar                  | 4  | expected ',' or ';'",
        "foo;                     | 4  | expected a parameter name",
        "foo; ;a                  | 5  | expected a parameter name",
        "foo; a=                  | 7  | expected a parameter value",
        "foo; a==1                | 7  | expected a parameter value",
        "foo; a=\"1               | 7  | unterminated quoted string",
        "foo; a=\"1\\             | 7  | unterminated quoted string",
        "foo; a=\"quoted value\"  | 7  | quoted parameter value must unquote to a token",
        "foo; a=\"\"              | 7  | quoted parameter value must unquote to a token",
        "foo; a=\"x\"y            | 10 | expected ',' or ';'",
        ";a                       | 0  | expected an extension name",
        "\"foo\"                  | 0  | expected an extension name",
        "foo; a=b=c               | 8  | expected ',' or ';'",
        "foo/1                    | 3  | expected ',' or ';'",
        "fo\u00e9                 | 2  | expected ',' or ';'",
    })
    void malformedHeadersFailWithThePosition(String header, int index, String problem) {
        assertThatThrownBy(() -> ExtensionHeader.parse(List.of(header)))
                .isInstanceOfSatisfying(MalformedHeaderException.class, e -> {
                    assertThat(e.index()).isEqualTo(index);
                    assertThat(e.headerName()).isEqualTo("Sec-WebSocket-Extensions");
                    assertThat(e.getMessage()).isEqualTo("Sec-WebSocket-Extensions: " + problem + " at index " + index);
                });
    }

    @Test
    void aControlCharacterInAQuotedStringIsMalformed() {
        assertThatThrownBy(() -> ExtensionHeader.parse(List.of("foo; a=\"1\u00012\"")))
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageContaining("control character");
    }

    @Test
    void repeatedHeadersAreOneListInOrder() throws MalformedHeaderException {
        assertThat(ExtensionHeader.parse(List.of("foo; a=1", "bar, baz")))
                .containsExactly(ExtensionOffer.of("foo", ExtensionParameter.of("a", "1")),
                        ExtensionOffer.of("bar"), ExtensionOffer.of("baz"));
    }

    @Test
    void noHeaderMeansNoOffers() throws MalformedHeaderException {
        assertThat(ExtensionHeader.parse(List.of())).isEmpty();
    }

    @Test
    void formattingWritesCanonicalElements() {
        assertThat(ExtensionHeader.format(List.of(
                ExtensionOffer.of("permessage-deflate", ExtensionParameter.of("client_max_window_bits", "10"),
                        ExtensionParameter.of("server_no_context_takeover")),
                ExtensionOffer.of("x-foo"))))
                .isEqualTo("permessage-deflate; client_max_window_bits=10; server_no_context_takeover, x-foo");
        assertThat(ExtensionHeader.format(List.of())).isEmpty();
    }

    @Test
    void formattedHeadersParseBackToTheSameOffers() throws MalformedHeaderException {
        List<ExtensionOffer> offers = List.of(
                ExtensionOffer.of("permessage-deflate", CLIENT_BITS, ExtensionParameter.of("server_max_window_bits", "9")),
                ExtensionOffer.of("permessage-deflate"));
        assertThat(ExtensionHeader.parse(List.of(ExtensionHeader.format(offers)))).isEqualTo(offers);
    }

    @Test
    void parametersAreFoundIgnoringCase() {
        ExtensionOffer offer = ExtensionOffer.of("permessage-deflate", ExtensionParameter.of("Client_Max_Window_Bits", "12"));
        assertThat(offer.parameter("client_max_window_bits")).contains(ExtensionParameter.of("Client_Max_Window_Bits", "12"));
        assertThat(offer.parameter("server_max_window_bits")).isEmpty();
        assertThat(offer.hasName("PERMESSAGE-DEFLATE")).isTrue();
    }

    @Test
    void theModelOnlyHoldsTokens() {
        assertThatIllegalArgumentException().isThrownBy(() -> ExtensionParameter.of("a b"));
        assertThatIllegalArgumentException().isThrownBy(() -> ExtensionParameter.of("a", "quoted value"));
        assertThatIllegalArgumentException().isThrownBy(() -> ExtensionOffer.of("x,y"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NegotiatedExtension.of("x;y", List.of(), java.util.Set.of()));
    }
}
