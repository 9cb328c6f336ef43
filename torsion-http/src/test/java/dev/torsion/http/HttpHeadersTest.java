package dev.torsion.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one header model of requests, responses and handshakes: lookup ignoring case, repeats kept, injection refused. */
class HttpHeadersTest {

    @Test
    void lookupIgnoresCaseAndKeepsRepeatsInOrder() {
        HttpHeaders fields = new HttpHeaders()
                .add("Connection", "keep-alive")
                .add("Host", "example.com")
                .add("connection", "Upgrade");
        assertThat(fields.get("CONNECTION")).isEqualTo("keep-alive");
        assertThat(fields.getAll("Connection")).containsExactly("keep-alive", "Upgrade");
        assertThat(fields.contains("host")).isTrue();
        assertThat(fields.get("Origin")).isNull();
        assertThat(fields.getAll("Origin")).isEmpty();
        assertThat(fields.size()).isEqualTo(3);
        assertThat(fields.count("connection")).isEqualTo(2);
        assertThat(fields.containsToken("Connection", "upgrade")).isTrue();
        assertThat(fields.containsToken("Connection", "close")).isFalse();
    }

    @Test
    void setReplacesEveryFieldOfTheNameAndRemoveDropsThem() {
        HttpHeaders h = new HttpHeaders().add("A", "1").add("B", "2").add("a", "3");
        h.set("A", "4");
        assertThat(h.getAll("a")).containsExactly("4");
        assertThat(h.name(0)).isEqualTo("B");
        assertThat(h.remove("b")).isTrue();
        assertThat(h.remove("b")).isFalse();
        assertThat(h.size()).isEqualTo(1);
    }

    @Test
    void aReadOnlyCopyAnswersLikeTheOriginalAndRefusesChanges() {
        HttpHeaders original = new HttpHeaders().add("Sec-WebSocket-Protocol", "chat").add("X-Trace", "caf\u00e9")
                .add("x-trace", "");
        HttpHeaders copy = original.compact();
        original.add("Later", "x");
        assertThat(copy.isReadOnly()).isTrue();
        assertThat(copy.readOnly()).isSameAs(copy);
        assertThat(copy.compact()).isSameAs(copy);
        assertThat(copy.getAll("X-TRACE")).containsExactly("caf\u00e9", "");
        assertThat(copy.get("sec-websocket-protocol")).isEqualTo("chat");
        assertThat(copy.contains("Later")).isFalse();
        assertThat(copy.packedSize()).isGreaterThan(0);
        List<String> seen = new ArrayList<>();
        copy.forEach((n, v) -> seen.add(n + "=" + v));
        assertThat(seen).containsExactly("Sec-WebSocket-Protocol=chat", "X-Trace=caf\u00e9", "x-trace=");
        assertThatThrownBy(() -> copy.add("A", "1")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.remove("X-Trace")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(copy).isEqualTo(new HttpHeaders().add("Sec-WebSocket-Protocol", "chat")
                .add("X-Trace", "caf\u00e9").add("x-trace", ""));
        assertThat(HttpHeaders.empty().isEmpty()).isTrue();
        assertThat(new HttpHeaders().readOnly()).isSameAs(HttpHeaders.empty());
        assertThat(new HttpHeaders().compact()).isSameAs(HttpHeaders.empty());
        HttpHeaders frozen = new HttpHeaders().add("A", "1").readOnly();
        assertThat(frozen.isReadOnly()).isTrue();
        assertThat(frozen.packedSize()).isZero();
        assertThat(frozen.compact().get("a")).isEqualTo("1");
        assertThatThrownBy(() -> frozen.set("A", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofMakesAReadOnlyList() {
        HttpHeaders h = HttpHeaders.of("Allow", "GET", "Sec-WebSocket-Version", "13");
        assertThat(h.isReadOnly()).isTrue();
        assertThat(h.get("allow")).isEqualTo("GET");
        assertThat(h.value(1)).isEqualTo("13");
        assertThatIllegalArgumentException().isThrownBy(() -> HttpHeaders.of("Allow"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nX-Evil: 1", "a\nb", "a\rb", "nul\u0000", "del\u007f", "snowman \u2603", " lead",
        "trail "})
    void valuesThatCouldBreakTheMessageAreRefused(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new HttpHeaders().add("X-Test", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bad Name", "Colon:", "Tab\t", "\u00dcnicode"})
    void namesThatAreNotTokensAreRefused(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> new HttpHeaders().add(name, "x"));
    }

    @Test
    void tabsQuotesAndLatin1InValuesAreAllowed() {
        assertThat(new HttpHeaders().add("X-Test", "a\tb \"c\" caf\u00e9").get("X-Test")).isEqualTo("a\tb \"c\" caf\u00e9");
        assertThat(new HttpHeaders().add("X-Test", "").get("X-Test")).isEmpty();
    }
}
