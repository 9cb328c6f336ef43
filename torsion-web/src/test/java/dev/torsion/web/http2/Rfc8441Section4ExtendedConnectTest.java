package dev.torsion.web.http2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8441 section 4, with RFC 9113 sections 8.3 and 8.5: the extended CONNECT. {@code :protocol} is a request
 * pseudo-header only on CONNECT, and such a request carries {@code :scheme}, {@code :path} and
 * {@code :authority}; a CONNECT without {@code :protocol} is the classic tunnel request, which must not carry
 * {@code :scheme} or {@code :path}. Every other form is malformed: RST_STREAM PROTOCOL_ERROR, the connection
 * goes on.
 */
class Rfc8441Section4ExtendedConnectTest {

    private static void expectMalformed(String... fields) {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().headers(1, false, true, Wire.literals(fields)));
        Wire.Frame rst = h.only(FrameType.RST_STREAM);
        assertThat(ErrorCode.of(rst.errorCode())).as(String.join(" ", fields)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(h.streams).isEmpty();
        assertThat(h.transport.isDisconnecting()).isFalse();
        h.send(Wire.wire().headers(3, true, true, Wire.get("/after")));
        assertThat(h.streams).hasSize(1);
    }

    @Test
    void an_extended_connect_opens_a_stream_with_its_protocol() {
        ServerHarness h = new ServerHarness().handshake();
        h.send(Wire.wire().headers(1, false, true, Wire.literals(":method", "CONNECT", ":protocol", "websocket",
                ":scheme", "https", ":path", "/chat?room=1", ":authority", "server.example.com",
                "sec-websocket-protocol", "chat, superchat", "sec-websocket-version", "13",
                "origin", "http://www.example.com")));
        assertThat(h.frames()).noneMatch(f -> f.type() == FrameType.RST_STREAM || f.type() == FrameType.GOAWAY);
        ServerHarness.Recorder r = h.stream(0);
        assertThat(r.events).containsExactly("made");
        assertThat(r.requestHeaders.get(":protocol")).isEqualTo("websocket");
        assertThat(r.requestHeaders.get(":path")).isEqualTo("/chat?room=1");
        assertThat(r.stream.state()).isEqualTo(StreamState.OPEN);
    }

    @Test
    void protocol_on_another_method_is_malformed() {
        expectMalformed(":method", "GET", ":protocol", "websocket", ":scheme", "http", ":path", "/", ":authority", "x");
        expectMalformed(":method", "POST", ":protocol", "websocket", ":scheme", "http", ":path", "/", ":authority", "x");
    }

    @Test
    void an_extended_connect_needs_scheme_and_path() {
        expectMalformed(":method", "CONNECT", ":protocol", "websocket", ":path", "/", ":authority", "x");
        expectMalformed(":method", "CONNECT", ":protocol", "websocket", ":scheme", "http", ":authority", "x");
        expectMalformed(":method", "CONNECT", ":protocol", "websocket", ":scheme", "http", ":path", "", ":authority", "x");
    }

    @Test
    void protocol_repeated_or_after_a_regular_field_is_malformed() {
        expectMalformed(":method", "CONNECT", ":protocol", "websocket", ":protocol", "websocket", ":scheme", "http",
                ":path", "/", ":authority", "x");
        expectMalformed(":method", "CONNECT", ":scheme", "http", ":path", "/", ":authority", "x",
                "sec-websocket-version", "13", ":protocol", "websocket");
    }

    @Test
    void a_connect_without_protocol_must_not_carry_scheme_or_path() {
        expectMalformed(":method", "CONNECT", ":scheme", "https", ":path", "/chat", ":authority", "x");
        expectMalformed(":method", "CONNECT", ":path", "/chat", ":authority", "x");
        expectMalformed(":method", "CONNECT", ":scheme", "https");
    }

    @Test
    void the_upgrade_fields_of_http_1_1_are_malformed_on_an_extended_connect() {
        // RFC 8441 section 5: Connection and Upgrade are not part of HTTP/2 (RFC 9113 section 8.2.2)
        expectMalformed(":method", "CONNECT", ":protocol", "websocket", ":scheme", "http", ":path", "/",
                ":authority", "x", "upgrade", "websocket");
        expectMalformed(":method", "CONNECT", ":protocol", "websocket", ":scheme", "http", ":path", "/",
                ":authority", "x", "connection", "upgrade");
    }
}
