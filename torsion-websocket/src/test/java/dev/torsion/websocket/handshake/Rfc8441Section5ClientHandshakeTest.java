package dev.torsion.websocket.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.ResponseHead;
import dev.torsion.websocket.handshake.HandshakeFailedException.Check;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 8441 section 5 from the client: the extended CONNECT carries what the HTTP/1.1 request does but
 * {@code Upgrade}, {@code Connection} and {@code Sec-WebSocket-Key}, and the answer must be 200, with a
 * subprotocol and extensions among those offered.
 */
class Rfc8441Section5ClientHandshakeTest {

    private final ClientHandshake client = ClientHandshake.builder(URI.create("wss://example.com:8443/chat?room=1"))
            .subprotocols("chat", "superchat")
            .extensions(ExtensionOffer.of("permessage-deflate", ExtensionParameter.of("client_max_window_bits")))
            .origin("https://app.example")
            .header("Authorization", "Bearer x")
            .build();

    @Test
    void the_extended_connect_is_the_upgrade_request_without_upgrade_connection_and_key() {
        SimpleHandshakeRequest connect = client.extendedConnect();
        assertThat(connect.method()).isEqualTo("CONNECT");
        assertThat(connect.httpVersion()).isEqualTo("HTTP/2");
        assertThat(connect.connectProtocol()).isEqualTo("websocket");
        assertThat(connect.target()).isEqualTo("/chat?room=1");
        List<String> names = new ArrayList<>();
        connect.headers().forEach((name, value) -> names.add(name));
        assertThat(names).containsExactly("Host", "Sec-WebSocket-Version", "Origin", "Sec-WebSocket-Protocol",
                "Sec-WebSocket-Extensions", "Authorization");
        assertThat(connect.headers().get("Host")).isEqualTo("example.com:8443");
        assertThat(connect.headers().get("Sec-WebSocket-Version")).isEqualTo("13");
        assertThat(connect.headers().get("Sec-WebSocket-Protocol")).isEqualTo("chat, superchat");
        assertThat(client.request().headers().get("Sec-WebSocket-Key")).isNotNull();
    }

    @Test
    void a_server_accepts_what_the_client_sends() {
        HandshakeResult result = ServerHandshake.builder().subprotocols("superchat").build().respond(client.extendedConnect());
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.headers().get("Sec-WebSocket-Protocol")).isEqualTo("superchat");
    }

    @Test
    void a_200_with_an_offered_subprotocol_and_extension_is_agreed() throws HandshakeFailedException {
        ClientHandshakeResult agreed = client.verifyExtendedConnect(new ResponseHead(200, "OK", HttpHeaders.of(
                "sec-websocket-protocol", "chat", "sec-websocket-extensions", "permessage-deflate")));
        assertThat(agreed.subprotocol()).contains("chat");
        assertThat(agreed.extensions()).extracting(ExtensionOffer::name).containsExactly("permessage-deflate");
    }

    @Test
    void nothing_of_the_upgrade_is_needed_in_the_answer() throws HandshakeFailedException {
        assertThat(client.verifyExtendedConnect(new ResponseHead(200, "OK", HttpHeaders.empty())).subprotocol()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 201, 204, 400, 404, 426, 501})
    void any_other_status_fails_the_status_check(int status) {
        assertThatThrownBy(() -> client.verifyExtendedConnect(new ResponseHead(status, "X", HttpHeaders.empty())))
                .isInstanceOfSatisfying(HandshakeFailedException.class, e -> {
                    assertThat(e.check()).isEqualTo(Check.STATUS);
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).contains("expected status 200 to the extended CONNECT, got " + status);
                });
    }

    @Test
    void a_subprotocol_or_extension_not_offered_fails() {
        assertThatThrownBy(() -> client.verifyExtendedConnect(new ResponseHead(200, "OK",
                HttpHeaders.of("sec-websocket-protocol", "other"))))
                .isInstanceOfSatisfying(HandshakeFailedException.class, e -> assertThat(e.check()).isEqualTo(Check.SUBPROTOCOL));
        assertThatThrownBy(() -> client.verifyExtendedConnect(new ResponseHead(200, "OK",
                HttpHeaders.of("sec-websocket-extensions", "x-unknown"))))
                .isInstanceOfSatisfying(HandshakeFailedException.class, e -> assertThat(e.check()).isEqualTo(Check.EXTENSIONS));
    }
}
