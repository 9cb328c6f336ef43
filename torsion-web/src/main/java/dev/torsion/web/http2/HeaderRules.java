package dev.torsion.web.http2;

import dev.torsion.http.HttpTokens;

import java.util.Set;

/**
 * The rules of RFC 9113 section 8 that a received header section must follow, else the message is malformed
 * (a stream error of type PROTOCOL_ERROR, section 8.1.1): field names in lower case and made of token
 * characters; no NUL, CR or LF in a value, and no leading or trailing whitespace; pseudo-header fields known
 * for the message type, each once, all before the regular fields, none in trailers; no connection-specific
 * fields ({@code connection}, {@code keep-alive}, {@code proxy-connection}, {@code transfer-encoding},
 * {@code upgrade}); {@code te} only as {@code trailers}; a request with {@code :method}, {@code :scheme} and
 * a non-empty {@code :path}, except CONNECT (section 8.5), and extended CONNECT with {@code :protocol}
 * (RFC 8441) only when this end announced it; a valid {@code content-length}.
 *
 * <p><b>Threading.</b> Stateless.
 */
final class HeaderRules {

    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    private HeaderRules() {
    }

    /**
     * Checks a request's header section; returns its {@code content-length} (-1 if none).
     *
     * @param connectProtocol whether this end announced SETTINGS_ENABLE_CONNECT_PROTOCOL
     */
    static long checkRequest(int streamId, Http2Headers h, boolean connectProtocol) throws Http2Exception {
        String method = null;
        String scheme = null;
        String path = null;
        String authority = null;
        String protocol = null;
        boolean regularSeen = false;
        for (int i = 0; i < h.size(); i++) {
            String name = h.name(i);
            String value = h.value(i);
            checkField(streamId, name, value);
            if (name.charAt(0) == ':') {
                if (regularSeen) {
                    throw malformed(streamId, "pseudo-header field " + name + " after a regular field");
                }
                switch (name) {
                    case ":method" -> method = once(streamId, name, method, value);
                    case ":scheme" -> scheme = once(streamId, name, scheme, value);
                    case ":path" -> path = once(streamId, name, path, value);
                    case ":authority" -> authority = once(streamId, name, authority, value);
                    case ":protocol" -> {
                        if (!connectProtocol) {
                            throw malformed(streamId, ":protocol without SETTINGS_ENABLE_CONNECT_PROTOCOL");
                        }
                        protocol = once(streamId, name, protocol, value);
                    }
                    default -> throw malformed(streamId, "pseudo-header field " + name + " is not one of a request");
                }
            } else {
                regularSeen = true;
                checkRegular(streamId, name, value);
            }
        }
        if (method == null) {
            throw malformed(streamId, "request without :method");
        }
        if (method.equals("CONNECT") && protocol == null) {
            if (scheme != null || path != null || authority == null) {
                throw malformed(streamId, "CONNECT needs :authority and no :scheme or :path");
            }
        } else {
            if (protocol != null && !method.equals("CONNECT")) {
                throw malformed(streamId, ":protocol with method " + method + ", not CONNECT");
            }
            if (scheme == null || path == null) {
                throw malformed(streamId, "request without " + (scheme == null ? ":scheme" : ":path"));
            }
            if (path.isEmpty()) {
                throw malformed(streamId, "request with an empty :path");
            }
        }
        return contentLength(streamId, h);
    }

    /** Checks a response's header section (client side); returns its status. */
    static int checkResponse(int streamId, Http2Headers h) throws Http2Exception {
        String status = null;
        boolean regularSeen = false;
        for (int i = 0; i < h.size(); i++) {
            String name = h.name(i);
            String value = h.value(i);
            checkField(streamId, name, value);
            if (name.charAt(0) == ':') {
                if (regularSeen || !name.equals(":status")) {
                    throw malformed(streamId, "pseudo-header field " + name + " out of place in a response");
                }
                status = once(streamId, name, status, value);
            } else {
                regularSeen = true;
                checkRegular(streamId, name, value);
            }
        }
        if (status == null || status.length() != 3 || !isDigits(status)) {
            throw malformed(streamId, "response without a three-digit :status");
        }
        return Integer.parseInt(status);
    }

    /** Checks a trailer section: regular fields only. */
    static void checkTrailers(int streamId, Http2Headers h) throws Http2Exception {
        for (int i = 0; i < h.size(); i++) {
            checkField(streamId, h.name(i), h.value(i));
            if (h.name(i).charAt(0) == ':') {
                throw malformed(streamId, "pseudo-header field " + h.name(i) + " in trailers");
            }
            checkRegular(streamId, h.name(i), h.value(i));
        }
    }

    private static void checkRegular(int streamId, String name, String value) throws Http2Exception {
        if (CONNECTION_SPECIFIC.contains(name)) {
            throw malformed(streamId, "connection-specific field " + name);
        }
        if (name.equals("te") && !value.equals("trailers")) {
            throw malformed(streamId, "te with a value other than trailers");
        }
    }

    private static void checkField(int streamId, String name, String value) throws Http2Exception {
        if (name.isEmpty()) {
            throw malformed(streamId, "empty field name");
        }
        for (int i = name.charAt(0) == ':' ? 1 : 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                throw malformed(streamId, "field name " + name + " has an upper-case character");
            }
            if (!HttpTokens.isTokenChar(c)) {
                throw malformed(streamId, "field name " + name + " has a character not allowed in a token");
            }
        }
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                throw malformed(streamId, "field " + name + " has a NUL, CR or LF in its value");
            }
        }
        if (n > 0 && (isSpace(value.charAt(0)) || isSpace(value.charAt(n - 1)))) {
            throw malformed(streamId, "field " + name + " has whitespace at the start or end of its value");
        }
    }

    private static long contentLength(int streamId, Http2Headers h) throws Http2Exception {
        long length = -1;
        for (int i = 0; i < h.size(); i++) {
            if (!h.name(i).equals("content-length")) {
                continue;
            }
            String v = h.value(i);
            if (v.isEmpty() || v.length() > 18 || !isDigits(v)) {
                throw malformed(streamId, "content-length " + v + " is not a number");
            }
            long n = Long.parseLong(v);
            if (length >= 0 && n != length) {
                throw malformed(streamId, "conflicting content-length values");
            }
            length = n;
        }
        return length;
    }

    private static String once(int streamId, String name, String previous, String value) throws Http2Exception {
        if (previous != null) {
            throw malformed(streamId, "pseudo-header field " + name + " repeated");
        }
        return value;
    }

    static Http2Exception malformed(int streamId, String what) {
        return Http2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "malformed message: " + what);
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

}
