package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.reactor.ConnectionLost;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.frame.Opcode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One way to learn a send's fate ({@link SendCallback}): null once the frame's bytes were handed over, a
 * {@link WebSocketClosedException} when the session no longer sends or the connection ended first, a
 * {@link SendQueueFullException} for a full queue under every policy; each exactly once, with nothing thrown.
 */
class WebSocketSendCallbackTest {

    /** Records outcomes as "ok" or the failure's simple class name and message. */
    static final class Outcomes implements SendCallback {
        final List<String> seen = new ArrayList<>();

        @Override
        public void completed(Throwable failure) {
            seen.add(failure == null ? "ok" : failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
    }

    private static MemoryTransport open(RecordingHandler handler, WebSocketConfig config) {
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, config, null, HttpHeaders.empty()));
        return transport;
    }

    @Test
    void aSendIsReportedWhenItsBytesLeaveNotBefore() {
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = open(handler, TransportWebSocketTest.NO_PING);
        Outcomes outcomes = new Outcomes();
        handler.session.sendText("handed over at once", outcomes);
        assertThat(outcomes.seen).containsExactly("ok");

        transport.setSocketBlocked(true);
        handler.session.sendText("one", outcomes);
        handler.session.sendBinary(new byte[] {1, 2}, outcomes);
        handler.session.sendBinary(ByteBuffer.wrap(new byte[] {3}), outcomes);
        handler.session.sendPrepared(PreparedMessage.text("four"), outcomes);
        assertThat(outcomes.seen).as("the socket holds them").hasSize(1);
        transport.setSocketBlocked(false);
        assertThat(outcomes.seen).containsExactly("ok", "ok", "ok", "ok", "ok");
        assertThat(Frames.decode(transport.takeWritten(), Role.SERVER)).hasSize(5);
    }

    @Test
    void aClosedSessionReportsWhyAtOnce() {
        RecordingHandler handler = new RecordingHandler();
        open(handler, TransportWebSocketTest.NO_PING);
        handler.session.close();
        Outcomes outcomes = new Outcomes();
        handler.session.sendText("late", outcomes);
        handler.session.sendBinary(new byte[1], outcomes);
        assertThat(outcomes.seen).containsExactly(
                "WebSocketClosedException: sendText: the session no longer sends: close() was called, or the connection failed",
                "WebSocketClosedException: sendBinary: the session no longer sends: close() was called, or the connection failed");
        assertThat(handler.session.sendText("late")).isFalse();
    }

    @Test
    void thePeersCloseIsTheReasonWhenItCameFirst() {
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = open(handler, TransportWebSocketTest.NO_PING);
        MessageStream stream = handler.session.startBinary();
        stream.write(ByteBuffer.wrap(new byte[] {1}));
        transport.receive(TransportWebSocketTest.clientFrame(Opcode.CLOSE, new byte[] {3, (byte) 0xe8}));
        Outcomes outcomes = new Outcomes();
        stream.write(ByteBuffer.wrap(new byte[] {2}), outcomes);
        assertThat(outcomes.seen).singleElement().asString().startsWith("WebSocketClosedException: MessageStream.write:");
    }

    @Test
    void aFullQueueIsReportedUnderEveryPolicyAndNothingIsThrown() {
        for (OverflowPolicy policy : OverflowPolicy.values()) {
            RecordingHandler handler = new RecordingHandler();
            MemoryTransport transport = open(handler, TransportWebSocketTest.NO_PING.withSendQueue(100, policy));
            transport.setSocketBlocked(true);
            Outcomes outcomes = new Outcomes();
            handler.session.sendBinary(new byte[200], outcomes);   // accepted: less than the bound was queued
            handler.session.sendBinary(new byte[10], outcomes);    // the bound is reached
            assertThat(outcomes.seen).as(policy.toString()).singleElement().asString()
                    .startsWith("SendQueueFullException: sendBinary: send queue full: 204 bytes queued, limit 100");
            assertThat(outcomes.seen.get(0)).contains(policy == OverflowPolicy.DROP ? "dropped"
                    : policy == OverflowPolicy.FAIL_SEND ? "was refused" : "connection failed");
            if (policy == OverflowPolicy.FAIL_SEND) {
                assertThatThrownBy(() -> handler.session.sendBinary(new byte[10]))
                        .as("without a callback it throws, as before").isInstanceOf(SendQueueFullException.class);
            }
            assertThat(handler.session.droppedMessages()).isEqualTo(policy == OverflowPolicy.DROP ? 1 : 0);
        }
    }

    @Test
    void sendsWhoseBytesHadNotLeftFailWhenTheConnectionEndsBeforeOnClose() {
        List<String> order = new ArrayList<>();
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
                order.add("onClose");
            }
        };
        MemoryTransport transport = open(handler, TransportWebSocketTest.NO_PING);
        transport.setSocketBlocked(true);
        handler.session.sendText("stuck", failure -> order.add(failure.getMessage()));
        transport.simulateConnectionLost(new ConnectionLost("reset by peer"));
        assertThat(order).containsExactly(
                "the connection ended before the message was written (connection lost: reset by peer)", "onClose");
    }

    @Test
    void aCallbackMaySendTheNextPieceAndEachIsReportedOnceInOrder() {
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = open(handler, TransportWebSocketTest.NO_PING);
        transport.setSocketBlocked(true);
        MessageStream stream = handler.session.startBinary();
        List<Integer> reported = new ArrayList<>();
        SendCallback[] next = new SendCallback[1];
        int[] sent = {0};
        next[0] = failure -> {
            assertThat(failure).isNull();
            reported.add(sent[0]);
            if (++sent[0] < 5) {
                stream.write(ByteBuffer.wrap(new byte[] {(byte) sent[0]}), next[0]);
            } else {
                stream.finish(ByteBuffer.allocate(0), f -> reported.add(-1));
            }
        };
        stream.write(ByteBuffer.wrap(new byte[] {0}), next[0]);
        assertThat(reported).isEmpty();
        transport.setSocketBlocked(false);
        assertThat(reported).containsExactly(0, 1, 2, 3, 4, -1);
        assertThat(Frames.decode(transport.takeWritten(), Role.SERVER)).containsExactly("BINARY more 00",
                "CONTINUATION more 01", "CONTINUATION more 02", "CONTINUATION more 03", "CONTINUATION more 04",
                "CONTINUATION fin ");
    }

    @Test
    void aSendFromAnotherThreadIsReportedOnTheLoopOnceWritten() throws Exception {
        WebSocketSessionThreadingTest.TestLoop loop = new WebSocketSessionThreadingTest.TestLoop();
        MemoryTransport transport = new MemoryTransport(loop);
        RecordingHandler handler = new RecordingHandler();
        transport.connect(TransportWebSocket.server(handler, TransportWebSocketTest.NO_PING, null, HttpHeaders.empty()));
        SendFuture sent = new SendFuture();
        Thread other = new Thread(() -> handler.session.sendText("from afar", sent));
        other.start();
        other.join();
        assertThat(sent).isNotDone();
        loop.runQueued();
        assertThat(sent).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void aSendFutureFailsWithTheReason() {
        RecordingHandler handler = new RecordingHandler();
        open(handler, TransportWebSocketTest.NO_PING);
        handler.session.close();
        SendFuture sent = new SendFuture();
        handler.session.sendText("late", sent);
        assertThat(sent).isCompletedExceptionally();
        assertThatThrownBy(sent::join).hasCauseInstanceOf(WebSocketClosedException.class);
    }

    @Test
    void aCallbackThatThrowsIsLoggedAndTheSessionGoesOn() {
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = open(handler, TransportWebSocketTest.NO_PING);
        handler.session.sendText("x", failure -> {
            throw new IllegalStateException("careless callback");
        });
        assertThat(handler.session.isOpen()).isTrue();
        assertThat(handler.session.sendText("still fine")).isTrue();
        assertThat(Frames.decode(transport.takeWritten(), Role.SERVER)).hasSize(2);
    }
}
