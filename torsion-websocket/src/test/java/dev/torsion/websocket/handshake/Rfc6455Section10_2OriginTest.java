package dev.torsion.websocket.handshake;

import static dev.torsion.websocket.handshake.TestRequests.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.torsion.websocket.handshake.HandshakeRejected.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 10.2 (and 4.2.2 item 4): the server may refuse origins it does not trust with 403. */
class Rfc6455Section10_2OriginTest {

    private static HandshakeResult respond(OriginPolicy policy, SimpleHandshakeRequest.Builder request) {
        return ServerHandshake.builder().originPolicy(policy).build().respond(request.build());
    }

    @Test
    void byDefaultEveryOriginAndNoOriginAreAllowed() {
        ServerHandshake server = ServerHandshake.builder().build();
        assertThat(server.respond(valid().header("Origin", "https://evil.example").build()).isAccepted()).isTrue();
        assertThat(server.respond(valid().build()).isAccepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com", "HTTPS://APP.EXAMPLE.COM", "http://localhost:8080"})
    void listedOriginsAreAllowedIgnoringCase(String origin) {
        OriginPolicy policy = OriginPolicy.allowList("https://app.example.com", "http://localhost:8080");
        assertThat(respond(policy, valid().header("Origin", origin)).isAccepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "http://app.example.com", "https://app.example.com:8443",
        "https://app.example.com.evil.example", "null"})
    void unlistedOriginsAreForbidden(String origin) {
        OriginPolicy policy = OriginPolicy.allowList("https://app.example.com");
        HandshakeResult result = respond(policy, valid().header("Origin", origin));
        assertThat(result).isInstanceOf(HandshakeRejected.class);
        HandshakeRejected rejection = (HandshakeRejected) result;
        assertThat(rejection.status()).isEqualTo(403);
        assertThat(rejection.reasonPhrase()).isEqualTo("Forbidden");
        assertThat(rejection.reason()).isEqualTo(Reason.ORIGIN_REFUSED);
        assertThat(rejection.body()).isEqualTo("Origin " + origin + " is not allowed");
    }

    @Test
    void theOpaqueNullOriginIsAllowedOnlyWhenListed() {
        assertThat(respond(OriginPolicy.allowList("null"), valid().header("Origin", "null")).isAccepted()).isTrue();
    }

    @Test
    void requestsWithoutOriginPassAnAllowListUnlessOriginIsRequired() {
        OriginPolicy policy = OriginPolicy.allowList("https://app.example.com");
        assertThat(respond(policy, valid()).isAccepted()).isTrue();

        HandshakeResult result = respond(policy.requireOrigin(), valid());
        assertThat(result.status()).isEqualTo(403);
        assertThat(((HandshakeRejected) result).body()).isEqualTo("Origin header is required");
        assertThat(respond(policy.requireOrigin(), valid().header("Origin", "https://app.example.com")).isAccepted())
                .isTrue();
    }

    @Test
    void aPredicateDecidesOnTheOriginAsSent() {
        OriginPolicy policy = OriginPolicy.matching(origin -> origin.endsWith(".example.com"));
        assertThat(respond(policy, valid().header("Origin", "https://a.example.com")).isAccepted()).isTrue();
        assertThat(respond(policy, valid().header("Origin", "https://example.org")).status()).isEqualTo(403);
        assertThat(policy.allowsMissingOrigin()).isTrue();
        assertThat(policy.requireOrigin().allowsMissingOrigin()).isFalse();
    }

    @Test
    void aRepeatedOriginIsABadRequest() {
        HandshakeResult result = ServerHandshake.builder().build().respond(valid()
                .header("Origin", "https://a.example.com").header("origin", "https://b.example.com").build());
        assertThat(result.status()).isEqualTo(400);
        assertThat(((HandshakeRejected) result).reason()).isEqualTo(Reason.BAD_ORIGIN);
        assertThat(((HandshakeRejected) result).body()).isEqualTo("Origin header must appear at most once");
    }

    @Test
    void theOriginIsCheckedBeforeTheApplicationIsAsked() {
        ServerHandshake server = ServerHandshake.builder()
                .originPolicy(OriginPolicy.allowList("https://app.example.com"))
                .interceptor(request -> {
                    throw new AssertionError("interceptor called for a refused origin");
                })
                .build();
        assertThat(server.respond(valid().header("Origin", "https://evil.example").build()).status()).isEqualTo(403);
    }

    @Test
    void blankAllowListEntriesAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> OriginPolicy.allowList(" "));
    }
}
