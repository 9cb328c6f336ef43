package dev.torsion.websocket.handshake;

import static dev.torsion.websocket.handshake.TestRequests.respond;
import static dev.torsion.websocket.handshake.TestRequests.valid;
import static dev.torsion.websocket.handshake.TestRequests.validWithout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.websocket.handshake.HandshakeRejected.Reason;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 4.2.1: what the server checks in the client's opening handshake, and its answers. */
class Rfc6455Section4_2_1OpeningHandshakeTest {

    private static HandshakeRejected rejected(SimpleHandshakeRequest.Builder request) {
        HandshakeResult result = respond(request);
        assertThat(result).isInstanceOf(HandshakeRejected.class);
        return (HandshakeRejected) result;
    }

    private static void assertBadRequest(SimpleHandshakeRequest.Builder request, Reason reason, String body) {
        HandshakeRejected rejection = rejected(request);
        assertThat(rejection.status()).isEqualTo(400);
        assertThat(rejection.reasonPhrase()).isEqualTo("Bad Request");
        assertThat(rejection.reason()).isEqualTo(reason);
        assertThat(rejection.body()).isEqualTo(body);
    }

    @Test
    void theRfcSampleRequestIsAccepted() {
        HandshakeResult result = respond(valid()
                .header("Origin", "http://example.com")
                .header("Sec-WebSocket-Protocol", "chat, superchat"));
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.status()).isEqualTo(101);
    }

    @Nested
    class Method {

        @ParameterizedTest
        @ValueSource(strings = {"POST", "HEAD", "PUT", "OPTIONS", "get"})
        void anythingButGetIsMethodNotAllowedWithAllowGet(String method) {
            HandshakeRejected rejection = rejected(valid().method(method));
            assertThat(rejection.status()).isEqualTo(405);
            assertThat(rejection.reasonPhrase()).isEqualTo("Method Not Allowed");
            assertThat(rejection.reason()).isEqualTo(Reason.METHOD_NOT_ALLOWED);
            assertThat(rejection.headers().getAll("Allow")).containsExactly("GET");
            assertThat(rejection.body()).isEqualTo("WebSocket handshake requires method GET, not " + method);
        }
    }

    @Nested
    class HttpVersion {

        /** HTTP/2 is not among them: its handshake is RFC 8441's extended CONNECT (Rfc8441Section5HandshakeTest). */
        @ParameterizedTest
        @ValueSource(strings = {"HTTP/1.1", "HTTP/1.2", "HTTP/3"})
        void oneDotOneAndLaterAreAccepted(String version) {
            assertThat(respond(valid().httpVersion(version)).isAccepted()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"HTTP/1.0", "HTTP/0.9", "HTTP/1", "http/1.1", "HTTP/1.x", "HTTP/", "HTTP/.1", "1.1",
            "HTTP/1.1.1", ""})
        void earlierOrMalformedVersionsAreBadRequests(String version) {
            assertBadRequest(valid().httpVersion(version), Reason.BAD_HTTP_VERSION,
                    "WebSocket handshake requires HTTP/1.1 or later, not " + version);
        }
    }

    @Nested
    class Host {

        @Test
        void missingHostIsABadRequest() {
            assertBadRequest(validWithout("Host"), Reason.BAD_HOST, "Host header is missing");
        }

        @Test
        void repeatedHostIsABadRequest() {
            assertBadRequest(valid().header("Host", "other.example.com"), Reason.BAD_HOST,
                    "Host header must appear exactly once");
        }

        @Test
        void emptyHostIsABadRequest() {
            assertBadRequest(validWithout("Host").header("Host", ""), Reason.BAD_HOST, "Host header is empty");
        }

        @Test
        void hostNameIsMatchedIgnoringCase() {
            assertThat(respond(validWithout("Host").header("HOST", "server.example.com")).isAccepted()).isTrue();
        }
    }

    @Nested
    class Upgrade {

        @Test
        void missingUpgradeIsABadRequest() {
            assertBadRequest(validWithout("Upgrade"), Reason.BAD_UPGRADE, "Upgrade header is missing");
        }

        @ParameterizedTest
        @ValueSource(strings = {"h2c", "websockets", "web socket", "websocket/13", "TLS/1.2"})
        void upgradeWithoutTheWebsocketTokenIsABadRequest(String value) {
            assertBadRequest(validWithout("Upgrade").header("Upgrade", value), Reason.BAD_UPGRADE,
                    "Upgrade header must contain the token websocket");
        }

        @ParameterizedTest
        @ValueSource(strings = {"websocket", "WebSocket", "WEBSOCKET", "h2c, websocket", "websocket,h2c",
            "TLS/1.2 ,  websocket", ",websocket,"})
        void upgradeContainingTheTokenInAnyCaseOrPositionIsAccepted(String value) {
            assertThat(respond(validWithout("Upgrade").header("Upgrade", value)).isAccepted()).isTrue();
        }

        @Test
        void theTokenMayBeInARepeatedUpgradeHeader() {
            assertThat(respond(validWithout("Upgrade").header("Upgrade", "h2c").header("upgrade", "websocket"))
                    .isAccepted()).isTrue();
        }
    }

    @Nested
    class Connection {

        @Test
        void missingConnectionIsABadRequest() {
            assertBadRequest(validWithout("Connection"), Reason.BAD_CONNECTION, "Connection header is missing");
        }

        @ParameterizedTest
        @ValueSource(strings = {"keep-alive", "close", "Upgraded", "keep-alive Upgrade"})
        void connectionWithoutTheUpgradeTokenIsABadRequest(String value) {
            assertBadRequest(validWithout("Connection").header("Connection", value), Reason.BAD_CONNECTION,
                    "Connection header must contain the token Upgrade");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Upgrade", "upgrade", "UPGRADE", "keep-alive, Upgrade", "Upgrade,keep-alive",
            "keep-alive ,\tupgrade"})
        void connectionContainingTheTokenInAnyCaseOrPositionIsAccepted(String value) {
            assertThat(respond(validWithout("Connection").header("Connection", value)).isAccepted()).isTrue();
        }

        @Test
        void theTokenMayBeInARepeatedConnectionHeader() {
            assertThat(respond(validWithout("Connection").header("Connection", "keep-alive")
                    .header("CONNECTION", "Upgrade")).isAccepted()).isTrue();
        }
    }

    @Nested
    class Key {

        @Test
        void missingKeyIsABadRequest() {
            assertBadRequest(validWithout("Sec-WebSocket-Key"), Reason.BAD_KEY,
                    "Sec-WebSocket-Key header is missing");
        }

        @Test
        void repeatedKeyIsABadRequest() {
            assertBadRequest(valid().header("Sec-WebSocket-Key", TestRequests.KEY), Reason.BAD_KEY,
                    "Sec-WebSocket-Key header must appear exactly once");
        }

        @ParameterizedTest
        @ValueSource(ints = {15, 17, 0, 1, 24})
        void aKeyThatIsNotSixteenBytesIsABadRequest(int length) {
            String key = Base64.getEncoder().encodeToString(new byte[length]);
            assertBadRequest(validWithout("Sec-WebSocket-Key").header("Sec-WebSocket-Key", key), Reason.BAD_KEY,
                    "Sec-WebSocket-Key must base64-decode to 16 bytes");
        }

        @ParameterizedTest
        @ValueSource(strings = {"not-base64-at-all!!!!!!!", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZR=="})
        void aKeyThatIsNotCanonicalBase64IsABadRequest(String key) {
            assertBadRequest(validWithout("Sec-WebSocket-Key").header("Sec-WebSocket-Key", key), Reason.BAD_KEY,
                    "Sec-WebSocket-Key must base64-decode to 16 bytes");
        }

        @Test
        void aSixteenByteKeyIsAccepted() {
            String key = Base64.getEncoder().encodeToString(new byte[16]);
            HandshakeResult result = respond(validWithout("Sec-WebSocket-Key").header("sec-websocket-key", key));
            assertThat(result.isAccepted()).isTrue();
            assertThat(result.headers().get("Sec-WebSocket-Accept")).isEqualTo(WebSocketKey.accept(key));
        }
    }

    @Nested
    class Version {

        @Test
        void versionThirteenIsAccepted() {
            assertThat(respond(valid()).isAccepted()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"8", "7", "0", "12", "14", "255"})
        void anotherVersionIsUpgradeRequiredNamingThirteen(String version) {
            HandshakeRejected rejection = rejected(
                    validWithout("Sec-WebSocket-Version").header("Sec-WebSocket-Version", version));
            assertThat(rejection.status()).isEqualTo(426);
            assertThat(rejection.reasonPhrase()).isEqualTo("Upgrade Required");
            assertThat(rejection.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
            assertThat(rejection.headers().getAll("Sec-WebSocket-Version")).containsExactly("13");
            assertThat(rejection.headers().getAll("Upgrade")).containsExactly("websocket");
            assertThat(rejection.body())
                    .isEqualTo("Sec-WebSocket-Version " + version + " is not supported; this server speaks version 13");
        }

        @Test
        void theVersionIsCheckedBeforeTheKeySoOldClientsLearnTheVersion() {
            HandshakeRejected rejection = rejected(validWithout("Sec-WebSocket-Version", "Sec-WebSocket-Key")
                    .header("Sec-WebSocket-Version", "8"));
            assertThat(rejection.status()).isEqualTo(426);
        }

        @Test
        void missingVersionIsABadRequestNamingThirteen() {
            HandshakeRejected rejection = rejected(validWithout("Sec-WebSocket-Version"));
            assertThat(rejection.status()).isEqualTo(400);
            assertThat(rejection.reason()).isEqualTo(Reason.BAD_VERSION);
            assertThat(rejection.headers().getAll("Sec-WebSocket-Version")).containsExactly("13");
            assertThat(rejection.body()).isEqualTo("Sec-WebSocket-Version header is missing");
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "13, 8", "013", "256", "1000", "-1", "", "1 3"})
        void aVersionThatIsNotANumberIsABadRequest(String version) {
            HandshakeRejected rejection = rejected(
                    validWithout("Sec-WebSocket-Version").header("Sec-WebSocket-Version", version));
            assertThat(rejection.status()).isEqualTo(400);
            assertThat(rejection.reason()).isEqualTo(Reason.BAD_VERSION);
            assertThat(rejection.headers().getAll("Sec-WebSocket-Version")).containsExactly("13");
            assertThat(rejection.body()).isEqualTo("Sec-WebSocket-Version must be a number from 0 to 255");
        }

        @Test
        void repeatedVersionIsABadRequest() {
            HandshakeRejected rejection = rejected(valid().header("Sec-WebSocket-Version", "13"));
            assertThat(rejection.status()).isEqualTo(400);
            assertThat(rejection.body()).isEqualTo("Sec-WebSocket-Version header must appear exactly once");
        }
    }

    @Nested
    class Subprotocol {

        @ParameterizedTest
        @ValueSource(strings = {"chat superchat", "chat, super chat", "chat; v=1", "\"chat\"", "chat/1.0"})
        void anOfferThatIsNotAListOfTokensIsABadRequest(String value) {
            HandshakeRejected rejection = rejected(valid().header("Sec-WebSocket-Protocol", value));
            assertThat(rejection.status()).isEqualTo(400);
            assertThat(rejection.reason()).isEqualTo(Reason.BAD_SUBPROTOCOL);
            assertThat(rejection.body()).startsWith("Sec-WebSocket-Protocol value \"").endsWith("\" is not a token");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ",", ", ,", ",\t,"})
        void anOfferListingNothingIsABadRequest(String value) {
            HandshakeRejected rejection = rejected(valid().header("Sec-WebSocket-Protocol", value));
            assertThat(rejection.status()).isEqualTo(400);
            assertThat(rejection.body()).isEqualTo("Sec-WebSocket-Protocol must list at least one subprotocol");
        }
    }

    @Test
    void checksRunInOrderAndTheFirstFailureIsReported() {
        HandshakeRejected rejection = rejected(SimpleHandshakeRequest.builder().method("POST").httpVersion("HTTP/1.0"));
        assertThat(rejection.reason()).isEqualTo(Reason.METHOD_NOT_ALLOWED);
        rejection = rejected(SimpleHandshakeRequest.builder().httpVersion("HTTP/1.0"));
        assertThat(rejection.reason()).isEqualTo(Reason.BAD_HTTP_VERSION);
        rejection = rejected(SimpleHandshakeRequest.builder().header("Host", "h"));
        assertThat(rejection.reason()).isEqualTo(Reason.BAD_UPGRADE);
    }

    @Test
    void aPlainBrowserVisitGetsAnExplanationNotACrash() {
        HandshakeRejected rejection = rejected(SimpleHandshakeRequest.builder()
                .header("Host", "server.example.com").header("Accept", "text/html"));
        assertThat(rejection.status()).isEqualTo(400);
        assertThat(rejection.body()).isEqualTo("Upgrade header is missing");
        assertThat(rejection.bodyBytes()).isEqualTo("Upgrade header is missing".getBytes());
        assertThat(HandshakeRejected.CONTENT_TYPE).isEqualTo("text/plain; charset=utf-8");
    }
}
