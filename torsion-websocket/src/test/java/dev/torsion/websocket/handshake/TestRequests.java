package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Valid handshake requests for tests, from RFC 6455 section 1.3, to be broken one header at a time. */
final class TestRequests {

    /** The sample key of RFC 6455 section 1.3. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** Its accept value, from the same section. */
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private static final HttpHeaders VALID = HttpHeaders.of(
            "Host", "server.example.com",
            "Upgrade", "websocket",
            "Connection", "Upgrade",
            "Sec-WebSocket-Key", KEY,
            "Sec-WebSocket-Version", "13");

    private TestRequests() {
    }

    /** {@code GET /chat HTTP/1.1} with every required header. */
    static SimpleHandshakeRequest.Builder valid() {
        return validWithout();
    }

    /** {@link #valid()} without the named headers (add replacements with {@code header(...)}). */
    static SimpleHandshakeRequest.Builder validWithout(String... omitted) {
        Set<String> skip = Stream.of(omitted).map(String::toLowerCase).collect(Collectors.toSet());
        SimpleHandshakeRequest.Builder builder = SimpleHandshakeRequest.builder().target("/chat");
        VALID.forEach((name, value) -> {
            if (!skip.contains(name.toLowerCase())) {
                builder.header(name, value);
            }
        });
        return builder;
    }

    /** The answer of a default {@link ServerHandshake} to {@code request}. */
    static HandshakeResult respond(SimpleHandshakeRequest.Builder request) {
        return ServerHandshake.builder().build().respond(request.build());
    }
}
