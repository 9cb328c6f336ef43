package dev.torsion.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9110 section 5.6: tokens, optional whitespace and comma-separated lists. */
class HttpTokensTest {

    @Test
    void tokensAreVisibleAsciiWithoutDelimiters() {
        assertThat(HttpTokens.isToken("permessage-deflate")).isTrue();
        assertThat(HttpTokens.isToken("!#$%&'*+-.^_`|~09azAZ")).isTrue();
        assertThat(HttpTokens.isToken("")).isFalse();
        assertThat(HttpTokens.isToken(null)).isFalse();
        for (String bad : List.of("a b", "a,b", "a;b", "a=b", "\"a\"", "a/b", "caf\u00e9", "a\tb")) {
            assertThat(HttpTokens.isToken(bad)).as(bad).isFalse();
        }
    }

    @Test
    void listElementsAreTrimmedAndEmptyOnesDropped() {
        assertThat(HttpTokens.listElements(List.of("a, , b", "\tc ,", ""))).containsExactly("a", "b", "c");
        assertThat(HttpTokens.trimWhitespace(" \t x y\t ")).isEqualTo("x y");
    }

    @Test
    void listMembershipIgnoresCaseAndWhitespace() {
        assertThat(HttpTokens.listContains("keep-alive,  Upgrade ", "upgrade")).isTrue();
        assertThat(HttpTokens.listContains("keep-alive, Upgraded", "upgrade")).isFalse();
        assertThat(HttpTokens.listContains("", "upgrade")).isFalse();
        assertThat(HttpTokens.containsTokenIgnoreCase(List.of("close", "x, UPGRADE"), "Upgrade")).isTrue();
        assertThat(HttpTokens.containsTokenIgnoreCase(List.of(), "Upgrade")).isFalse();
    }

    @Test
    void commonNamesComeBackShared() {
        byte[] host = "hOST".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(HttpTokens.headerName(host, 4)).isSameAs("Host");
        byte[] get = "GET".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(HttpTokens.method(get, 3)).isSameAs("GET");
        assertThat(HttpTokens.method("get".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 3)).isEqualTo("get");
    }
}
