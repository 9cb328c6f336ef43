package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpTokens;

import java.util.List;

/**
 * The checks RFC 6455 section 4.2.1 asks of a server reading an opening handshake, each with its answer
 * (see {@code docs/handshake.md}). Checks run in a fixed order and the first failure is reported:
 * method, HTTP version, {@code Host}, {@code Upgrade}, {@code Connection}, {@code Sec-WebSocket-Version},
 * {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Protocol}. {@code Sec-WebSocket-Extensions} never fails the
 * request: a malformed one is ignored, so no extension is negotiated.
 *
 * <p>Stateless; safe from any thread.
 */
final class RequestValidator {

    /** The only protocol version this server speaks. */
    static final String SUPPORTED_VERSION = "13";

    private static final HttpHeaders VERSION_HEADER = HttpHeaders.of("Sec-WebSocket-Version", SUPPORTED_VERSION);
    private static final HttpHeaders UPGRADE_REQUIRED_HEADERS = HttpHeaders.of(
            "Sec-WebSocket-Version", SUPPORTED_VERSION,
            "Upgrade", "websocket",
            "Connection", "Upgrade");
    private static final HttpHeaders ALLOW_GET = HttpHeaders.of("Allow", "GET");

    private RequestValidator() {
    }

    static ValidatedRequest validate(HandshakeRequest request) throws Refusal {
        checkMethod(request.method());
        checkHttpVersion(request.httpVersion());
        checkHost(request.headerValues("Host"));
        checkUpgrade(request.headerValues("Upgrade"));
        checkConnection(request.headerValues("Connection"));
        checkVersion(request.headerValues("Sec-WebSocket-Version"));
        String key = checkKey(request.headerValues("Sec-WebSocket-Key"));
        List<String> subprotocols = parseSubprotocols(request.headerValues(SubprotocolHeader.NAME));
        return new ValidatedRequest(key, subprotocols, parseExtensions(request.headerValues(ExtensionHeader.NAME)));
    }

    private static void checkMethod(String method) throws Refusal {
        if (!"GET".equals(method)) {
            throw Refusal.of(RejectReason.METHOD_NOT_ALLOWED, 405, ALLOW_GET,
                    "WebSocket handshake requires method GET, not " + method);
        }
    }

    private static void checkHttpVersion(String version) throws Refusal {
        if (!isHttp11OrLater(version)) {
            throw Refusal.of(RejectReason.BAD_HTTP_VERSION, 400,
                    "WebSocket handshake requires HTTP/1.1 or later, not " + version);
        }
    }

    /** True for {@code HTTP/major[.minor]} with a version of at least 1.1. */
    static boolean isHttp11OrLater(String version) {
        if (version == null || !version.startsWith("HTTP/")) {
            return false;
        }
        String number = version.substring("HTTP/".length());
        int dot = number.indexOf('.');
        String major = dot < 0 ? number : number.substring(0, dot);
        String minor = dot < 0 ? "0" : number.substring(dot + 1);
        if (!isDigits(major) || !isDigits(minor) || major.length() > 3 || minor.length() > 3) {
            return false;
        }
        int majorValue = Integer.parseInt(major);
        return majorValue > 1 || majorValue == 1 && Integer.parseInt(minor) >= 1;
    }

    private static void checkHost(List<String> hosts) throws Refusal {
        if (hosts.isEmpty()) {
            throw Refusal.of(RejectReason.BAD_HOST, 400, "Host header is missing");
        }
        if (hosts.size() > 1) {
            throw Refusal.of(RejectReason.BAD_HOST, 400, "Host header must appear exactly once");
        }
        if (HttpTokens.trimWhitespace(hosts.get(0)).isEmpty()) {
            throw Refusal.of(RejectReason.BAD_HOST, 400, "Host header is empty");
        }
    }

    private static void checkUpgrade(List<String> upgrades) throws Refusal {
        if (upgrades.isEmpty()) {
            throw Refusal.of(RejectReason.BAD_UPGRADE, 400, "Upgrade header is missing");
        }
        if (!HttpTokens.containsTokenIgnoreCase(upgrades, "websocket")) {
            throw Refusal.of(RejectReason.BAD_UPGRADE, 400, "Upgrade header must contain the token websocket");
        }
    }

    private static void checkConnection(List<String> connections) throws Refusal {
        if (connections.isEmpty()) {
            throw Refusal.of(RejectReason.BAD_CONNECTION, 400, "Connection header is missing");
        }
        if (!HttpTokens.containsTokenIgnoreCase(connections, "Upgrade")) {
            throw Refusal.of(RejectReason.BAD_CONNECTION, 400, "Connection header must contain the token Upgrade");
        }
    }

    private static void checkVersion(List<String> versions) throws Refusal {
        if (versions.isEmpty()) {
            throw Refusal.of(RejectReason.BAD_VERSION, 400, VERSION_HEADER, "Sec-WebSocket-Version header is missing");
        }
        if (versions.size() > 1) {
            throw Refusal.of(RejectReason.BAD_VERSION, 400, VERSION_HEADER,
                    "Sec-WebSocket-Version header must appear exactly once");
        }
        String version = HttpTokens.trimWhitespace(versions.get(0));
        if (version.equals(SUPPORTED_VERSION)) {
            return;
        }
        if (!isVersionNumber(version)) {
            throw Refusal.of(RejectReason.BAD_VERSION, 400, VERSION_HEADER,
                    "Sec-WebSocket-Version must be a number from 0 to 255");
        }
        throw Refusal.of(RejectReason.UNSUPPORTED_VERSION, 426, UPGRADE_REQUIRED_HEADERS,
                "Sec-WebSocket-Version " + version + " is not supported; this server speaks version "
                        + SUPPORTED_VERSION);
    }

    /** RFC 6455 section 4.1's {@code version}: a decimal 0 to 255 without leading zeros. */
    private static boolean isVersionNumber(String version) {
        if (!isDigits(version) || version.length() > 3 || version.length() > 1 && version.charAt(0) == '0') {
            return false;
        }
        return Integer.parseInt(version) <= 255;
    }

    private static String checkKey(List<String> keys) throws Refusal {
        if (keys.isEmpty()) {
            throw Refusal.of(RejectReason.BAD_KEY, 400, "Sec-WebSocket-Key header is missing");
        }
        if (keys.size() > 1) {
            throw Refusal.of(RejectReason.BAD_KEY, 400, "Sec-WebSocket-Key header must appear exactly once");
        }
        String key = HttpTokens.trimWhitespace(keys.get(0));
        if (!WebSocketKey.isValid(key)) {
            throw Refusal.of(RejectReason.BAD_KEY, 400, "Sec-WebSocket-Key must base64-decode to 16 bytes");
        }
        return key;
    }

    private static List<String> parseSubprotocols(List<String> values) throws Refusal {
        try {
            return SubprotocolHeader.parse(values);
        } catch (IllegalArgumentException malformed) {
            throw Refusal.of(RejectReason.BAD_SUBPROTOCOL, 400, malformed.getMessage());
        }
    }

    private static List<ExtensionOffer> parseExtensions(List<String> values) {
        try {
            return ExtensionHeader.parse(values);
        } catch (MalformedHeaderException malformed) {
            return List.of();
        }
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
