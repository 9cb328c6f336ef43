package dev.torsion.websocket.handshake;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Valid handshake requests for tests, from RFC 6455 section 1.3, to be broken one header at a time. */
final class TestRequests {

    /** The sample key of RFC 6455 section 1.3. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** Its accept value, from the same section. */
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private static final List<HeaderField> VALID = List.of(
            new HeaderField("Host", "server.example.com"),
            new HeaderField("Upgrade", "websocket"),
            new HeaderField("Connection", "Upgrade"),
            new HeaderField("Sec-WebSocket-Key", KEY),
            new HeaderField("Sec-WebSocket-Version", "13"));

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
        VALID.stream().filter(f -> !skip.contains(f.name().toLowerCase())).forEach(f -> builder.header(f.name(), f.value()));
        return builder;
    }

    /** The answer of a default {@link ServerHandshake} to {@code request}. */
    static HandshakeResult respond(SimpleHandshakeRequest.Builder request) {
        return ServerHandshake.builder().build().respond(request.build());
    }
}
