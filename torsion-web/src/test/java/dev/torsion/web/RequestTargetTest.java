package dev.torsion.web;

import dev.torsion.http.HttpError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 9112 section 3.2 (request target forms) and RFC 3986 sections 2.1 and 5.2.4 (decoding, dot segments). */
class RequestTargetTest {

    @Test
    void originFormIsSplitThenDecoded() throws HttpError {
        RequestTarget t = RequestTarget.parse("/a%20b/c%2Fd/%C3%A9?x=1&y=a+b&x=2&flag&z=%26");
        assertThat(t.path).isEqualTo("/a%20b/c%2Fd/%C3%A9");
        assertThat(t.query).isEqualTo("x=1&y=a+b&x=2&flag&z=%26");
        assertThat(t.segments).containsExactly("a b", "c/d", "\u00e9");
        assertThat(t.args.get("x")).containsExactly("1", "2");
        assertThat(t.args.get("y")).containsExactly("a b");
        assertThat(t.args.get("flag")).containsExactly("");
        assertThat(t.args.get("z")).containsExactly("&");
    }

    @Test
    void rootAndTrailingSlash() throws HttpError {
        assertThat(RequestTarget.parse("/").segments).containsExactly("");
        assertThat(RequestTarget.parse("/a/").segments).containsExactly("a", "");
        assertThat(RequestTarget.parse("/a//b").segments).containsExactly("a", "", "b");
    }

    @Test
    void dotSegmentsAreResolvedIncludingEncodedOnes() throws HttpError {
        assertThat(RequestTarget.parse("/a/./b/../c").segments).containsExactly("a", "c");
        assertThat(RequestTarget.parse("/a/b/..").segments).containsExactly("a", "");
        assertThat(RequestTarget.parse("/a/%2e%2E/b").segments).containsExactly("b");
        assertThat(RequestTarget.parse("/a/%2e/b/.").segments).containsExactly("a", "b", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/../etc/passwd", "/a/../..", "/%2e%2e/x", "/a/%2E%2E/%2e%2e/x"})
    void climbingAboveTheRootIsRefused(String target) {
        assertThatThrownBy(() -> RequestTarget.parse(target)).isInstanceOf(HttpError.class)
                .extracting(e -> ((HttpError) e).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%", "/a%2", "/a%zz", "/a%00b", "/%C3", "/%FF", "/a#frag", "relative/path",
        "ftp://host/x", "http:///nohost", "/?q=%"})
    void malformedTargetsAreRefused(String target) {
        assertThatThrownBy(() -> RequestTarget.parse(target)).isInstanceOf(HttpError.class)
                .extracting(e -> ((HttpError) e).status()).isEqualTo(400);
    }

    @Test
    void absoluteFormKeepsOnlyPathAndQuery() throws HttpError {
        RequestTarget t = RequestTarget.parse("http://example.com:8080/p/q?r=s");
        assertThat(t.path).isEqualTo("/p/q");
        assertThat(t.segments).isEqualTo(List.of("p", "q"));
        assertThat(t.args.get("r")).containsExactly("s");
        assertThat(RequestTarget.parse("HTTPS://example.com").path).isEqualTo("/");
        assertThat(RequestTarget.parse("http://example.com?a=b").query).isEqualTo("a=b");
    }

    @Test
    void asteriskForm() throws HttpError {
        assertThat(RequestTarget.parse("*").segments).isEmpty();
    }
}
