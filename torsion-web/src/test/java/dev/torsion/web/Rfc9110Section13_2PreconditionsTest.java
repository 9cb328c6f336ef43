package dev.torsion.web;

import dev.torsion.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.torsion.web.Preconditions.Outcome.NOT_MODIFIED;
import static dev.torsion.web.Preconditions.Outcome.PRECONDITION_FAILED;
import static dev.torsion.web.Preconditions.Outcome.PROCEED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9110 sections 13.1 and 13.2: each conditional field evaluated alone, then the order of section 13.2.2
 * (If-Match before If-Unmodified-Since before If-None-Match before If-Modified-Since, then If-Range), with the
 * comparison each one uses and the fields that must be ignored.
 */
class Rfc9110Section13_2PreconditionsTest {

    /** Thu, 02 Jan 2020 03:04:05 GMT. */
    private static final long MODIFIED = 1577934245L;
    private static final String AT = "Thu, 02 Jan 2020 03:04:05 GMT";
    private static final String BEFORE = "Thu, 02 Jan 2020 03:04:04 GMT";
    private static final String AFTER = "Thu, 02 Jan 2020 03:04:06 GMT";
    private static final Preconditions CURRENT = Preconditions.of("\"v2\"", MODIFIED);
    private static final Preconditions WEAK = Preconditions.of("W/\"v2\"", MODIFIED);

    private static HttpHeaders headers(String... nameValue) {
        HttpHeaders h = new HttpHeaders();
        for (int i = 0; i < nameValue.length; i += 2) {
            h.add(nameValue[i], nameValue[i + 1]);
        }
        return h;
    }

    // ---------------------------------------------------------------- 13.1.1 If-Match

    @Test
    void ifMatchUsesStrongComparison() {
        assertThat(CURRENT.evaluate("GET", headers("If-Match", "\"v2\""))).isEqualTo(PROCEED);
        assertThat(CURRENT.evaluate("PUT", headers("If-Match", "\"v1\", \"v2\""))).isEqualTo(PROCEED);
        assertThat(CURRENT.evaluate("PUT", headers("If-Match", "\"x\""))).isEqualTo(PRECONDITION_FAILED);
        assertThat(CURRENT.evaluate("GET", headers("If-Match", "\"x\""))).as("412 for GET too").isEqualTo(PRECONDITION_FAILED);
        assertThat(CURRENT.evaluate("PUT", headers("If-Match", "W/\"v2\""))).isEqualTo(PRECONDITION_FAILED);
        assertThat(WEAK.evaluate("PUT", headers("If-Match", "W/\"v2\""))).isEqualTo(PRECONDITION_FAILED);
        assertThat(WEAK.evaluate("PUT", headers("If-Match", "\"v2\""))).isEqualTo(PRECONDITION_FAILED);
    }

    @Test
    void ifMatchStarNeedsACurrentRepresentation() {
        assertThat(CURRENT.evaluate("PUT", headers("If-Match", "*"))).isEqualTo(PROCEED);
        assertThat(Preconditions.of(null, -1).evaluate("PUT", headers("If-Match", "*"))).isEqualTo(PROCEED);
        assertThat(Preconditions.missing().evaluate("PUT", headers("If-Match", "*"))).isEqualTo(PRECONDITION_FAILED);
        assertThat(Preconditions.missing().evaluate("PUT", headers("If-Match", "\"v2\""))).isEqualTo(PRECONDITION_FAILED);
    }

    @Test
    void ifMatchWithoutACurrentTagFails() {
        assertThat(Preconditions.of(null, MODIFIED).evaluate("DELETE", headers("If-Match", "\"v2\"")))
                .isEqualTo(PRECONDITION_FAILED);
    }

    // ---------------------------------------------------------------- 13.1.2 If-None-Match

    @Test
    void ifNoneMatchUsesWeakComparison() {
        assertThat(CURRENT.evaluate("GET", headers("If-None-Match", "\"v2\""))).isEqualTo(NOT_MODIFIED);
        assertThat(CURRENT.evaluate("GET", headers("If-None-Match", "W/\"v2\""))).isEqualTo(NOT_MODIFIED);
        assertThat(WEAK.evaluate("HEAD", headers("If-None-Match", "\"v2\""))).isEqualTo(NOT_MODIFIED);
        assertThat(CURRENT.evaluate("GET", headers("If-None-Match", "\"v1\""))).isEqualTo(PROCEED);
    }

    @Test
    void ifNoneMatchFalseIs304ForGetAndHeadAnd412OtherwiseNot() {
        assertThat(CURRENT.evaluate("POST", headers("If-None-Match", "\"v2\""))).isEqualTo(PRECONDITION_FAILED);
        assertThat(CURRENT.evaluate("PUT", headers("If-None-Match", "*"))).isEqualTo(PRECONDITION_FAILED);
        assertThat(CURRENT.evaluate("GET", headers("If-None-Match", "*"))).isEqualTo(NOT_MODIFIED);
        assertThat(Preconditions.missing().evaluate("PUT", headers("If-None-Match", "*")))
                .as("create only if absent").isEqualTo(PROCEED);
    }

    // ---------------------------------------------------------------- 13.1.3 If-Modified-Since

    @Test
    void ifModifiedSinceIsFalseWhenNotModifiedAfterTheDate() {
        assertThat(CURRENT.evaluate("GET", headers("If-Modified-Since", AT))).isEqualTo(NOT_MODIFIED);
        assertThat(CURRENT.evaluate("GET", headers("If-Modified-Since", AFTER))).isEqualTo(NOT_MODIFIED);
        assertThat(CURRENT.evaluate("GET", headers("If-Modified-Since", BEFORE))).isEqualTo(PROCEED);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"Thu, 02 Jan 2020 03:04:05 GMT", "Thursday, 02-Jan-20 03:04:05 GMT", "Thu Jan  2 03:04:05 2020"})
    void ifModifiedSinceAcceptsAllThreeDateForms(String date) {
        assertThat(CURRENT.evaluate("GET", headers("If-Modified-Since", date))).isEqualTo(NOT_MODIFIED);
    }

    @Test
    void ifModifiedSinceIsIgnoredWhenItMust() {
        assertThat(CURRENT.evaluate("POST", headers("If-Modified-Since", AT))).as("not GET or HEAD").isEqualTo(PROCEED);
        assertThat(CURRENT.evaluate("GET", headers("If-Modified-Since", "yesterday"))).as("not a date").isEqualTo(PROCEED);
        assertThat(CURRENT.evaluate("GET", headers("If-Modified-Since", AT, "If-Modified-Since", AT)))
                .as("more than one member").isEqualTo(PROCEED);
        assertThat(CURRENT.evaluate("GET", headers("If-Modified-Since", AT + ", " + AT))).as("a list").isEqualTo(PROCEED);
        assertThat(Preconditions.of("\"v2\"", -1).evaluate("GET", headers("If-Modified-Since", AT)))
                .as("no modification date").isEqualTo(PROCEED);
        assertThat(CURRENT.evaluate("GET", headers("If-None-Match", "\"v1\"", "If-Modified-Since", AT)))
                .as("If-None-Match present").isEqualTo(PROCEED);
    }

    // ---------------------------------------------------------------- 13.1.4 If-Unmodified-Since

    @Test
    void ifUnmodifiedSinceIsFalseWhenModifiedAfterTheDate() {
        assertThat(CURRENT.evaluate("PUT", headers("If-Unmodified-Since", AT))).isEqualTo(PROCEED);
        assertThat(CURRENT.evaluate("PUT", headers("If-Unmodified-Since", AFTER))).isEqualTo(PROCEED);
        assertThat(CURRENT.evaluate("PUT", headers("If-Unmodified-Since", BEFORE))).isEqualTo(PRECONDITION_FAILED);
        assertThat(CURRENT.evaluate("GET", headers("If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")))
                .isEqualTo(PRECONDITION_FAILED);
        assertThat(CURRENT.evaluate("GET", headers("If-Unmodified-Since", "Saturday, 01-Jan-00 00:00:00 GMT")))
                .isEqualTo(PRECONDITION_FAILED);
        assertThat(CURRENT.evaluate("GET", headers("If-Unmodified-Since", "Sat Jan  1 00:00:00 2000")))
                .isEqualTo(PRECONDITION_FAILED);
    }

    @Test
    void ifUnmodifiedSinceIsIgnoredWhenItMust() {
        assertThat(CURRENT.evaluate("PUT", headers("If-Unmodified-Since", "soon"))).isEqualTo(PROCEED);
        assertThat(CURRENT.evaluate("PUT", headers("If-Unmodified-Since", BEFORE + ", " + BEFORE))).isEqualTo(PROCEED);
        assertThat(Preconditions.of("\"v2\"", -1).evaluate("PUT", headers("If-Unmodified-Since", BEFORE)))
                .isEqualTo(PROCEED);
        assertThat(CURRENT.evaluate("PUT", headers("If-Match", "\"v2\"", "If-Unmodified-Since", BEFORE)))
                .as("If-Match present").isEqualTo(PROCEED);
    }

    // ---------------------------------------------------------------- 13.2.2 order

    @Test
    void ifMatchIsEvaluatedFirst() {
        assertThat(CURRENT.evaluate("GET", headers("If-None-Match", "\"v2\"", "If-Match", "\"x\"")))
                .as("412 from If-Match, not 304 from If-None-Match").isEqualTo(PRECONDITION_FAILED);
        assertThat(CURRENT.evaluate("GET", headers("If-Match", "\"v2\"", "If-None-Match", "\"v2\"")))
                .isEqualTo(NOT_MODIFIED);
    }

    @Test
    void ifUnmodifiedSinceComesBeforeIfNoneMatch() {
        assertThat(CURRENT.evaluate("GET", headers("If-None-Match", "\"v2\"", "If-Unmodified-Since", BEFORE)))
                .isEqualTo(PRECONDITION_FAILED);
        assertThat(CURRENT.evaluate("GET", headers("If-Modified-Since", AT, "If-Unmodified-Since", BEFORE)))
                .isEqualTo(PRECONDITION_FAILED);
    }

    @Test
    void ifNoneMatchOverridesIfModifiedSince() {
        assertThat(CURRENT.evaluate("GET", headers("If-None-Match", "\"v1\"", "If-Modified-Since", AFTER)))
                .isEqualTo(PROCEED);
        assertThat(CURRENT.evaluate("GET", headers("If-None-Match", "\"v2\"", "If-Modified-Since", BEFORE)))
                .isEqualTo(NOT_MODIFIED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"OPTIONS", "CONNECT", "TRACE"})
    void methodsThatSelectNoRepresentationIgnoreEveryCondition(String method) {
        assertThat(CURRENT.evaluate(method, headers("If-Match", "\"x\"", "If-None-Match", "*"))).isEqualTo(PROCEED);
    }

    @Test
    void noConditionProceeds() {
        assertThat(CURRENT.evaluate("GET", headers())).isEqualTo(PROCEED);
        assertThat(Preconditions.isConditional(headers("Range", "bytes=1-2", "If-Range", "\"v2\""))).isFalse();
        assertThat(Preconditions.isConditional(headers("if-none-match", "*"))).isTrue();
    }

    // ---------------------------------------------------------------- 13.1.5 If-Range

    @Test
    void ifRangeWithATagNeedsAStrongMatch() {
        long now = MODIFIED + 3600;
        assertThat(CURRENT.rangeApplies(headers(), now)).isTrue();
        assertThat(CURRENT.rangeApplies(headers("If-Range", "\"v2\""), now)).isTrue();
        assertThat(CURRENT.rangeApplies(headers("If-Range", "\"v1\""), now)).isFalse();
        assertThat(CURRENT.rangeApplies(headers("If-Range", "W/\"v2\""), now)).isFalse();
        assertThat(WEAK.rangeApplies(headers("If-Range", "\"v2\""), now)).isFalse();
        assertThat(CURRENT.rangeApplies(headers("If-Range", "\"v2\"", "If-Range", "\"v2\""), now)).isFalse();
        assertThat(CURRENT.rangeApplies(headers("If-Range", "v2"), now)).isFalse();
    }

    @Test
    void ifRangeWithADateNeedsTheExactStrongDate() {
        long now = MODIFIED + 3600;
        assertThat(CURRENT.rangeApplies(headers("If-Range", AT), now)).isTrue();
        assertThat(CURRENT.rangeApplies(headers("If-Range", "Thursday, 02-Jan-20 03:04:05 GMT"), now)).isTrue();
        assertThat(CURRENT.rangeApplies(headers("If-Range", "Thu Jan  2 03:04:05 2020"), now)).isTrue();
        assertThat(CURRENT.rangeApplies(headers("If-Range", AFTER), now)).as("later is not the same").isFalse();
        assertThat(CURRENT.rangeApplies(headers("If-Range", BEFORE), now)).isFalse();
        assertThat(CURRENT.rangeApplies(headers("If-Range", AT), MODIFIED)).as("weak: modified this second").isFalse();
        assertThat(CURRENT.rangeApplies(headers("If-Range", AT), MODIFIED + 1)).as("weak: within a second").isFalse();
        assertThat(Preconditions.of("\"v2\"", -1).rangeApplies(headers("If-Range", AT), now)).isFalse();
        assertThat(CURRENT.rangeApplies(headers("If-Range", "not a date"), now)).isFalse();
    }

    // ---------------------------------------------------------------- a response path's evaluation

    @Test
    void aResponseIsEvaluatedFromTheValidatorsItCarries() {
        HttpHeaders response = headers("ETag", "\"v2\"", "Last-Modified", AT);
        assertThat(Preconditions.forResponse("GET", headers("If-None-Match", "\"v2\""), 200, response))
                .isEqualTo(NOT_MODIFIED);
        assertThat(Preconditions.forResponse("GET", headers("If-Modified-Since", AT), 200, headers("Last-Modified", AT)))
                .isEqualTo(NOT_MODIFIED);
        assertThat(Preconditions.forResponse("HEAD", headers("If-Match", "\"v1\""), 200, response))
                .isEqualTo(PRECONDITION_FAILED);
    }

    @Test
    void aResponseIsNotEvaluatedWhenItMustNotBe() {
        HttpHeaders response = headers("ETag", "\"v2\"");
        HttpHeaders request = headers("If-None-Match", "\"v2\"");
        assertThat(Preconditions.forResponse("GET", request, 404, response)).as("not 2xx").isEqualTo(PROCEED);
        assertThat(Preconditions.forResponse("GET", request, 302, response)).isEqualTo(PROCEED);
        assertThat(Preconditions.forResponse("POST", request, 200, response)).as("unsafe: too late").isEqualTo(PROCEED);
        assertThat(Preconditions.forResponse("GET", request, 200, headers())).as("no validator").isEqualTo(PROCEED);
        assertThat(Preconditions.forResponse("GET", headers("If-Match", "\"x\""), 200, headers("ETag", "v2")))
                .as("an ETag that is no entity tag is no validator: If-Match finds no match").isEqualTo(PRECONDITION_FAILED);
    }

    @Test
    void aBrokenEtagIsRefusedWhereTheApplicationGivesIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Preconditions.of("v2", MODIFIED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quotes");
    }

    @Test
    void a304KeepsWhatGuidesCachesAndDropsTheContentMetadata() {
        HttpHeaders h = headers("ETag", "\"v2\"", "Last-Modified", AT, "Cache-Control", "max-age=60", "Expires", AT,
                "Vary", "Accept-Encoding", "Content-Location", "/a.en", "Content-Type", "text/plain",
                "Content-Length", "12", "Content-Encoding", "gzip", "Content-Language", "en", "Set-Cookie", "a=b");
        Preconditions.toNotModified(h);
        assertThat(h.toString()).isEqualTo("ETag: \"v2\"\nLast-Modified: " + AT + "\nCache-Control: max-age=60\n"
                + "Expires: " + AT + "\nVary: Accept-Encoding\nContent-Location: /a.en\nSet-Cookie: a=b\n");
    }
}
