package dev.torsion.websocket.handshake;

import java.util.Map;

/**
 * The standard reason phrases (RFC 9110 section 15) of the status codes a handshake answer may carry.
 *
 * <p>Stateless; safe from any thread.
 */
final class StatusReasons {

    private static final Map<Integer, String> PHRASES = Map.ofEntries(
            Map.entry(101, "Switching Protocols"),
            Map.entry(300, "Multiple Choices"),
            Map.entry(301, "Moved Permanently"),
            Map.entry(302, "Found"),
            Map.entry(303, "See Other"),
            Map.entry(307, "Temporary Redirect"),
            Map.entry(308, "Permanent Redirect"),
            Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"),
            Map.entry(409, "Conflict"),
            Map.entry(410, "Gone"),
            Map.entry(426, "Upgrade Required"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"));

    private StatusReasons() {
    }

    /** The reason phrase of {@code status}, or the empty string (which HTTP allows) for one not listed. */
    static String of(int status) {
        return PHRASES.getOrDefault(status, "");
    }
}
