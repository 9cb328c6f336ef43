package dev.torsion.websocket.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.ResponseHead;
import dev.torsion.websocket.handshake.HandshakeFailedException.Check;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 4.1: the client checks the server's response strictly and fails on the first problem. */
class Rfc6455Section4_1ClientResponseCheckTest {

    private final ClientHandshake client = ClientHandshake.builder(URI.create("ws://example.com/chat"))
            .subprotocols("chat", "superchat")
            .extensions(ExtensionOffer.of("permessage-deflate", ExtensionParameter.of("client_max_window_bits")))
            .build();

    /** A correct answer to {@link #client}, without subprotocol or extensions. */
    private HttpHeaders goodHeadersWithout(String... omitted) {
        Set<String> skip = Set.of(omitted);
        HttpHeaders headers = new HttpHeaders();
        if (!skip.contains("Upgrade")) {
            headers.add("Upgrade", "websocket");
        }
        if (!skip.contains("Connection")) {
            headers.add("Connection", "Upgrade");
        }
        if (!skip.contains("Sec-WebSocket-Accept")) {
            headers.add("Sec-WebSocket-Accept", client.expectedAccept());
        }
        return headers;
    }

    private ClientHandshakeResult verify(HttpHeaders headers) throws HandshakeFailedException {
        return client.verify(new ResponseHead(101, "Switching Protocols", headers));
    }

    private void assertFails(HttpHeaders headers, Check check, String message) {
        assertThatThrownBy(() -> verify(headers))
                .isInstanceOfSatisfying(HandshakeFailedException.class, e -> {
                    assertThat(e.check()).isEqualTo(check);
                    assertThat(e.status()).isEqualTo(101);
                    assertThat(e.getMessage()).startsWith(check + ": ").contains(message);
                });
    }

    @Test
    void aCorrectResponseIsAccepted() throws HandshakeFailedException {
        ClientHandshakeResult result = verify(goodHeadersWithout().add("Set-Cookie", "a=b"));
        assertThat(result.subprotocol()).isEmpty();
        assertThat(result.extensions()).isEmpty();
        assertThat(result.headers().get("Set-Cookie")).isEqualTo("a=b");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 400, 403, 426, 302, 500})
    void anyStatusButSwitchingProtocolsFails(int status) {
        assertThatThrownBy(() -> client.verify(new ResponseHead(status, "Nope", goodHeadersWithout())))
                .isInstanceOfSatisfying(HandshakeFailedException.class, e -> {
                    assertThat(e.check()).isEqualTo(Check.STATUS);
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).isEqualTo("STATUS: expected status 101, got " + status + " Nope");
                });
    }

    @Test
    void upgradeMustBeExactlyWebsocketIgnoringCase() throws HandshakeFailedException {
        assertFails(goodHeadersWithout("Upgrade"), Check.UPGRADE, "expected one Upgrade: websocket");
        assertFails(goodHeadersWithout("Upgrade").add("Upgrade", "h2c"), Check.UPGRADE, "[h2c]");
        assertFails(goodHeadersWithout("Upgrade").add("Upgrade", "websocket, h2c"), Check.UPGRADE, "h2c");
        assertFails(goodHeadersWithout().add("Upgrade", "websocket"), Check.UPGRADE, "websocket, websocket");
        assertThat(verify(goodHeadersWithout("Upgrade").add("Upgrade", "WebSocket"))).isNotNull();
    }

    @Test
    void connectionMustContainUpgradeIgnoringCase() throws HandshakeFailedException {
        assertFails(goodHeadersWithout("Connection"), Check.CONNECTION, "expected Connection to contain Upgrade");
        assertFails(goodHeadersWithout("Connection").add("Connection", "keep-alive"), Check.CONNECTION,
                "keep-alive");
        assertThat(verify(goodHeadersWithout("Connection").add("Connection", "keep-alive, upgrade"))).isNotNull();
        assertThat(verify(goodHeadersWithout("Connection").add("Connection", "close").add("Connection", "UPGRADE")))
                .isNotNull();
    }

    @Test
    void acceptMustBeTheValueDerivedFromOurKey() {
        assertFails(goodHeadersWithout("Sec-WebSocket-Accept"), Check.ACCEPT, "got []");
        assertFails(goodHeadersWithout("Sec-WebSocket-Accept").add("Sec-WebSocket-Accept", TestRequests.ACCEPT),
                Check.ACCEPT, client.expectedAccept());
        assertFails(goodHeadersWithout().add("Sec-WebSocket-Accept", client.expectedAccept()),
                Check.ACCEPT, "expected one");
        assertFails(goodHeadersWithout("Sec-WebSocket-Accept")
                        .add("Sec-WebSocket-Accept", client.expectedAccept().toLowerCase()),
                Check.ACCEPT, "got [");
    }

    @Test
    void anOfferedSubprotocolIsAccepted() throws HandshakeFailedException {
        assertThat(verify(goodHeadersWithout().add("Sec-WebSocket-Protocol", "superchat")).subprotocol())
                .contains("superchat");
    }

    @Test
    void aSubprotocolThatWasNotOfferedFails() {
        assertFails(goodHeadersWithout().add("Sec-WebSocket-Protocol", "mqtt"), Check.SUBPROTOCOL,
                "server chose subprotocol mqtt, which was not offered");
        assertFails(goodHeadersWithout().add("Sec-WebSocket-Protocol", "Chat"), Check.SUBPROTOCOL,
                "which was not offered");
    }

    @Test
    void moreThanOneSubprotocolFails() {
        assertFails(goodHeadersWithout().add("Sec-WebSocket-Protocol", "chat, superchat"), Check.SUBPROTOCOL,
                "expected one subprotocol");
        assertFails(goodHeadersWithout().add("Sec-WebSocket-Protocol", "chat").add("Sec-WebSocket-Protocol", "chat"),
                Check.SUBPROTOCOL, "expected one subprotocol");
    }

    @Test
    void aSubprotocolWhenNoneWasOfferedFails() {
        ClientHandshake plain = ClientHandshake.builder(URI.create("ws://example.com/")).build();
        HttpHeaders headers = new HttpHeaders()
                .add("Upgrade", "websocket").add("Connection", "Upgrade")
                .add("Sec-WebSocket-Accept", plain.expectedAccept())
                .add("Sec-WebSocket-Protocol", "chat");
        assertThatThrownBy(() -> plain.verify(new ResponseHead(101, "", headers)))
                .isInstanceOfSatisfying(HandshakeFailedException.class,
                        e -> assertThat(e.check()).isEqualTo(Check.SUBPROTOCOL));
    }

    @Test
    void anOfferedExtensionIsAcceptedWithTheServersParameters() throws HandshakeFailedException {
        ClientHandshakeResult result = verify(goodHeadersWithout()
                .add("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits=10"));
        assertThat(result.extensions()).containsExactly(
                ExtensionOffer.of("permessage-deflate", ExtensionParameter.of("client_max_window_bits", "10")));
    }

    @Test
    void anExtensionThatWasNotOfferedFails() {
        assertFails(goodHeadersWithout().add("Sec-WebSocket-Extensions", "x-webkit-deflate-frame"),
                Check.EXTENSIONS, "server agreed to extension x-webkit-deflate-frame, which was not offered");
    }

    @Test
    void anExtensionAgreedTwiceFails() {
        assertFails(goodHeadersWithout().add("Sec-WebSocket-Extensions", "permessage-deflate, permessage-deflate"),
                Check.EXTENSIONS, "more than once");
    }

    @Test
    void aMalformedExtensionsHeaderFails() {
        assertFails(goodHeadersWithout().add("Sec-WebSocket-Extensions", "permessage-deflate;"),
                Check.EXTENSIONS, "expected a parameter name");
    }

    @Test
    void extensionsAreCheckedBeforeTheSubprotocolAsInTheRfc() {
        assertFails(goodHeadersWithout()
                        .add("Sec-WebSocket-Extensions", "x-unknown")
                        .add("Sec-WebSocket-Protocol", "mqtt"),
                Check.EXTENSIONS, "x-unknown");
    }
}
