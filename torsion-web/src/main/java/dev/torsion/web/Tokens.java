package dev.torsion.web;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level lexical rules of HTTP (RFC 9110 section 5.6) and the shared strings the parser returns for
 * common methods and header names, so that parsing a typical request allocates no string for them.
 *
 * <p><b>Threading.</b> Stateless; safe from any thread.
 */
final class Tokens {

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

    private Tokens() {
    }

    static boolean isTokenChar(int c) {
        return c >= 0 && c < 128 && TCHAR[c];
    }

    /** The method in {@code b[0..n)} as a shared string when it is a common one, else a new string. */
    static String method(byte[] b, int n) {
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

    static boolean equalsAscii(String s, byte[] b, int off, int n, boolean ignoreCase) {
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
