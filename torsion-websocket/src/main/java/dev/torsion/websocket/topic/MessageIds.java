package dev.torsion.websocket.topic;

/**
 * Message ids as backplanes give them: two unsigned decimal numbers joined by a dash, {@code "1718000000000-3"}
 * (the form of a Redis stream entry id: milliseconds, then a sequence). Ids of one topic grow in the order the
 * backplane delivers its messages, so a subscriber that remembers the last id it saw can ask for what came
 * after it ({@link TopicRegistry#resume}).
 *
 * <p><b>Threading.</b> Stateless.
 */
public final class MessageIds {

    /** Longest id accepted from outside (two 20-digit numbers and the dash). */
    public static final int MAX_LENGTH = 41;

    private MessageIds() {
    }

    /** True for a well-formed id: {@code DIGITS-DIGITS}, each part an unsigned 64-bit number. */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        int dash = id.indexOf('-');
        return dash > 0 && fits(id, 0, dash) && fits(id, dash + 1, id.length());
    }

    /** Orders two valid ids: negative, zero or positive as {@code a} comes before, is, or comes after {@code b}. */
    public static int compare(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int c = Long.compareUnsigned(Long.parseUnsignedLong(a, 0, da, 10), Long.parseUnsignedLong(b, 0, db, 10));
        if (c != 0) {
            return c;
        }
        return Long.compareUnsigned(Long.parseUnsignedLong(a, da + 1, a.length(), 10),
                Long.parseUnsignedLong(b, db + 1, b.length(), 10));
    }

    /** The id {@code first-second}. */
    public static String of(long first, long second) {
        return Long.toUnsignedString(first) + '-' + Long.toUnsignedString(second);
    }

    private static boolean fits(String s, int from, int to) {
        if (to <= from || to - from > 20) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        try {
            Long.parseUnsignedLong(s, from, to, 10);
            return true;
        } catch (NumberFormatException e) {
            return false;   // 20 digits over 2^64 - 1
        }
    }
}
