package dev.torsion.websocket;

import java.net.URI;

/**
 * Turns a request URI as sent into a {@link URI} without failing: an HTTP request target may hold visible
 * ASCII that {@code java.net.URI} refuses ({@code |}, {@code {}, {@code "}, a {@code %} not followed by two hex
 * digits), which is percent-encoded first; what is valid already stays exactly as it was.
 *
 * <p><b>Threading.</b> Stateless.
 */
final class RequestUris {

    private static final String ALLOWED = "-._~:/?@!$&'()*+,;=";

    private RequestUris() {
    }

    static URI parse(String raw) {
        try {
            return new URI(raw);
        } catch (java.net.URISyntaxException e) {
            return URI.create(escape(raw));
        }
    }

    /** {@code raw} with every character a URI does not allow percent-encoded (a stray {@code %} as {@code %25}). */
    static String escape(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 16);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ALLOWED.indexOf(c) >= 0;
            if (plain) {
                out.append(c);
            } else if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
                out.append(c);
            } else {
                for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
