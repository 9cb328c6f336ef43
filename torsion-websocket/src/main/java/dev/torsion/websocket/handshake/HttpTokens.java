package dev.torsion.websocket.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small pieces of HTTP syntax (RFC 7230 section 3.2.6 tokens and section 7 comma-separated lists) shared by
 * the handshake's header parsers.
 *
 * <p>Stateless; safe from any thread.
 */
final class HttpTokens {

    private HttpTokens() {
    }

    /** True for a {@code tchar}: a character allowed in an HTTP token. */
    static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** True when {@code s} is a non-empty HTTP token. */
    static boolean isToken(String s) {
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
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** Removes leading and trailing spaces and tabs (and only those). */
    static String trimWhitespace(String s) {
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
     * Empty elements ({@code "a, , b"}) are dropped, as RFC 7230 section 7 asks of recipients. Only for
     * headers whose elements cannot contain quoted commas.
     */
    static List<String> listElements(List<String> fieldValues) {
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

    /** True when one of the list elements of the header is {@code token}, compared ignoring ASCII case. */
    static boolean containsTokenIgnoreCase(List<String> fieldValues, String token) {
        String wanted = token.toLowerCase(Locale.ROOT);
        for (String element : listElements(fieldValues)) {
            if (element.toLowerCase(Locale.ROOT).equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
