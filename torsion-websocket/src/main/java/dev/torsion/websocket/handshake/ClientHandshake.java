package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpTokens;
import dev.torsion.http.ResponseHead;

import dev.torsion.websocket.handshake.HandshakeFailedException.Check;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The client side of the RFC 6455 opening handshake (section 4.1), without I/O: the request to send and the
 * strict check of the server's answer.
 *
 * <p>Build one per connection attempt with {@link #builder(URI)}; it draws a fresh {@code Sec-WebSocket-Key}.
 * Write {@link #request()} on the connection, read the response, and pass it to
 * {@link #verify(ResponseHead)}, which returns what was agreed or throws a
 * {@link HandshakeFailedException} naming the failed check.
 *
 * <p><b>Threading and lifecycle.</b> Immutable once built, so safe to share, but it belongs to one connection
 * attempt: a new attempt needs a new key and so a new {@code ClientHandshake}.
 */
public final class ClientHandshake {

    private static final Set<String> RESERVED_HEADERS = Set.of(
            "host", "upgrade", "connection", "sec-websocket-key", "sec-websocket-version",
            "sec-websocket-protocol", "sec-websocket-extensions", "content-length", "transfer-encoding");

    private final String key;
    private final URI uri;
    private final List<String> subprotocols;
    private final List<ExtensionOffer> extensions;
    private final SimpleHandshakeRequest request;
    private final SimpleHandshakeRequest extendedConnect;

    private ClientHandshake(Builder builder) {
        this.key = WebSocketKey.generate(builder.random);
        this.uri = builder.uri;
        this.subprotocols = List.copyOf(builder.subprotocols);
        this.extensions = List.copyOf(builder.extensions);
        SimpleHandshakeRequest.Builder request = SimpleHandshakeRequest.builder()
                .method("GET")
                .httpVersion("HTTP/1.1")
                .target(builder.target)
                .header("Host", builder.host)
                .header("Upgrade", "websocket")
                .header("Connection", "Upgrade")
                .header("Sec-WebSocket-Key", key)
                .header("Sec-WebSocket-Version", RequestValidator.SUPPORTED_VERSION);
        if (builder.origin != null) {
            request.header("Origin", builder.origin);
        }
        if (!subprotocols.isEmpty()) {
            request.header(SubprotocolHeader.NAME, String.join(", ", subprotocols));
        }
        if (!extensions.isEmpty()) {
            request.header(ExtensionHeader.NAME, ExtensionHeader.format(extensions));
        }
        request.headers(builder.extraHeaders);
        this.request = request.build();
        // RFC 8441 section 5: the same request as an extended CONNECT, without Upgrade, Connection and the key
        SimpleHandshakeRequest.Builder connect = SimpleHandshakeRequest.builder().method("CONNECT").httpVersion("HTTP/2")
                .target(builder.target).connectProtocol(RequestValidator.CONNECT_PROTOCOL);
        this.request.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Upgrade") && !name.equalsIgnoreCase("Connection")
                    && !name.equalsIgnoreCase("Sec-WebSocket-Key")) {
                connect.header(name, value);
            }
        });
        this.extendedConnect = connect.build();
    }

    /**
     * A builder for a handshake with the server at {@code uri}: a {@code ws} or {@code wss} URI with a host
     * and no fragment (RFC 6455 section 3). The request target is the URI's path (or {@code /}) and query;
     * {@code Host} is its host, with the port unless it is the scheme's default.
     */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** The server's URI this handshake is for ({@code ws://} or {@code wss://}, in ASCII). */
    public URI uri() {
        return uri;
    }

    /** The request to write: {@code GET}, {@code HTTP/1.1}, and the handshake headers then the extra ones. */
    public SimpleHandshakeRequest request() {
        return request;
    }

    /**
     * The same request for an HTTP/2 connection (RFC 8441 section 5): {@code CONNECT} with
     * {@link SimpleHandshakeRequest#connectProtocol()} {@code websocket}, the target, and the headers of
     * {@link #request()} but {@code Upgrade}, {@code Connection} and {@code Sec-WebSocket-Key}; its {@code Host}
     * becomes {@code :authority}. Check the answer with {@link #verifyExtendedConnect}.
     */
    public SimpleHandshakeRequest extendedConnect() {
        return extendedConnect;
    }

    /** The {@code Sec-WebSocket-Key} sent. */
    public String key() {
        return key;
    }

    /** The {@code Sec-WebSocket-Accept} a genuine answer carries. */
    public String expectedAccept() {
        return WebSocketKey.accept(key);
    }

    /**
     * Checks {@code response} as RFC 6455 section 4.1 requires, in the order of {@link Check}.
     *
     * @return the agreed subprotocol and extensions
     * @throws HandshakeFailedException naming the first check that failed; the client must then fail the
     *                                  connection
     */
    public ClientHandshakeResult verify(ResponseHead response) throws HandshakeFailedException {
        Objects.requireNonNull(response, "response");
        int status = response.status();
        HttpHeaders headers = response.headers();
        if (status != 101) {
            throw new HandshakeFailedException(Check.STATUS, status,
                    "expected status 101, got " + status + " " + response.reasonPhrase(), headers, "");
        }
        List<String> upgrades = headers.getAll("Upgrade");
        if (upgrades.size() != 1 || !HttpTokens.trimWhitespace(upgrades.get(0)).equalsIgnoreCase("websocket")) {
            throw new HandshakeFailedException(Check.UPGRADE, status,
                    "expected one Upgrade: websocket, got " + upgrades, headers, "");
        }
        if (!HttpTokens.containsTokenIgnoreCase(headers.getAll("Connection"), "Upgrade")) {
            throw new HandshakeFailedException(Check.CONNECTION, status,
                    "expected Connection to contain Upgrade, got " + headers.getAll("Connection"), headers, "");
        }
        List<String> accepts = headers.getAll("Sec-WebSocket-Accept");
        String expected = expectedAccept();
        if (accepts.size() != 1 || !HttpTokens.trimWhitespace(accepts.get(0)).equals(expected)) {
            throw new HandshakeFailedException(Check.ACCEPT, status,
                    "expected one Sec-WebSocket-Accept: " + expected + ", got " + accepts, headers, "");
        }
        return agreement(status, headers);
    }

    /**
     * Checks the answer to {@link #extendedConnect()} (RFC 8441 section 5): status 200, then the extensions and
     * the subprotocol as {@link #verify} does; there is no {@code Upgrade}, {@code Connection} or
     * {@code Sec-WebSocket-Accept} to check.
     *
     * @throws HandshakeFailedException naming the first check that failed
     */
    public ClientHandshakeResult verifyExtendedConnect(ResponseHead response) throws HandshakeFailedException {
        Objects.requireNonNull(response, "response");
        if (response.status() != 200) {
            throw new HandshakeFailedException(Check.STATUS, response.status(), "expected status 200 to the extended "
                    + "CONNECT, got " + response.status() + " " + response.reasonPhrase());
        }
        return agreement(response.status(), response.headers());
    }

    private ClientHandshakeResult agreement(int status, HttpHeaders headers) throws HandshakeFailedException {
        List<ExtensionOffer> agreedExtensions = checkExtensions(status, headers);
        Optional<String> subprotocol = checkSubprotocol(status, headers);
        return new ClientHandshakeResult(subprotocol, agreedExtensions, headers);
    }

    private List<ExtensionOffer> checkExtensions(int status, HttpHeaders headers) throws HandshakeFailedException {
        List<String> values = headers.getAll(ExtensionHeader.NAME);
        if (values.isEmpty()) {
            return List.of();
        }
        List<ExtensionOffer> elements;
        try {
            elements = ExtensionHeader.parse(values);
        } catch (MalformedHeaderException malformed) {
            throw new HandshakeFailedException(Check.EXTENSIONS, status, malformed.getMessage(), headers, "");
        }
        Set<String> seen = new HashSet<>();
        for (ExtensionOffer element : elements) {
            boolean offered = extensions.stream().anyMatch(offer -> offer.hasName(element.name()));
            if (!offered) {
                throw new HandshakeFailedException(Check.EXTENSIONS, status,
                        "server agreed to extension " + element.name() + ", which was not offered", headers, "");
            }
            if (!seen.add(element.name().toLowerCase(Locale.ROOT))) {
                throw new HandshakeFailedException(Check.EXTENSIONS, status,
                        "server agreed to extension " + element.name() + " more than once", headers, "");
            }
        }
        return elements;
    }

    private Optional<String> checkSubprotocol(int status, HttpHeaders headers) throws HandshakeFailedException {
        List<String> values = headers.getAll(SubprotocolHeader.NAME);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String chosen = values.size() == 1 ? HttpTokens.trimWhitespace(values.get(0)) : null;
        if (chosen == null || !HttpTokens.isToken(chosen)) {
            throw new HandshakeFailedException(Check.SUBPROTOCOL, status,
                    "expected one subprotocol, got " + values, headers, "");
        }
        if (!subprotocols.contains(chosen)) {
            throw new HandshakeFailedException(Check.SUBPROTOCOL, status,
                    "server chose subprotocol " + chosen + ", which was not offered (offered: " + subprotocols + ")",
                    headers, "");
        }
        return Optional.of(chosen);
    }

    /** Collects a client handshake's settings. Not thread-safe; one builder per thread. */
    public static final class Builder {

        private static final Random DEFAULT_RANDOM = new SecureRandom();

        private final URI uri;
        private final String host;
        private final String target;
        private final Set<String> subprotocols = new LinkedHashSet<>();
        private final List<ExtensionOffer> extensions = new ArrayList<>();
        private final HttpHeaders extraHeaders = new HttpHeaders();
        private String origin;
        private Random random = DEFAULT_RANDOM;

        private Builder(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss")) {
                throw new IllegalArgumentException("a WebSocket URI has scheme ws or wss: " + uri);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("a WebSocket URI needs a host: " + uri);
            }
            if (uri.getRawFragment() != null) {
                throw new IllegalArgumentException("a WebSocket URI must not have a fragment: " + uri);
            }
            URI ascii = URI.create(uri.toASCIIString());
            this.uri = ascii;
            int defaultPort = scheme.equals("wss") ? 443 : 80;
            int port = ascii.getPort();
            this.host = port == -1 || port == defaultPort ? ascii.getHost() : ascii.getHost() + ":" + port;
            String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
            this.target = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
        }

        /** Offers these subprotocols, in this order of preference (each an HTTP token, duplicates dropped). */
        public Builder subprotocols(List<String> names) {
            for (String name : names) {
                if (!HttpTokens.isToken(Objects.requireNonNull(name, "subprotocol"))) {
                    throw new IllegalArgumentException("subprotocol is not an HTTP token: \"" + name + "\"");
                }
                subprotocols.add(name);
            }
            return this;
        }

        /** {@link #subprotocols(List)} with the names as arguments. */
        public Builder subprotocols(String... names) {
            return subprotocols(List.of(names));
        }

        /** Offers these extension elements, in order of preference. */
        public Builder extensions(List<ExtensionOffer> offers) {
            offers.forEach(offer -> extensions.add(Objects.requireNonNull(offer, "offer")));
            return this;
        }

        /** {@link #extensions(List)} with the offers as arguments. */
        public Builder extensions(ExtensionOffer... offers) {
            return extensions(List.of(offers));
        }

        /** Sends {@code Origin: origin} (browsers do; other clients usually do not). */
        public Builder origin(String origin) {
            new HttpHeaders().add("Origin", origin); // checks the value as a header value
            this.origin = origin;
            return this;
        }

        /**
         * Adds a header (authorisation, cookies, ...). The handshake's own headers, {@code Host} and framing
         * headers are refused with {@link IllegalArgumentException}.
         */
        public Builder header(String name, String value) {
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT)) || name.equalsIgnoreCase("Origin")) {
                throw new IllegalArgumentException("the handshake sets " + name + " itself"
                        + (name.equalsIgnoreCase("Origin") ? "; use origin(String)" : ""));
            }
            extraHeaders.add(name, value);
            return this;
        }

        /** The source of the key's random bytes (default: a {@link SecureRandom}); tests pass a seeded one. */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** A handshake with a freshly drawn key. */
        public ClientHandshake build() {
            return new ClientHandshake(this);
        }
    }
}
