package dev.torsion.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9110 section 5.6.7: a recipient must accept all three HTTP-date forms (IMF-fixdate, RFC 850, asctime),
 * reads a two-digit RFC 850 year as at most 50 years ahead, and a sender generates IMF-fixdate only.
 */
class Rfc9110Section5_6_7HttpDateTest {

    /** Sun, 06 Nov 1994 08:49:37 GMT, the RFC's example. */
    private static final long EXAMPLE = 784111777L;
    private static final long NOW_2024 = Instant.parse("2024-05-06T07:08:09Z").getEpochSecond();

    @Test
    void theThreeFormsOfTheRfcExampleAreTheSameInstant() {
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW_2024)).isEqualTo(EXAMPLE);
        assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW_2024)).isEqualTo(EXAMPLE);
        assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994", NOW_2024)).isEqualTo(EXAMPLE);
    }

    @Test
    void asctimeTakesATwoDigitDayToo() {
        assertThat(HttpDate.parse("Thu Jan 02 03:04:05 2020", NOW_2024))
                .isEqualTo(Instant.parse("2020-01-02T03:04:05Z").getEpochSecond());
        assertThat(HttpDate.parse("Fri Jan 31 23:59:59 2020", NOW_2024))
                .isEqualTo(Instant.parse("2020-01-31T23:59:59Z").getEpochSecond());
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(HttpDate.parse("  Sun, 06 Nov 1994 08:49:37 GMT\t", NOW_2024)).isEqualTo(EXAMPLE);
    }

    @Test
    void anRfc850YearMoreThanFiftyYearsAheadIsInThePast() {
        assertThat(year(HttpDate.parse("Monday, 06-Nov-74 08:49:37 GMT", NOW_2024))).isEqualTo(2074);
        assertThat(year(HttpDate.parse("Monday, 06-Nov-75 08:49:37 GMT", NOW_2024))).isEqualTo(1975);
        assertThat(year(HttpDate.parse("Monday, 06-Nov-24 08:49:37 GMT", NOW_2024))).isEqualTo(2024);
        assertThat(year(HttpDate.parse("Monday, 06-Nov-00 08:49:37 GMT", NOW_2024))).isEqualTo(2000);
        long now2099 = Instant.parse("2099-06-01T00:00:00Z").getEpochSecond();
        assertThat(year(HttpDate.parse("Monday, 06-Nov-01 08:49:37 GMT", now2099))).isEqualTo(2101);
        assertThat(year(HttpDate.parse("Monday, 06-Nov-50 08:49:37 GMT", now2099))).isEqualTo(2050);
    }

    @Test
    void aLeapSecondReadsAsTheLastSecondOfItsMinute() {
        assertThat(HttpDate.parse("Sat, 31 Dec 2016 23:59:60 GMT", NOW_2024))
                .isEqualTo(Instant.parse("2016-12-31T23:59:59Z").getEpochSecond());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        "", "not a date", "Sun, 6 Nov 1994 08:49:37 GMT", "sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 gmt", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37 +0000", "Sun, 06 Nov 94 08:49:37 GMT", "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 30 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:49:37 GMT", "Sun, 06 Nov 1994 08:60:37 GMT",
        "Sun, 06 Nov 1994 08:49:61 GMT", "Son, 06 Nov 1994 08:49:37 GMT", "Sun,  06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08.49.37 GMT",
        "Sun, 06-Nov-94 08:49:37 GMT", "Sunday, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sunday, 6-Nov-94 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37", "Sunnyday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov 6 08:49:37 1994", "Sunday Nov  6 08:49:37 1994", "Sun Nov  6 08:49:37 94",
        "Sun Nov  6 08:49:37 1994 GMT", "Sun Nov 31 08:49:37 1994", "Sun Nov  x 08:49:37 1994",
        "1994-11-06T08:49:37Z", "784111777",
    })
    void somethingElseIsNotAnHttpDate(String text) {
        assertThat(HttpDate.parse(text, NOW_2024)).as(text).isEqualTo(-1);
    }

    @Test
    void nullIsNotADate() {
        assertThat(HttpDate.parse(null)).isEqualTo(-1);
    }

    @Test
    void theSenderFormIsImfFixdateAndReadsBack() {
        assertThat(HttpDate.format(EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        for (long t = 0; t < 4_000_000_000L; t += 86_399_937L) {
            assertThat(HttpDate.parse(HttpDate.format(t), NOW_2024)).isEqualTo(t);
        }
    }

    private static int year(long epochSecond) {
        return java.time.LocalDateTime.ofEpochSecond(epochSecond, 0, java.time.ZoneOffset.UTC).getYear();
    }
}
