package dev.torsion.web;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 section 5.6.7): formatting as IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}) for
 * {@code Date} and {@code Last-Modified}, and parsing of all three forms a recipient must accept, for the
 * conditional request fields: IMF-fixdate, the obsolete RFC 850 form ({@code Sunday, 06-Nov-94 08:49:37 GMT},
 * its two-digit year read as the nearest year no more than 50 years ahead) and the asctime form
 * ({@code Sun Nov  6 08:49:37 1994}). The forms are case-sensitive, as the grammar says; the day name must be
 * one of the names but is not checked against the date; a leap second (:60) reads as :59. The current date
 * is formatted at most once per second.
 *
 * <p><b>Threading.</b> Safe from any thread (the cache is one immutable pair behind a volatile field).
 */
final class HttpDate {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static final String[] DAY_NAMES = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] LONG_DAY_NAMES =
            {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

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

    /** Seconds since the epoch of an HTTP date in any of the three forms, or -1 if it is not one. */
    static long parse(String text) {
        return parse(text, System.currentTimeMillis() / 1000);
    }

    /**
     * Seconds since the epoch of an HTTP date in any of the three forms, or -1 if it is not one;
     * {@code nowEpochSecond} places the two-digit year of the RFC 850 form.
     */
    static long parse(String text, long nowEpochSecond) {
        if (text == null) {
            return -1;
        }
        String s = text.trim();
        try {
            if (s.length() == 29 && s.charAt(3) == ',') {
                return imfFixdate(s);
            }
            int comma = s.indexOf(',');
            if (comma > 0) {
                return rfc850(s, comma, nowEpochSecond);
            }
            if (s.length() == 24) {
                return asctime(s);
            }
        } catch (DateTimeException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static long imfFixdate(String s) {
        if (indexOf(DAY_NAMES, s.substring(0, 3)) < 0 || !s.startsWith(" ", 4) || !s.startsWith(" ", 7)
                || !s.startsWith(" ", 11) || !s.startsWith(" ", 16) || !s.endsWith(" GMT")) {
            return -1;
        }
        return epochSecond(digits(s, 12, 4), month(s, 8), digits(s, 5, 2), s, 17);
    }

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}. */
    private static long rfc850(String s, int comma, long nowEpochSecond) {
        int d = comma + 2;
        if (indexOf(LONG_DAY_NAMES, s.substring(0, comma)) < 0 || s.length() != d + 22 || s.charAt(comma + 1) != ' '
                || s.charAt(d + 2) != '-' || s.charAt(d + 6) != '-' || s.charAt(d + 9) != ' ' || !s.endsWith(" GMT")) {
            return -1;
        }
        int twoDigits = digits(s, d + 7, 2);
        int year = LocalDateTime.ofEpochSecond(nowEpochSecond, 0, ZoneOffset.UTC).getYear();
        int candidate = year - Math.floorMod(year, 100) + twoDigits;
        if (candidate > year + 50) {
            candidate -= 100;
        } else if (candidate + 100 <= year + 50) {
            candidate += 100;
        }
        return epochSecond(candidate, month(s, d + 3), digits(s, d, 2), s, d + 10);
    }

    /** {@code Sun Nov  6 08:49:37 1994}: the day of month is two digits or a space and one digit. */
    private static long asctime(String s) {
        if (indexOf(DAY_NAMES, s.substring(0, 3)) < 0 || s.charAt(3) != ' ' || s.charAt(7) != ' '
                || s.charAt(10) != ' ' || s.charAt(19) != ' ') {
            return -1;
        }
        int day = s.charAt(8) == ' ' ? digits(s, 9, 1) : digits(s, 8, 2);
        return epochSecond(digits(s, 20, 4), month(s, 4), day, s, 11);
    }

    /** The seconds of a date with its time-of-day {@code HH:MM:SS} at {@code s[at]}. */
    private static long epochSecond(int year, int month, int day, String s, int at) {
        if (month < 0 || s.charAt(at + 2) != ':' || s.charAt(at + 5) != ':') {
            return -1;
        }
        int hour = digits(s, at, 2);
        int minute = digits(s, at + 3, 2);
        int second = digits(s, at + 6, 2);
        if (second == 60) {
            second = 59;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
    }

    /** The month at {@code s[at, at + 3)}, 1 to 12, or -1. */
    private static int month(String s, int at) {
        int i = indexOf(MONTHS, s.substring(at, at + 3));
        return i < 0 ? -1 : i + 1;
    }

    /** The decimal number of exactly {@code n} digits at {@code s[at]}; NumberFormatException if not digits. */
    private static int digits(String s, int at, int n) {
        int v = 0;
        for (int i = at; i < at + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a digit in " + s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
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
