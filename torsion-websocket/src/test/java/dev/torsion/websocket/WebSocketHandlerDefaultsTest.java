package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.frame.Opcode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * {@link WebSocketHandler}'s defaults and factories: a handler overrides only what it needs, one-liners are
 * lambdas, and a message of a kind the handler does not take closes with 1003 (RFC 6455 section 7.4.1).
 */
class WebSocketHandlerDefaultsTest {

    private static MemoryTransport open(WebSocketHandler handler) {
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, TransportWebSocketTest.NO_PING, null, HttpHeaders.empty()));
        return transport;
    }

    @Test
    void aTextLambdaAnswersTextAndRefusesBinaryWith1003() {
        MemoryTransport transport = open(WebSocketHandler.onText((session, text) -> session.sendText(text + "!")));
        transport.receive(TransportWebSocketTest.clientText("hi"));
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("8103" + Hex.of("hi!".getBytes()));

        transport.receive(TransportWebSocketTest.clientFrame(Opcode.BINARY, new byte[] {1}));
        assertThat(Hex.of(transport.takeWritten())).isEqualTo(close1003("binary messages are not accepted"));
    }

    @Test
    void aBinaryLambdaAnswersBinaryAndRefusesTextWith1003() {
        MemoryTransport transport = open(WebSocketHandler.onBinary((session, data) -> session.sendBinary(data)));
        transport.receive(TransportWebSocketTest.clientFrame(Opcode.BINARY, new byte[] {7, 8}));
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("82020708");

        transport.receive(TransportWebSocketTest.clientText("no"));
        assertThat(Hex.of(transport.takeWritten())).isEqualTo(close1003("text messages are not accepted"));
    }

    @Test
    void onMessageTakesBoth() {
        List<String> got = new ArrayList<>();
        MemoryTransport transport = open(WebSocketHandler.onMessage(
                (session, text) -> got.add("text:" + text),
                (session, data) -> got.add("binary:" + data.remaining())));
        transport.receive(Hex.concat(TransportWebSocketTest.clientText("a"),
                TransportWebSocketTest.clientFrame(Opcode.BINARY, new byte[3])));
        assertThat(got).containsExactly("text:a", "binary:3");
        assertThat(transport.takeWritten()).isEmpty();
    }

    @Test
    void anEmptyHandlerCompilesAndEveryOtherDefaultDoesNothing() {
        WebSocketHandler nothing = new WebSocketHandler() { };
        MemoryTransport transport = open(nothing);
        transport.receive(TransportWebSocketTest.clientFrame(Opcode.PING, new byte[] {5}));
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("8a0105");   // answered by the core, nothing else
        transport.receive(TransportWebSocketTest.clientFrame(Opcode.CLOSE, new byte[] {3, (byte) 0xe8}));
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("880203e8");
    }

    @Test
    void factoriesRefuseNull() {
        assertThatNullPointerException().isThrownBy(() -> WebSocketHandler.onText(null));
        assertThatNullPointerException().isThrownBy(() -> WebSocketHandler.onBinary(null));
        assertThatNullPointerException().isThrownBy(() -> WebSocketHandler.onMessage((s, t) -> { }, null));
    }

    /** A server's close frame with 1003 and {@code reason}, as hex. */
    private static String close1003(String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return "88" + String.format("%02x", text.length + 2) + "03eb" + Hex.of(text);
    }
}
