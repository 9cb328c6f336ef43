package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpTokens;
import dev.torsion.websocket.handshake.HandshakeRejected.Reason;

import java.util.List;

/**
 * The checks RFC 6455 asks of a server reading an opening handshake (section 4.2.1, and the origin of
 * section 10.2), each with its answer (see {@code docs/handshake.md}). Checks run in a fixed order and the
 * first failure is reported: method, HTTP version, {@code Host}, {@code Upgrade}, {@code Connection},
 * {@code Sec-WebSocket-Version}, {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Protocol}, {@code Origin}.
 * {@code Sec-WebSocket-Extensions} never fails the request: a malformed one is ignored, so no extension is
 * negotiated.
 *
 * <p>Over HTTP/2 the handshake is an extended CONNECT (RFC 8441 section 5): method {@code CONNECT},
 * {@code :protocol} {@code websocket}, {@code :authority} (shown as {@code Host}), then the same version,
 * subprotocol, origin and extension rules; {@code :protocol} replaces {@code Upgrade}, {@code Connection} and the
 * key, which are not looked at.
 *
 * <p>Stateless; safe from any thread.
 */
final class RequestValidator {

    /**
     * What a request that passed every check carries.
     *
     * @param key                 the {@code Sec-WebSocket-Key}, trimmed and valid; null over HTTP/2, which has none
     * @param offeredSubprotocols the subprotocols offered, in order, no duplicates
     * @param extensionOffers     the extension offers, in order; empty when absent or malformed
     */
    record Valid(String key, List<String> offeredSubprotocols, List<ExtensionOffer> extensionOffers) {
    }

    /**
     * A failed check, carrying its answer out to {@link ServerHandshake#respond}. Internal control flow only: it
     * records no stack trace and never leaves the package.
     */
    static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        /** The answer to send. */
        final transient HandshakeRejected rejection;

        private Refused(HandshakeRejected rejection) {
            super(rejection.body(), null, false, false);
            this.rejection = rejection;
        }
    }

    /** The only protocol version this server speaks. */
    static final String SUPPORTED_VERSION = "13";

    private static final HttpHeaders VERSION_HEADER = HttpHeaders.of("Sec-WebSocket-Version", SUPPORTED_VERSION);
    private static final HttpHeaders UPGRADE_REQUIRED_HEADERS = HttpHeaders.of(
            "Sec-WebSocket-Version", SUPPORTED_VERSION,
            "Upgrade", "websocket",
            "Connection", "Upgrade");
    private static final HttpHeaders ALLOW_GET = HttpHeaders.of("Allow", "GET");
    private static final HttpHeaders ALLOW_CONNECT = HttpHeaders.of("Allow", "CONNECT");
    /** The {@code :protocol} of WebSocket over HTTP/2 (RFC 8441 section 5). */
    static final String CONNECT_PROTOCOL = "websocket";

    private RequestValidator() {
    }

    /** Checks {@code request}, its origin against {@code origins} last; the first failure is thrown. */
    static Valid validate(HandshakeRequest request, OriginPolicy origins) throws Refused {
        if (isHttp2(request.httpVersion())) {
            return validateExtendedConnect(request, origins);
        }
        HttpHeaders headers = request.headers();
        checkMethod(request.method());
        checkHttpVersion(request.httpVersion());
        checkHost(headers.getAll("Host"), "Host header");
        checkUpgrade(headers.getAll("Upgrade"));
        checkConnection(headers.getAll("Connection"));
        checkVersion(headers.getAll("Sec-WebSocket-Version"), true);
        String key = checkKey(headers.getAll("Sec-WebSocket-Key"));
        List<String> subprotocols = parseSubprotocols(headers.getAll(SubprotocolHeader.NAME));
        checkOrigin(headers.getAll("Origin"), origins);
        return new Valid(key, subprotocols, parseExtensions(headers.getAll(ExtensionHeader.NAME)));
    }

    /** True for a request that came over HTTP/2, whose handshake is the extended CONNECT of RFC 8441. */
    static boolean isHttp2(String version) {
        return "HTTP/2".equals(version) || "HTTP/2.0".equals(version);
    }

    /**
     * RFC 8441 section 5: CONNECT with {@code :protocol websocket} and {@code :authority}, then the version,
     * subprotocols and origin as over HTTP/1.1; {@code Sec-WebSocket-Key} is not used.
     */
    private static Valid validateExtendedConnect(HandshakeRequest request, OriginPolicy origins) throws Refused {
        HttpHeaders headers = request.headers();
        if (!"CONNECT".equals(request.method())) {
            throw refusal(Reason.METHOD_NOT_ALLOWED, 405, ALLOW_CONNECT, "WebSocket over HTTP/2 is opened with an "
                    + "extended CONNECT (RFC 8441: :method CONNECT, :protocol websocket), not " + request.method());
        }
        String protocol = request.connectProtocol();
        if (protocol == null) {
            throw refusal(Reason.UNSUPPORTED_PROTOCOL, 400, "a WebSocket CONNECT needs :protocol websocket (RFC 8441)");
        }
        if (!protocol.equalsIgnoreCase(CONNECT_PROTOCOL)) {
            throw refusal(Reason.UNSUPPORTED_PROTOCOL, 501, "this endpoint speaks WebSocket (:protocol websocket), not "
                    + protocol);
        }
        checkHost(headers.getAll("Host"), ":authority");
        checkVersion(headers.getAll("Sec-WebSocket-Version"), false);
        List<String> subprotocols = parseSubprotocols(headers.getAll(SubprotocolHeader.NAME));
        checkOrigin(headers.getAll("Origin"), origins);
        return new Valid(null, subprotocols, parseExtensions(headers.getAll(ExtensionHeader.NAME)));
    }

    /** A refusal with {@code status}, no extra headers, and {@code body}. */
    private static Refused refusal(Reason reason, int status, String body) {
        return refusal(reason, status, HttpHeaders.empty(), body);
    }

    /** A refusal with {@code status}, {@code headers} and {@code body}. */
    private static Refused refusal(Reason reason, int status, HttpHeaders headers, String body) {
        return new Refused(new HandshakeRejected(reason, status, headers, body, null));
    }

    private static void checkMethod(String method) throws Refused {
        if (!"GET".equals(method)) {
            throw refusal(Reason.METHOD_NOT_ALLOWED, 405, ALLOW_GET,
                    "WebSocket handshake requires method GET, not " + method);
        }
    }

    private static void checkHttpVersion(String version) throws Refused {
        if (!isHttp11OrLater(version)) {
            throw refusal(Reason.BAD_HTTP_VERSION, 400,
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

    /** {@code what} names the field in the answer: "Host header", or ":authority" over HTTP/2. */
    private static void checkHost(List<String> hosts, String what) throws Refused {
        if (hosts.isEmpty()) {
            throw refusal(Reason.BAD_HOST, 400, what + " is missing");
        }
        if (hosts.size() > 1) {
            throw refusal(Reason.BAD_HOST, 400, what + " must appear exactly once");
        }
        if (HttpTokens.trimWhitespace(hosts.get(0)).isEmpty()) {
            throw refusal(Reason.BAD_HOST, 400, what + " is empty");
        }
    }

    private static void checkUpgrade(List<String> upgrades) throws Refused {
        if (upgrades.isEmpty()) {
            throw refusal(Reason.BAD_UPGRADE, 400, "Upgrade header is missing");
        }
        if (!HttpTokens.containsTokenIgnoreCase(upgrades, "websocket")) {
            throw refusal(Reason.BAD_UPGRADE, 400, "Upgrade header must contain the token websocket");
        }
    }

    private static void checkConnection(List<String> connections) throws Refused {
        if (connections.isEmpty()) {
            throw refusal(Reason.BAD_CONNECTION, 400, "Connection header is missing");
        }
        if (!HttpTokens.containsTokenIgnoreCase(connections, "Upgrade")) {
            throw refusal(Reason.BAD_CONNECTION, 400, "Connection header must contain the token Upgrade");
        }
    }

    /**
     * {@code upgradeRequired}: a version other than 13 gets 426 with {@code Upgrade} (HTTP/1.1); without it
     * (HTTP/2, where {@code Upgrade} is forbidden and a 426 without it would break RFC 9110 section 15.5.22), 400.
     */
    private static void checkVersion(List<String> versions, boolean upgradeRequired) throws Refused {
        if (versions.isEmpty()) {
            throw refusal(Reason.BAD_VERSION, 400, VERSION_HEADER, "Sec-WebSocket-Version header is missing");
        }
        if (versions.size() > 1) {
            throw refusal(Reason.BAD_VERSION, 400, VERSION_HEADER,
                    "Sec-WebSocket-Version header must appear exactly once");
        }
        String version = HttpTokens.trimWhitespace(versions.get(0));
        if (version.equals(SUPPORTED_VERSION)) {
            return;
        }
        if (!isVersionNumber(version)) {
            throw refusal(Reason.BAD_VERSION, 400, VERSION_HEADER,
                    "Sec-WebSocket-Version must be a number from 0 to 255");
        }
        throw refusal(Reason.UNSUPPORTED_VERSION, upgradeRequired ? 426 : 400,
                upgradeRequired ? UPGRADE_REQUIRED_HEADERS : VERSION_HEADER,
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

    private static String checkKey(List<String> keys) throws Refused {
        if (keys.isEmpty()) {
            throw refusal(Reason.BAD_KEY, 400, "Sec-WebSocket-Key header is missing");
        }
        if (keys.size() > 1) {
            throw refusal(Reason.BAD_KEY, 400, "Sec-WebSocket-Key header must appear exactly once");
        }
        String key = HttpTokens.trimWhitespace(keys.get(0));
        if (!WebSocketKey.isValid(key)) {
            throw refusal(Reason.BAD_KEY, 400, "Sec-WebSocket-Key must base64-decode to 16 bytes");
        }
        return key;
    }

    private static List<String> parseSubprotocols(List<String> values) throws Refused {
        try {
            return SubprotocolHeader.parse(values);
        } catch (IllegalArgumentException malformed) {
            throw refusal(Reason.BAD_SUBPROTOCOL, 400, malformed.getMessage());
        }
    }

    private static void checkOrigin(List<String> values, OriginPolicy origins) throws Refused {
        if (values.size() > 1) {
            throw refusal(Reason.BAD_ORIGIN, 400, "Origin header must appear at most once");
        }
        String origin = values.isEmpty() ? null : HttpTokens.trimWhitespace(values.get(0));
        if (!origins.allows(origin)) {
            throw refusal(Reason.ORIGIN_REFUSED, 403,
                    origin == null ? "Origin header is required" : "Origin " + origin + " is not allowed");
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
