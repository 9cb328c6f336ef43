package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryPipe;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TransportWebSocket} over torsion's in-memory transport and pipe: hand-over, echo, closing, errors. */
class TransportWebSocketTest {

    static final WebSocketConfig NO_PING = WebSocketConfig.defaults().withPing(Duration.ZERO, Duration.ofSeconds(10));
    private static final FrameWriter CLIENT_FRAMES = new FrameWriter(Role.CLIENT, new MaskGenerator(3));

    static byte[] clientFrame(int opcode, byte[] payload) {
        return CLIENT_FRAMES.frame(opcode, true, 0, ByteBuffer.wrap(payload)).array();
    }

    static byte[] clientText(String text) {
        return clientFrame(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void framesThatArriveWithTheHandOverAreNotLost() {
        RecordingHandler handler = new RecordingHandler();
        TransportWebSocket protocol = TransportWebSocket.server(handler, NO_PING.withKeepRequestHeaders(true), "chat",
                HttpHeaders.of("Sec-WebSocket-Protocol", "chat"));
        MemoryTransport transport = new MemoryTransport();
        transport.connect(protocol);
        transport.receive(Hex.concat(clientText("first"), clientFrame(Opcode.PING, new byte[] {9}), clientText("second")));
        assertThat(handler.events).containsExactly("open", "text:first", "ping:09", "text:second");
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("8a0109");
        assertThat(handler.session.subprotocol()).isEqualTo("chat");
        assertThat(handler.session.requestHeaders().getAll("sec-websocket-protocol")).containsExactly("chat");
        assertThat(handler.session.remoteAddress()).isEqualTo(transport.remoteAddress());
        assertThat(protocol.state()).isEqualTo(ConnectionState.OPEN);
    }

    @Test
    void theRequestHeadersAreReadableInOnOpenAndKeptAfterItOnlyWhenAskedFor() {
        java.util.List<String> inOnOpen = new java.util.ArrayList<>();
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public void onOpen(WebSocketSession session) {
                super.onOpen(session);
                inOnOpen.addAll(session.requestHeaders().getAll("Cookie"));
            }
        };
        new MemoryTransport().connect(TransportWebSocket.server(handler, NO_PING, null, HttpHeaders.of("Cookie", "id=7")));
        assertThat(inOnOpen).containsExactly("id=7");
        assertThatThrownBy(() -> handler.session.requestHeaders()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not kept after onOpen")
                .hasMessageContaining("WebSocketConfig.withKeepRequestHeaders(true)");

        RecordingHandler keeper = new RecordingHandler();
        new MemoryTransport().connect(TransportWebSocket.server(keeper, NO_PING.withKeepRequestHeaders(true), null,
                HttpHeaders.of("Cookie", "id=8")));
        assertThat(keeper.session.requestHeaders().getAll("cookie")).containsExactly("id=8");
    }

    @Test
    void echoBetweenClientAndServerOneByteAtATimeThenACleanClose() {
        RecordingHandler server = new RecordingHandler();
        server.onText = WebSocketSession::sendText;
        RecordingHandler client = new RecordingHandler();
        TransportWebSocket serverProtocol = TransportWebSocket.server(server, NO_PING, null, HttpHeaders.empty());
        TransportWebSocket clientProtocol = TransportWebSocket.client(client, NO_PING, null, HttpHeaders.empty());
        MemoryPipe pipe = MemoryPipe.connect(clientProtocol, serverProtocol, 1);
        client.session.sendText("héllo");
        client.session.sendBinary(new byte[] {1, 2, 3});
        pipe.pump();
        assertThat(client.events).containsExactly("open", "text:héllo");
        assertThat(server.events).containsExactly("open", "text:héllo", "binary:010203");
        client.session.close(CloseCode.NORMAL_CLOSURE, "done");
        pipe.pump();
        assertThat(server.events).endsWith("close:1000:true");
        assertThat(client.events).endsWith("close:1000:true");
        assertThat(server.closeReason).isEqualTo("done");
        assertThat(pipe.serverTransport().isAborted()).isFalse();
        assertThat(pipe.clientTransport().isAborted()).isFalse();
        assertThat(client.session.sendText("late")).isFalse();
    }

    @Test
    void aServerInitiatedCloseIsCleanOnBothSides() {
        RecordingHandler server = new RecordingHandler();
        RecordingHandler client = new RecordingHandler();
        MemoryPipe pipe = MemoryPipe.connect(TransportWebSocket.client(client, NO_PING, null, HttpHeaders.empty()),
                TransportWebSocket.server(server, NO_PING, null, HttpHeaders.empty()), 3);
        server.session.sendText("bye soon");
        server.session.close(CloseCode.GOING_AWAY, "restart");
        server.session.close();
        pipe.pump();
        assertThat(client.events).containsExactly("open", "text:bye soon", "close:1001:true");
        assertThat(server.events).containsExactly("open", "close:1001:true");
        assertThat(client.closeReason).isEqualTo("restart");
    }

    @Test
    void aProtocolErrorIsReportedToTheApplicationAndClosedWith1002() {
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, NO_PING, null, HttpHeaders.empty()));
        transport.receive(Hex.bytes("81 05 48 65 6c 6c 6f"));
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("880203ea");
        assertThat(transport.isLost()).isTrue();
        assertThat(handler.events).containsExactly("open", "close:1002:false");
        assertThat(handler.closeReason).contains("unmasked");
    }

    @Test
    void aHandlerThatThrowsFailsTheConnectionWith1011() {
        RecordingHandler handler = new RecordingHandler();
        handler.onText = (s, t) -> {
            throw new IllegalArgumentException("boom");
        };
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, NO_PING, null, HttpHeaders.empty()));
        transport.receive(Hex.concat(clientText("x"), clientText("never")));
        assertThat(handler.events).containsExactly("open", "text:x", "error:boom", "close:1011:false");
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("880203f3");
    }

    @Test
    void eofWithoutACloseFrameIsAnAbnormalClosure() {
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, NO_PING, null, HttpHeaders.empty()));
        transport.receiveEof();
        assertThat(handler.events).containsExactly("open", "close:1006:false");
        assertThat(transport.takeWritten()).isEmpty();
    }

    @Test
    void sessionUseBeforeTheConnectionIsMadeNamesTheCallAndState() {
        TransportWebSocket protocol = TransportWebSocket.server(new RecordingHandler(), NO_PING, null, HttpHeaders.empty());
        assertThatThrownBy(() -> protocol.session().sendText("x")).isInstanceOf(IllegalStateException.class)
                .hasMessage("sendText: not allowed in state CONNECTING");
        assertThat(protocol.state()).isEqualTo(ConnectionState.CONNECTING);
    }

    @Test
    void aPreparedMessageIsFramedOnceAndWrittenToEverySession() {
        PreparedMessage message = PreparedMessage.text("news");
        FakeClock clock = new FakeClock();
        for (int i = 0; i < 3; i++) {
            RecordingHandler handler = new RecordingHandler();
            MemoryTransport transport = new MemoryTransport(clock);
            transport.connect(TransportWebSocket.server(handler, NO_PING, null, HttpHeaders.empty()));
            assertThat(handler.session.sendPrepared(message)).isTrue();
            assertThat(Hex.of(transport.takeWritten())).isEqualTo("81046e657773");
        }
        RecordingHandler server = new RecordingHandler();
        RecordingHandler client = new RecordingHandler();
        MemoryPipe pipe = MemoryPipe.connect(TransportWebSocket.client(client, NO_PING, null, HttpHeaders.empty()),
                TransportWebSocket.server(server, NO_PING, null, HttpHeaders.empty()));
        client.session.sendPrepared(PreparedMessage.binary(new byte[] {7}));
        pipe.pump();
        assertThat(server.events).containsExactly("open", "binary:07");
    }

    @Test
    void aMessageStreamSendsFragmentsAndBlocksOtherMessagesUntilFinished() {
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, NO_PING, null, HttpHeaders.empty()));
        MessageStream stream = handler.session.startText();
        assertThat(stream.write("Hel")).isTrue();
        assertThatThrownBy(() -> handler.session.sendText("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sendText: a message stream is open");
        assertThatThrownBy(() -> handler.session.startBinary()).isInstanceOf(IllegalStateException.class);
        assertThat(handler.session.ping(ByteBuffer.wrap(new byte[] {1}))).isTrue();
        assertThatThrownBy(() -> stream.write(new byte[] {(byte) 0xff})).isInstanceOf(IllegalArgumentException.class);
        assertThat(stream.write(new byte[] {(byte) 0xc3})).isTrue();
        assertThatThrownBy(stream::finish).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends inside a UTF-8 sequence");
        assertThat(stream.finish(ByteBuffer.wrap(new byte[] {(byte) 0xa9}))).isTrue();
        assertThat(handler.session.sendText("next")).isTrue();
        assertThat(Frames.decode(transport.takeWritten(), Role.SERVER)).containsExactly(
                "TEXT more 48656c", "PING fin 01", "CONTINUATION more c3", "CONTINUATION fin a9", "TEXT fin 6e657874");
    }

    @Test
    void onOpenMaySendAtOnce() {
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public void onOpen(WebSocketSession session) {
                super.onOpen(session);
                assertThat(session.isOpen()).isTrue();
                assertThat(session.sendText("welcome")).isTrue();
            }
        };
        dev.torsion.testing.MemoryTransport transport = new dev.torsion.testing.MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, NO_PING, null, HttpHeaders.empty()));
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("8107" + Hex.of("welcome".getBytes()));
    }
}
