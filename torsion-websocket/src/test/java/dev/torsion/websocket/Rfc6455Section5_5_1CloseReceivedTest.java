package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.MemoryPipe;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.frame.Opcode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 section 5.5.1: "If an endpoint receives a Close frame and did not previously send a Close frame,
 * the endpoint MUST send a Close frame in response ... typically echoing the status code it received", and
 * section 7's closing handshake as the application sees it: {@link WebSocketHandler#onCloseReceived} while TCP
 * is up (a last message, the answer's code, a stream cut at once), and {@link WebSocketSession#closeFuture()}
 * completing when the handshake is done.
 */
class Rfc6455Section5_5_1CloseReceivedTest {

    /** Records the callbacks and runs {@code onCloseReceived} actions. */
    static class Handler extends RecordingHandler {
        BiConsumer<WebSocketSession, CloseCode> atClose = (s, c) -> { };

        @Override
        public void onCloseReceived(WebSocketSession session, CloseCode code, String reason) {
            events.add("closeReceived:" + code.code() + ":" + reason + ":open=" + session.isOpen());
            atClose.accept(session, code);
        }
    }

    private static byte[] clientClose(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + r.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(r, 0, payload, 2, r.length);
        return TransportWebSocketTest.clientFrame(Opcode.CLOSE, payload);
    }

    private static MemoryTransport server(WebSocketHandler handler) {
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, TransportWebSocketTest.NO_PING, null, HttpHeaders.empty()));
        return transport;
    }

    @Test
    void theHandlerHearsThePeersCloseWhileTcpIsUpAndMaySendALastMessageBeforeTheEcho() {
        Handler handler = new Handler();
        handler.atClose = (session, code) -> assertThat(session.sendText("last words")).isTrue();
        MemoryTransport transport = server(handler);
        transport.receive(clientClose(1001, "going"));
        assertThat(handler.events).containsExactly("open", "closeReceived:1001:going:open=false", "close:1001:true");
        // the last message, then the echo of 1001
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("810a" + Hex.of("last words".getBytes()) + "880203e9");
    }

    @Test
    void theHandlerMayChooseTheAnswersCodeAndReason() {
        Handler handler = new Handler();
        handler.atClose = (session, code) -> session.close(CloseCode.of(4000), "see you");
        MemoryTransport transport = server(handler);
        transport.receive(clientClose(1000, ""));
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("88090fa0" + Hex.of("see you".getBytes()));
        assertThat(handler.events).endsWith("close:1000:true");
    }

    @Test
    void withoutAnAnswerChosenThePeersCodeIsEchoedAndAMissingCodeAnsweredEmpty() {
        MemoryTransport transport = server(new Handler());
        transport.receive(clientClose(3001, "x"));
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("88020bb9");
        MemoryTransport empty = server(new Handler());
        empty.receive(TransportWebSocketTest.clientFrame(Opcode.CLOSE, new byte[0]));
        assertThat(Hex.of(empty.takeWritten())).isEqualTo("8800");
    }

    @Test
    void aStreamOpenWhenThePeerClosesIsCutAtOnceAndItsWritesFail() {
        Handler handler = new Handler();
        MemoryTransport transport = server(handler);
        MessageStream stream = handler.session.startBinary();
        assertThat(stream.write(ByteBuffer.wrap(new byte[] {1, 2}))).isTrue();
        transport.takeWritten();
        transport.receive(clientClose(1000, ""));
        assertThat(Hex.of(transport.takeWritten())).as("answered between fragments").isEqualTo("880203e8");
        assertThat(stream.write(ByteBuffer.wrap(new byte[] {3}))).isFalse();
        assertThat(stream.finish()).isFalse();
        assertThat(transport.takeWritten()).isEmpty();
        assertThat(handler.events).endsWith("close:1000:true");
    }

    @Test
    void aStreamMayBeFinishedInsideTheCallback() {
        Handler handler = new Handler();
        MemoryTransport transport = server(handler);
        MessageStream stream = handler.session.startText();
        stream.write("par");
        handler.atClose = (session, code) -> assertThat(stream.finish(ByteBuffer.wrap("t".getBytes()))).isTrue();
        transport.takeWritten();
        transport.receive(clientClose(1000, ""));
        assertThat(Hex.of(transport.takeWritten())).isEqualTo("8001" + Hex.of("t".getBytes()) + "880203e8");
    }

    @Test
    void whenThePeerAnswersOurCloseTheCallbackOnlyInforms() {
        Handler handler = new Handler();
        handler.atClose = (session, code) -> assertThat(session.sendText("too late")).isFalse();
        MemoryTransport transport = server(handler);
        handler.session.close(CloseCode.GOING_AWAY, "bye");
        transport.takeWritten();
        transport.receive(clientClose(1001, ""));
        assertThat(transport.takeWritten()).isEmpty();
        assertThat(handler.events).containsExactly("open", "closeReceived:1001::open=false", "close:1001:true");
    }

    @Test
    void theCloseFutureCompletesWhenTheHandshakeIsDoneBeforeTheClientsTcpCloses() {
        Handler server = new Handler();
        Handler client = new Handler();
        TransportWebSocket clientEnd = TransportWebSocket.client(client, TransportWebSocketTest.NO_PING, null,
                HttpHeaders.empty());
        MemoryPipe pipe = MemoryPipe.connect(clientEnd, TransportWebSocket.server(server, TransportWebSocketTest.NO_PING,
                null, HttpHeaders.empty()));
        CompletableFuture<CloseStatus> done = client.session.close(CloseCode.NORMAL_CLOSURE, "done").toCompletableFuture();
        assertThat(done).isNotDone();
        // deliver the client's close and the server's answer, not the server's TCP close
        MemoryTransport c = pipe.clientTransport();
        MemoryTransport s = pipe.serverTransport();
        s.receive(c.takeWritten());
        c.receive(s.takeWritten());
        assertThat(done).isCompletedWithValue(new CloseStatus(CloseCode.NORMAL_CLOSURE, "", true));   // the echo
        assertThat(c.isLost()).isFalse();
        // the program ends now, closing the connection under the client: still the 1000 the server saw
        c.abortConnection();
        assertThat(client.events).endsWith("close:1000:true");
        assertThat(client.session.closeFuture().toCompletableFuture())
                .isCompletedWithValue(new CloseStatus(CloseCode.NORMAL_CLOSURE, "", true));
    }

    @Test
    void theCloseFutureOfAConnectionThatDiesIs1006NotAnException() {
        Handler handler = new Handler();
        MemoryTransport transport = server(handler);
        CompletableFuture<CloseStatus> done = handler.session.closeFuture().toCompletableFuture();
        transport.simulateConnectionLost(new dev.torsion.reactor.ConnectionLost("reset"));
        assertThat(done).isCompleted();
        CloseStatus status = done.join();
        assertThat(status.code()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
        assertThat(status.clean()).isFalse();
        assertThat(handler.session.closeFuture().toCompletableFuture().join()).isEqualTo(status);
    }

    @Test
    void theCloseFutureCannotBeCompletedByItsUser() {
        Handler handler = new Handler();
        server(handler);
        handler.session.closeFuture().toCompletableFuture().complete(new CloseStatus(CloseCode.NORMAL_CLOSURE, "", true));
        assertThat(handler.session.closeFuture().toCompletableFuture()).isNotDone();
    }
}
