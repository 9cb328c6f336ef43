package dev.torsion.websocket.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.ResponseHead;
import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 sections 3 and 4.1: the request a client sends. */
class Rfc6455Section4_1ClientRequestTest {

    @Test
    void theRequestCarriesEveryRequiredHeaderInOrder() {
        ClientHandshake client = ClientHandshake.builder(URI.create("ws://server.example.com/chat")).build();
        SimpleHandshakeRequest request = client.request();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.httpVersion()).isEqualTo("HTTP/1.1");
        assertThat(request.target()).isEqualTo("/chat");
        assertThat(request.headers()).isEqualTo(HttpHeaders.of(
                "Host", "server.example.com",
                "Upgrade", "websocket",
                "Connection", "Upgrade",
                "Sec-WebSocket-Key", client.key(),
                "Sec-WebSocket-Version", "13"));
        assertThat(WebSocketKey.isValid(client.key())).isTrue();
        assertThat(client.expectedAccept()).isEqualTo(WebSocketKey.accept(client.key()));
    }

    @Test
    void theRequestIsWrittenAsHttpText() {
        ClientHandshake client = ClientHandshake.builder(URI.create("ws://server.example.com/chat"))
                .random(new Random(1)).build();
        assertThat(client.request().toHttpText()).isEqualTo("GET /chat HTTP/1.1\r\n"
                + "Host: server.example.com\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + client.key() + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n");
    }

    @ParameterizedTest(name = "{0} -> Host {1}, target {2}")
    @CsvSource({
        "ws://example.com,                 example.com,        /",
        "ws://example.com:80/a,            example.com,        /a",
        "wss://example.com:443/a,          example.com,        /a",
        "ws://example.com:443/a,           example.com:443,    /a",
        "wss://example.com:8443/a/b?x=1&y, example.com:8443,   /a/b?x=1&y",
        "ws://example.com?q=%20,           example.com,        /?q=%20",
        "WS://Example.COM/Path,            Example.COM,        /Path",
        "ws://[::1]:9000/,                 [::1]:9000,         /",
        "ws://127.0.0.1/x%2Fy,             127.0.0.1,          /x%2Fy",
    })
    void hostAndTargetComeFromTheUri(String uri, String host, String target) {
        SimpleHandshakeRequest request = ClientHandshake.builder(URI.create(uri)).build().request();
        assertThat(request.headers().get("Host")).isEqualTo(host);
        assertThat(request.target()).isEqualTo(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/", "example.com/chat", "ws:/chat", "ws://example.com/#frag",
        "mailto:a@example.com"})
    void onlyWebSocketUrisWithAHostAndNoFragmentAreAccepted(String uri) {
        assertThatIllegalArgumentException().isThrownBy(() -> ClientHandshake.builder(URI.create(uri)));
    }

    @Test
    void subprotocolsExtensionsOriginAndExtraHeadersAreSent() {
        ClientHandshake client = ClientHandshake.builder(URI.create("wss://example.com/chat"))
                .subprotocols("chat", "superchat", "chat")
                .extensions(ExtensionOffer.of("permessage-deflate", ExtensionParameter.of("client_max_window_bits")),
                        ExtensionOffer.of("permessage-deflate"))
                .origin("https://example.com")
                .header("Authorization", "Bearer t0k3n")
                .build();
        SimpleHandshakeRequest request = client.request();
        assertThat(request.headers().getAll("Sec-WebSocket-Protocol")).containsExactly("chat, superchat");
        assertThat(request.headers().getAll("Sec-WebSocket-Extensions"))
                .containsExactly("permessage-deflate; client_max_window_bits, permessage-deflate");
        assertThat(request.headers().get("Origin")).isEqualTo("https://example.com");
        assertThat(request.headers().get("authorization")).isEqualTo("Bearer t0k3n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
        "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Origin", "Content-Length"})
    void theHandshakesOwnHeadersCannotBeAddedAsExtras(String name) {
        ClientHandshake.Builder builder = ClientHandshake.builder(URI.create("ws://example.com/"));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.header(name, "x"));
    }

    @Test
    void subprotocolsMustBeTokens() {
        ClientHandshake.Builder builder = ClientHandshake.builder(URI.create("ws://example.com/"));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.subprotocols("chat room"));
    }

    @Test
    void eachHandshakeDrawsAFreshKey() {
        ClientHandshake.Builder builder = ClientHandshake.builder(URI.create("ws://example.com/"));
        assertThat(builder.build().key()).isNotEqualTo(builder.build().key());
    }

    @Test
    void aServerHandshakeAcceptsTheClientsRequestAndTheClientAcceptsTheAnswer() throws HandshakeFailedException {
        ClientHandshake client = ClientHandshake.builder(URI.create("ws://example.com/chat"))
                .subprotocols("superchat", "chat")
                .build();
        ServerHandshake server = ServerHandshake.builder().subprotocols("chat").build();
        HandshakeResult answer = server.respond(client.request());
        assertThat(answer.isAccepted()).isTrue();

        ClientHandshakeResult agreed = client.verify(
                new ResponseHead(answer.status(), answer.reasonPhrase(), answer.headers()));
        assertThat(agreed.subprotocol()).contains("chat");
        assertThat(agreed.extensions()).isEmpty();
    }
}
