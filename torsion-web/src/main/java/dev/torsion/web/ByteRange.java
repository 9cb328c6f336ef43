package dev.torsion.web;

/**
 * A single byte range of a {@code Range: bytes=...} header (RFC 9110 section 14), resolved against a
 * representation's length: {@code first} to {@code last} inclusive.
 *
 * <p>Only one range is served: a header with several ranges, another unit, or bad syntax is ignored (the
 * whole representation is sent, as the RFC allows); a range that starts past the end is
 * {@link #UNSATISFIABLE} (416).
 *
 * <p><b>Threading.</b> Immutable.
 */
final class ByteRange {

    /** The answer for a range that cannot be satisfied. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    final long first;
    final long last;

    private ByteRange(long first, long last) {
        this.first = first;
        this.last = last;
    }

    /** The number of bytes in the range. */
    long length() {
        return last - first + 1;
    }

    /** The range asked for by {@code header} in a representation of {@code size} bytes, or null to send it whole. */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        if (a.isEmpty()) {
            long suffix = number(b);
            if (suffix < 0) {
                return null;
            }
            if (suffix == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new ByteRange(Math.max(0, size - suffix), size - 1);
        }
        long first = number(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : number(b);
        if (first < 0 || last < 0 || last < first) {
            return null;
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        return new ByteRange(first, Math.min(last, size - 1));
    }

    private static long number(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return s.length() > 18 && s.chars().allMatch(Character::isDigit) ? Long.MAX_VALUE : -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
