package dev.torsion.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9110 section 8.8.3: entity-tag syntax, and the strong and weak comparison of section 8.8.3.2. */
class Rfc9110Section8_8_3EntityTagTest {

    @Test
    void theComparisonTableOfSection8_8_3_2() {
        // ETag 1, ETag 2, strong comparison, weak comparison
        check("W/\"1\"", "W/\"1\"", false, true);
        check("W/\"1\"", "W/\"2\"", false, false);
        check("W/\"1\"", "\"1\"", false, true);
        check("\"1\"", "\"1\"", true, true);
    }

    private static void check(String a, String b, boolean strong, boolean weak) {
        EntityTag x = EntityTag.parse(a);
        EntityTag y = EntityTag.parse(b);
        assertThat(x.strongMatch(y)).as("%s strong %s", a, b).isEqualTo(strong);
        assertThat(y.strongMatch(x)).as("%s strong %s", b, a).isEqualTo(strong);
        assertThat(x.weakMatch(y)).as("%s weak %s", a, b).isEqualTo(weak);
        assertThat(y.weakMatch(x)).as("%s weak %s", b, a).isEqualTo(weak);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"\"xyzzy\"", "W/\"xyzzy\"", "\"\"", "\"a,b\"", "  \"x\"  ", "\"!#~\u00e9\""})
    void validTags(String text) {
        assertThat(EntityTag.parse(text)).isNotNull();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "xyzzy", "\"xyzzy", "xyzzy\"", "w/\"x\"", "W/x", "W/ \"x\"", "\"a b\"", "\"a\"b",
        "\"a\" \"b\"", "*", "\"a\tb\""})
    void invalidTags(String text) {
        assertThat(EntityTag.parse(text)).isNull();
    }

    @Test
    void aListIsSplitOnCommasOutsideQuotes() {
        EntityTag current = EntityTag.parse("\"a,b\"");
        assertThat(EntityTag.listMatches(List.of("\"x\", \"a,b\""), true, current, true)).isTrue();
        assertThat(EntityTag.listMatches(List.of("\"a\", \"b\""), true, current, true)).isFalse();
        assertThat(EntityTag.listMatches(List.of("\"x\"", "W/\"a,b\""), true, current, false))
                .as("a second field line").isTrue();
        assertThat(EntityTag.listMatches(List.of(" , ,\"a,b\" ,"), true, current, true)).as("empty members").isTrue();
    }

    @Test
    void aMemberThatIsNotATagMatchesNothingButTheOthersStillCount() {
        EntityTag current = EntityTag.parse("\"a\"");
        assertThat(EntityTag.listMatches(List.of("a"), true, current, false)).isFalse();
        assertThat(EntityTag.listMatches(List.of("junk, \"a\""), true, current, false)).isTrue();
        assertThat(EntityTag.listMatches(List.of("\"a\" junk"), true, current, false)).isFalse();
    }

    @Test
    void starMatchesAnyCurrentRepresentationOnlyAlone() {
        assertThat(EntityTag.listMatches(List.of("*"), true, null, true)).isTrue();
        assertThat(EntityTag.listMatches(List.of(" * "), true, EntityTag.parse("\"a\""), true)).isTrue();
        assertThat(EntityTag.listMatches(List.of("*"), false, null, true)).isFalse();
        assertThat(EntityTag.listMatches(List.of("*, \"b\""), true, EntityTag.parse("\"a\""), true))
                .as("a star in a list is not the star form").isFalse();
    }

    @Test
    void noTagMatchesWhenThereIsNoCurrentTag() {
        assertThat(EntityTag.listMatches(List.of("\"a\""), true, null, false)).isFalse();
    }
}
