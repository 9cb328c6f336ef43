package dev.torsion.websocket.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The header model shared by requests and answers: lookup ignoring case, repeats kept, injection refused. */
class HeaderFieldsTest {

    @Test
    void lookupIgnoresCaseAndKeepsRepeatsInOrder() {
        HeaderFields fields = HeaderFields.builder()
                .add("Connection", "keep-alive")
                .add("Host", "example.com")
                .add("connection", "Upgrade")
                .build();
        assertThat(fields.first("CONNECTION")).isEqualTo("keep-alive");
        assertThat(fields.all("Connection")).containsExactly("keep-alive", "Upgrade");
        assertThat(fields.contains("host")).isTrue();
        assertThat(fields.first("Origin")).isNull();
        assertThat(fields.all("Origin")).isEmpty();
        assertThat(fields.size()).isEqualTo(3);
    }

    @Test
    void withReturnsACopyAndLeavesTheOriginalAlone() {
        HeaderFields original = HeaderFields.builder().add("A", "1").build();
        HeaderFields more = original.with("B", "2");
        assertThat(original.asList()).containsExactly(new HeaderField("A", "1"));
        assertThat(more.asList()).containsExactly(new HeaderField("A", "1"), new HeaderField("B", "2"));
        assertThat(HeaderFields.empty().isEmpty()).isTrue();
    }

    @Test
    void theRequestViewAnswersLikeTheFields() {
        SimpleHandshakeRequest request = SimpleHandshakeRequest.builder()
                .header("Sec-WebSocket-Protocol", "a").header("sec-websocket-protocol", "b").build();
        assertThat(request.header("SEC-WEBSOCKET-PROTOCOL")).isEqualTo("a");
        assertThat(request.headerValues("Sec-WebSocket-Protocol")).containsExactly("a", "b");
        assertThat(request.headerValues("Missing")).isEmpty();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.httpVersion()).isEqualTo("HTTP/1.1");
        assertThat(request.target()).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nX-Evil: 1", "a\nb", "a\rb", "nul\u0000", "del\u007f", "snowman \u2603", " lead",
        "trail "})
    void valuesThatCouldBreakTheMessageAreRefused(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new HeaderField("X-Test", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bad Name", "Colon:", "Tab\t", "Ünicode"})
    void namesThatAreNotTokensAreRefused(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> new HeaderField(name, "x"));
    }

    @Test
    void tabsQuotesAndLatin1InValuesAreAllowed() {
        assertThat(new HeaderField("X-Test", "a\tb \"c\" caf\u00e9").value()).isEqualTo("a\tb \"c\" caf\u00e9");
        assertThat(new HeaderField("X-Test", "").value()).isEmpty();
    }
}
