package dev.torsion.websocket.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The plain request tests and the client build: defaults, repeated headers kept in order, the wire text. */
class SimpleHandshakeRequestTest {

    @Test
    void defaultsAndRepeatedHeaders() {
        SimpleHandshakeRequest request = SimpleHandshakeRequest.builder()
                .header("Sec-WebSocket-Protocol", "a").header("sec-websocket-protocol", "b").build();
        assertThat(request.headers().get("SEC-WEBSOCKET-PROTOCOL")).isEqualTo("a");
        assertThat(request.headers().getAll("Sec-WebSocket-Protocol")).containsExactly("a", "b");
        assertThat(request.headers().getAll("Missing")).isEmpty();
        assertThat(request.headers().isReadOnly()).isTrue();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.httpVersion()).isEqualTo("HTTP/1.1");
        assertThat(request.target()).isEqualTo("/");
        assertThat(request.toHttpText()).isEqualTo("GET / HTTP/1.1\r\nSec-WebSocket-Protocol: a\r\n"
                + "sec-websocket-protocol: b\r\n\r\n");
    }
}
