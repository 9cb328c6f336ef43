package dev.torsion.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The lexical rules of HTTP (RFC 9110 section 5.6): tokens, optional whitespace, comma-separated lists; and
 * the shared strings the head lexer returns for common methods and header names, so that reading a typical
 * head allocates no string for them. The server's parser, the head lexer and the WebSocket handshake's
 * header grammars all use these rules.
 *
 * <p><b>Threading.</b> Stateless; safe from any thread.
 */
public final class HttpTokens {

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};

    private static final String[] HEADER_NAMES = {
        "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Connection", "Content-Length",
        "Content-Type", "Transfer-Encoding", "Upgrade", "Cookie", "Expect", "Origin", "Referer", "Range",
        "If-None-Match", "If-Modified-Since", "If-Range", "Cache-Control", "Pragma", "Authorization",
        "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol",
    };

    private HttpTokens() {
    }

    /** True for a {@code tchar}: a character (or byte) allowed in an HTTP token. */
    public static boolean isTokenChar(int c) {
        return c >= 0 && c < 128 && TCHAR[c];
    }

    /** True when {@code s} is a non-empty HTTP token. */
    public static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** True for optional whitespace (space or horizontal tab). */
    public static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t';
    }

    /** Removes leading and trailing spaces and tabs (and only those). */
    public static String trimWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * Splits the values of a list-valued header (possibly repeated) into its elements, trimmed, in order.
     * Empty elements ({@code "a, , b"}) are dropped, as RFC 9110 section 5.6.1 asks of recipients. Only for
     * headers whose elements cannot contain quoted commas.
     */
    public static List<String> listElements(List<String> fieldValues) {
        List<String> elements = new ArrayList<>();
        for (String value : fieldValues) {
            for (String part : value.split(",", -1)) {
                String element = trimWhitespace(part);
                if (!element.isEmpty()) {
                    elements.add(element);
                }
            }
        }
        return elements;
    }

    /** True when one of the list elements of the header's values is {@code token}, ignoring ASCII case. */
    public static boolean containsTokenIgnoreCase(List<String> fieldValues, String token) {
        for (String value : fieldValues) {
            if (listContains(value, token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the comma-separated list {@code list} has an element equal to {@code token} ignoring case,
     * e.g. {@code listContains("keep-alive, Upgrade", "upgrade")}. Allocates nothing.
     */
    public static boolean listContains(String list, String token) {
        int n = list.length();
        int start = 0;
        while (start <= n) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int a = start;
            int b = end;
            while (a < b && isWhitespace(list.charAt(a))) {
                a++;
            }
            while (b > a && isWhitespace(list.charAt(b - 1))) {
                b--;
            }
            if (b - a == token.length() && list.regionMatches(true, a, token, 0, b - a)) {
                return true;
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return false;
    }

    /** The method in {@code b[0..n)} as a shared string when it is a common one, else a new string. */
    public static String method(byte[] b, int n) {
        for (String m : METHODS) {
            if (equalsAscii(m, b, 0, n, false)) {
                return m;
            }
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The header name in {@code b[0..n)}: a shared string for a common name (any case), else a new string. */
    static String headerName(byte[] b, int n) {
        for (String h : HEADER_NAMES) {
            if (equalsAscii(h, b, 0, n, true)) {
                return h;
            }
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** True when {@code b[off..off+n)} holds the ASCII text {@code s} (ignoring ASCII case if asked). */
    public static boolean equalsAscii(String s, byte[] b, int off, int n, boolean ignoreCase) {
        if (s.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int x = s.charAt(i);
            int y = b[off + i];
            if (x != y && !(ignoreCase && lower(x) == lower(y))) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
