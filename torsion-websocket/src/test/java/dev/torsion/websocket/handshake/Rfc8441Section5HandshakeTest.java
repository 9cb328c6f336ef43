package dev.torsion.websocket.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.websocket.handshake.HandshakeRejected.Reason;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 8441 section 5: the WebSocket opening handshake over HTTP/2 is an extended CONNECT with
 * {@code :protocol websocket}. {@code :authority} (shown to the handshake as {@code Host}) replaces
 * {@code Host}; {@code Upgrade}, {@code Connection}, {@code Sec-WebSocket-Key} and {@code Sec-WebSocket-Accept}
 * are not used; {@code Origin}, {@code Sec-WebSocket-Version}, {@code Sec-WebSocket-Protocol} and
 * {@code Sec-WebSocket-Extensions} work as in RFC 6455; the answer is 200. Every refusal has its status.
 */
class Rfc8441Section5HandshakeTest {

    /** The example of RFC 8441 section 5.1, as the HTTP layer shows it. */
    private static SimpleHandshakeRequest.Builder connect() {
        return SimpleHandshakeRequest.builder().method("CONNECT").httpVersion("HTTP/2").target("/chat")
                .connectProtocol("websocket")
                .header("host", "server.example.com")
                .header("sec-websocket-protocol", "chat, superchat")
                .header("sec-websocket-version", "13")
                .header("origin", "http://www.example.com");
    }

    /** An extended CONNECT for /chat without any header. */
    private static SimpleHandshakeRequest.Builder bare() {
        return SimpleHandshakeRequest.builder().method("CONNECT").httpVersion("HTTP/2").target("/chat")
                .connectProtocol("websocket");
    }

    private static HandshakeResult respond(SimpleHandshakeRequest.Builder request, ServerHandshake.Builder server) {
        return server.build().respond(request.build());
    }

    private static HandshakeRejected rejected(SimpleHandshakeRequest.Builder request) {
        HandshakeResult result = respond(request, ServerHandshake.builder());
        assertThat(result).isInstanceOf(HandshakeRejected.class);
        return (HandshakeRejected) result;
    }

    @Test
    void the_rfc_example_is_answered_200_with_the_chosen_subprotocol_and_nothing_of_the_upgrade() {
        HandshakeResult result = respond(connect(), ServerHandshake.builder().subprotocols("chat"));
        assertThat(result).isInstanceOf(HandshakeAccepted.class);
        HandshakeAccepted accepted = (HandshakeAccepted) result;
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.reasonPhrase()).isEqualTo("OK");
        assertThat(accepted.subprotocol()).contains("chat");
        assertThat(accepted.headers().size()).isEqualTo(1);
        assertThat(accepted.headers().name(0)).isEqualTo("Sec-WebSocket-Protocol");
        assertThat(accepted.headers().get("Sec-WebSocket-Accept")).isNull();
        assertThat(accepted.headers().get("Upgrade")).isNull();
        assertThat(accepted.headers().get("Connection")).isNull();
    }

    @Test
    void no_key_is_needed_and_one_sent_is_not_looked_at() {
        assertThat(respond(connect(), ServerHandshake.builder()).isAccepted()).isTrue();
        assertThat(respond(connect().header("sec-websocket-key", "not base64"), ServerHandshake.builder()).isAccepted())
                .isTrue();
    }

    @Test
    void extensions_are_negotiated_as_over_http_1_1() {
        ExtensionNegotiator xor = new ExtensionNegotiator() {
            @Override
            public String name() {
                return "x-test";
            }

            @Override
            public Optional<NegotiatedExtension> negotiate(List<ExtensionOffer> offers) {
                return Optional.of(NegotiatedExtension.of("x-test", List.of(), java.util.Set.of(ReservedBit.RSV2)));
            }
        };
        HandshakeAccepted accepted = (HandshakeAccepted) respond(connect().header("sec-websocket-extensions",
                "x-test; a=1, x-other"), ServerHandshake.builder().extension(xor));
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.extensions()).extracting(NegotiatedExtension::name).containsExactly("x-test");
        assertThat(accepted.headers().get("Sec-WebSocket-Extensions")).isEqualTo("x-test");
    }

    @Test
    void the_origin_policy_and_the_interceptor_apply() {
        HandshakeRejected refused = (HandshakeRejected) respond(connect(),
                ServerHandshake.builder().originPolicy(OriginPolicy.allowList("https://app.example")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.reason()).isEqualTo(Reason.ORIGIN_REFUSED);
        HandshakeResult accepted = respond(connect(), ServerHandshake.builder()
                .interceptor(request -> UpgradeDecision.accept().withHeader("Set-Cookie", "seen=1")));
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.headers().get("Set-Cookie")).isEqualTo("seen=1");
        HandshakeResult rejected = respond(connect(), ServerHandshake.builder()
                .interceptor(request -> UpgradeDecision.reject(401, "log in first")));
        assertThat(rejected.status()).isEqualTo(401);
    }

    @Test
    void the_interceptor_sees_the_extended_connect() {
        String[] seen = new String[3];
        respond(connect(), ServerHandshake.builder().interceptor(request -> {
            seen[0] = request.method();
            seen[1] = request.httpVersion();
            seen[2] = request.connectProtocol();
            return UpgradeDecision.accept();
        }));
        assertThat(seen).containsExactly("CONNECT", "HTTP/2", "websocket");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "connect"})
    void another_method_is_405_allowing_connect(String method) {
        HandshakeRejected rejection = rejected(connect().method(method));
        assertThat(rejection.status()).isEqualTo(405);
        assertThat(rejection.reason()).isEqualTo(Reason.METHOD_NOT_ALLOWED);
        assertThat(rejection.headers().getAll("Allow")).containsExactly("CONNECT");
        assertThat(rejection.body()).contains("extended CONNECT (RFC 8441").endsWith("not " + method);
    }

    @ParameterizedTest
    @ValueSource(strings = {"webtransport", "connect-udp", "websockets", ""})
    void another_protocol_is_501(String protocol) {
        HandshakeRejected rejection = rejected(connect().connectProtocol(protocol));
        assertThat(rejection.status()).isEqualTo(501);
        assertThat(rejection.reasonPhrase()).isEqualTo("Not Implemented");
        assertThat(rejection.reason()).isEqualTo(Reason.UNSUPPORTED_PROTOCOL);
        assertThat(rejection.body()).isEqualTo("this endpoint speaks WebSocket (:protocol websocket), not " + protocol);
    }

    @Test
    void the_protocol_token_is_compared_ignoring_case() {
        assertThat(respond(connect().connectProtocol("WebSocket"), ServerHandshake.builder()).isAccepted()).isTrue();
    }

    @Test
    void a_connect_without_protocol_is_400() {
        HandshakeRejected rejection = rejected(connect().connectProtocol(null));
        assertThat(rejection.status()).isEqualTo(400);
        assertThat(rejection.reason()).isEqualTo(Reason.UNSUPPORTED_PROTOCOL);
    }

    @Test
    void a_missing_version_is_400_naming_13() {
        HandshakeRejected rejection = rejected(bare().header("host", "h"));
        assertThat(rejection.status()).isEqualTo(400);
        assertThat(rejection.reason()).isEqualTo(Reason.BAD_VERSION);
        assertThat(rejection.headers().getAll("Sec-WebSocket-Version")).containsExactly("13");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8", "12", "14"})
    void another_version_is_400_naming_13_not_426_which_needs_upgrade(String version) {
        HandshakeRejected rejection = rejected(bare().header("host", "h").header("sec-websocket-version", version));
        assertThat(rejection.status()).isEqualTo(400);
        assertThat(rejection.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
        assertThat(rejection.headers().size()).isEqualTo(1);
        assertThat(rejection.headers().get("Sec-WebSocket-Version")).isEqualTo("13");
        assertThat(rejection.body()).isEqualTo("Sec-WebSocket-Version " + version
                + " is not supported; this server speaks version 13");
    }

    @Test
    void a_missing_authority_is_400() {
        HandshakeRejected rejection = rejected(bare().header("sec-websocket-version", "13"));
        assertThat(rejection.status()).isEqualTo(400);
        assertThat(rejection.reason()).isEqualTo(Reason.BAD_HOST);
        assertThat(rejection.body()).isEqualTo(":authority is missing");
    }

    @Test
    void a_bad_subprotocol_list_is_400() {
        HandshakeRejected rejection = rejected(connect().header("sec-websocket-protocol", "a b"));
        assertThat(rejection.status()).isEqualTo(400);
        assertThat(rejection.reason()).isEqualTo(Reason.BAD_SUBPROTOCOL);
    }

    @Test
    void the_http_1_1_upgrade_on_the_same_server_is_unchanged() {
        HandshakeResult result = ServerHandshake.builder().build().respond(TestRequests.valid().build());
        assertThat(result.status()).isEqualTo(101);
        assertThat(result.headers().get("Sec-WebSocket-Accept")).isEqualTo(TestRequests.ACCEPT);
    }
}
