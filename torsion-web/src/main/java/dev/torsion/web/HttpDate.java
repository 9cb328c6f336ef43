package dev.torsion.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 section 5.6.7, IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}): formatting for
 * {@code Date} and {@code Last-Modified}, parsing for {@code If-Modified-Since}. The current date is
 * formatted at most once per second.
 *
 * <p><b>Threading.</b> Safe from any thread (the cache is one immutable pair behind a volatile field).
 */
final class HttpDate {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static volatile Cached cached = new Cached(Long.MIN_VALUE, "");

    private HttpDate() {
    }

    /** The current date from {@code clock}, formatted. */
    static String now(Clock clock) {
        long second = Math.floorDiv(clock.millis(), 1000);
        Cached c = cached;
        if (c.second != second) {
            c = new Cached(second, format(second));
            cached = c;
        }
        return c.text;
    }

    /** Formats seconds since the epoch. */
    static String format(long epochSecond) {
        return FORMAT.format(Instant.ofEpochSecond(epochSecond));
    }

    /** Seconds since the epoch of an HTTP date (IMF-fixdate or RFC 1123 form), or -1 if it is not one. */
    static long parse(String text) {
        if (text == null) {
            return -1;
        }
        try {
            return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private static final class Cached {
        final long second;
        final String text;

        Cached(long second, String text) {
            this.second = second;
            this.text = text;
        }
    }
}
