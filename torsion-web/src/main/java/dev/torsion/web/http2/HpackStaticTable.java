package dev.torsion.web.http2;

import java.util.HashMap;
import java.util.Map;

/**
 * The 61 entries of HPACK's static table (RFC 7541 Appendix A), and the lookups the encoder needs: the index
 * of an exact name and value, and of a name alone.
 *
 * <p><b>Threading.</b> Immutable, shared by every connection.
 */
final class HpackStaticTable {

    /** Names at even indexes, values at odd ones; entry {@code i} (1-based) at {@code 2(i-1)}. */
    private static final String[] ENTRIES = {
        ":authority", "",
        ":method", "GET",
        ":method", "POST",
        ":path", "/",
        ":path", "/index.html",
        ":scheme", "http",
        ":scheme", "https",
        ":status", "200",
        ":status", "204",
        ":status", "206",
        ":status", "304",
        ":status", "400",
        ":status", "404",
        ":status", "500",
        "accept-charset", "",
        "accept-encoding", "gzip, deflate",
        "accept-language", "",
        "accept-ranges", "",
        "accept", "",
        "access-control-allow-origin", "",
        "age", "",
        "allow", "",
        "authorization", "",
        "cache-control", "",
        "content-disposition", "",
        "content-encoding", "",
        "content-language", "",
        "content-length", "",
        "content-location", "",
        "content-range", "",
        "content-type", "",
        "cookie", "",
        "date", "",
        "etag", "",
        "expect", "",
        "expires", "",
        "from", "",
        "host", "",
        "if-match", "",
        "if-modified-since", "",
        "if-none-match", "",
        "if-range", "",
        "if-unmodified-since", "",
        "last-modified", "",
        "link", "",
        "location", "",
        "max-forwards", "",
        "proxy-authenticate", "",
        "proxy-authorization", "",
        "range", "",
        "referer", "",
        "refresh", "",
        "retry-after", "",
        "server", "",
        "set-cookie", "",
        "strict-transport-security", "",
        "transfer-encoding", "",
        "user-agent", "",
        "vary", "",
        "via", "",
        "www-authenticate", "",
    };

    /** The number of entries. */
    static final int SIZE = ENTRIES.length / 2;

    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    static {
        for (int i = SIZE; i >= 1; i--) {
            BY_NAME.put(name(i), i);   // the lowest index wins
        }
    }

    private HpackStaticTable() {
    }

    /** The name of entry {@code index} (1..61). */
    static String name(int index) {
        return ENTRIES[2 * (index - 1)];
    }

    /** The value of entry {@code index} (1..61). */
    static String value(int index) {
        return ENTRIES[2 * (index - 1) + 1];
    }

    /** The index of the entry with exactly this name and value, or 0. */
    static int indexOf(String name, String value) {
        Integer first = BY_NAME.get(name);
        if (first == null) {
            return 0;
        }
        for (int i = first; i <= SIZE && name(i).equals(name); i++) {   // entries of one name are adjacent
            if (value(i).equals(value)) {
                return i;
            }
        }
        return 0;
    }

    /** The index of the first entry with this name, or 0. */
    static int indexOfName(String name) {
        Integer i = BY_NAME.get(name);
        return i == null ? 0 : i;
    }
}
