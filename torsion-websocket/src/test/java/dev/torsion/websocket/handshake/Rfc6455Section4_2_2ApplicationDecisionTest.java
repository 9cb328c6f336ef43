package dev.torsion.websocket.handshake;

import static dev.torsion.websocket.handshake.TestRequests.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.torsion.http.HttpHeaders;
import dev.torsion.websocket.handshake.HandshakeRejected.Reason;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 section 4.2.2: "the server MAY ... send back an appropriate HTTP error code" after its own checks,
 * and may send other headers with the 101 (section 4.2.2 item 5, "such as cookies"). The interceptor hook.
 */
class Rfc6455Section4_2_2ApplicationDecisionTest {

    private static ServerHandshake server(HandshakeInterceptor interceptor) {
        return ServerHandshake.builder().interceptor(interceptor).build();
    }

    @Test
    void theApplicationMayRejectWithItsOwnStatusBodyAndHeaders() {
        ServerHandshake server = server(request -> request.headers().get("Authorization") == null
                ? UpgradeDecision.reject(401, "log in first").withHeader("WWW-Authenticate", "Bearer realm=\"chat\"")
                : UpgradeDecision.accept());

        HandshakeResult result = server.respond(valid().build());
        assertThat(result).isInstanceOf(HandshakeRejected.class);
        HandshakeRejected rejection = (HandshakeRejected) result;
        assertThat(rejection.status()).isEqualTo(401);
        assertThat(rejection.reasonPhrase()).isEqualTo("Unauthorized");
        assertThat(rejection.reason()).isEqualTo(Reason.APPLICATION_REJECTED);
        assertThat(rejection.body()).isEqualTo("log in first");
        assertThat(rejection.headers()).isEqualTo(HttpHeaders.of("WWW-Authenticate", "Bearer realm=\"chat\""));
        assertThat(rejection.cause()).isEmpty();

        assertThat(server.respond(valid().header("Authorization", "Bearer t0k3n").build()).isAccepted()).isTrue();
    }

    @Test
    void theInterceptorSeesThePathTheQueryTheAddressAndTheTlsSession() {
        InetSocketAddress from = new InetSocketAddress("192.0.2.7", 50000);
        ServerHandshake server = server(request -> {
            if (!"/chat".equals(request.path())) {
                return UpgradeDecision.reject(404, "no such endpoint");
            }
            if (((InetSocketAddress) request.remoteAddress()).getAddress().getHostAddress().startsWith("192.0.2.")) {
                return UpgradeDecision.reject(403, "not from the documentation network");
            }
            return "t0k3n".equals(request.queryParameter("token")) ? UpgradeDecision.accept()
                    : UpgradeDecision.reject(401, "token?");
        });
        assertThat(server.respond(valid().target("/chat?token=t0k3n").remoteAddress(from).build()).status())
                .isEqualTo(403);
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 50000);
        assertThat(server.respond(valid().target("/chat?token=t0k3n").remoteAddress(local).build()).isAccepted()).isTrue();
        assertThat(server.respond(valid().target("/chat?token=no").remoteAddress(local).build()).status()).isEqualTo(401);
        assertThat(server.respond(valid().target("/other").remoteAddress(local).build()).status()).isEqualTo(404);
    }

    @Test
    void queryParametersAreDecodedInOrderAndRepeatedNamesKeepEveryValue() {
        HandshakeRequest request = valid().target("/chat?room=a+b&x=%C3%A9&room=c&flag&=&").build();
        assertThat(request.path()).isEqualTo("/chat");
        assertThat(request.queryParameters()).containsExactly(Map.entry("room", List.of("a b", "c")),
                Map.entry("x", List.of("é")), Map.entry("flag", List.of("")), Map.entry("", List.of("")));
        assertThat(request.queryParameter("room")).isEqualTo("a b");
        assertThat(request.queryParameter("nope")).isNull();
        assertThat(valid().target("/plain").build().queryParameters()).isEmpty();
        assertThat(valid().build().remoteAddress()).isNull();
        assertThat(valid().build().sslSession()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {302, 403, 404, 429, 503, 599})
    void anyErrorOrRedirectStatusMayBeChosen(int status) {
        HandshakeResult result = server(request -> UpgradeDecision.reject(status, "no")).respond(valid().build());
        assertThat(result.status()).isEqualTo(status);
    }

    @Test
    void anUnlistedStatusGetsTheReasonPhraseOfItsClass() {
        HandshakeResult result = server(request -> UpgradeDecision.reject(499, "no")).respond(valid().build());
        assertThat(result.reasonPhrase()).isEqualTo("Client Error");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 101, 200, 204, 299, 600, -1})
    void aRejectionCannotClaimSuccess(int status) {
        assertThatIllegalArgumentException().isThrownBy(() -> UpgradeDecision.reject(status, "x"))
                .withMessageContaining(String.valueOf(status));
    }

    @Test
    void theApplicationMayAddHeadersToTheUpgradeResponseAfterTheHandshakeHeaders() {
        ServerHandshake server = server(request -> UpgradeDecision.accept()
                .withHeader("Set-Cookie", "session=abc; HttpOnly")
                .withHeader("Set-Cookie", "theme=dark"));
        HandshakeResult result = server.respond(valid().build());
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.headers()).isEqualTo(HttpHeaders.of(
                "Upgrade", "websocket",
                "Connection", "Upgrade",
                "Sec-WebSocket-Accept", TestRequests.ACCEPT,
                "Set-Cookie", "session=abc; HttpOnly",
                "Set-Cookie", "theme=dark"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upgrade", "connection", "Sec-WebSocket-Accept", "SEC-WEBSOCKET-PROTOCOL",
        "Sec-WebSocket-Extensions", "Sec-WebSocket-Version", "Content-Length", "Transfer-Encoding"})
    void anAcceptingDecisionMayNotSetTheHandshakesOwnHeaders(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> UpgradeDecision.accept().withHeader(name, "x"))
                .withMessageContaining(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length", "Transfer-Encoding", "Content-Type"})
    void aRejectingDecisionMayNotSetFramingHeaders(String name) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> UpgradeDecision.reject(400, "no").withHeader(name, "x"));
    }

    @Test
    void headerInjectionIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> UpgradeDecision.accept().withHeader("Set-Cookie", "a=b\r\nX-Evil: 1"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> UpgradeDecision.accept().withHeader("Bad Name", "x"));
    }

    @Test
    void anInterceptorThatThrowsIsAServerErrorThatCarriesTheCause() {
        RuntimeException failure = new IllegalArgumentException("the handshake sets Upgrade itself");
        HandshakeResult result = server(request -> {
            throw failure;
        }).respond(valid().build());
        HandshakeRejected rejection = (HandshakeRejected) result;
        assertThat(rejection.status()).isEqualTo(500);
        assertThat(rejection.reason()).isEqualTo(Reason.SERVER_ERROR);
        assertThat(rejection.cause()).containsSame(failure);
        assertThat(rejection.headers().isEmpty()).isTrue();
    }

    @Test
    void anInterceptorReturningNullIsAServerError() {
        assertThat(server(request -> null).respond(valid().build()).status()).isEqualTo(500);
    }

    @Test
    void theInterceptorIsNotAskedAboutInvalidRequests() {
        AtomicInteger calls = new AtomicInteger();
        ServerHandshake server = server(request -> {
            calls.incrementAndGet();
            return UpgradeDecision.accept();
        });
        server.respond(TestRequests.validWithout("Sec-WebSocket-Key").build());
        assertThat(calls).hasValue(0);
        server.respond(valid().build());
        assertThat(calls).hasValue(1);
    }

    @Test
    void theInterceptorSeesTheRequest() {
        ServerHandshake server = server(request -> request.target().startsWith("/chat")
                ? UpgradeDecision.accept()
                : UpgradeDecision.reject(404, "no WebSocket at " + request.target()));
        assertThat(server.respond(valid().build()).isAccepted()).isTrue();
        HandshakeResult result = server.respond(valid().target("/other").build());
        assertThat(((HandshakeRejected) result).body()).isEqualTo("no WebSocket at /other");
    }

    @Test
    void aRejectedRequestNegotiatesNoExtensionAndSelectsNoSubprotocol() {
        AtomicInteger negotiations = new AtomicInteger();
        ExtensionNegotiator negotiator = new ExtensionNegotiator() {
            @Override
            public String name() {
                return "x-test";
            }

            @Override
            public Optional<NegotiatedExtension> negotiate(List<ExtensionOffer> offers) {
                negotiations.incrementAndGet();
                return Optional.of(NegotiatedExtension.of("x-test", List.of(), Set.of()));
            }
        };
        ServerHandshake server = ServerHandshake.builder()
                .extension(negotiator)
                .subprotocols(offered -> {
                    throw new AssertionError("selector called after a rejection");
                })
                .interceptor(request -> UpgradeDecision.reject(403, "no"))
                .build();
        HandshakeResult result = server.respond(valid()
                .header("Sec-WebSocket-Extensions", "x-test")
                .header("Sec-WebSocket-Protocol", "chat").build());
        assertThat(result.status()).isEqualTo(403);
        assertThat(negotiations).hasValue(0);
    }
}
