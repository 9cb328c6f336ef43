package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.handshake.ClientHandshake;
import dev.torsion.websocket.handshake.HandshakeAccepted;
import dev.torsion.websocket.handshake.ServerHandshake;
import dev.torsion.websocket.server.EchoHandler;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every WebSocket metric against a known workload, over the in-memory transport and a fake clock, with exact
 * counts: N echo connections with M messages each (text, binary, a fragmented one), pings, a measured
 * round-trip time, clean closes, a bad frame (1002), a blocked socket's send queue as sampled, and each
 * overflow policy's action; the JFR events of opening and closing.
 */
class WebSocketMetricsTest {

    static final WebSocketConfig NO_PING = TransportWebSocketTest.NO_PING;
    static final int N = 3;
    static final int M = 4;

    private final FakeClock clock = new FakeClock();
    private final WebSocketMetrics metrics = WebSocketMetrics.create("echo");

    private MemoryTransport connect(WebSocketHandler handler, WebSocketConfig config) {
        MemoryTransport transport = new MemoryTransport(clock);
        transport.connect(TransportWebSocket.server(handler, config, null, HttpHeaders.empty()).countInto(metrics));
        return transport;
    }

    private static byte[] text(String s) {
        return Frames.masked(Opcode.TEXT, true, 0, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] close(int code) {
        return Frames.masked(Opcode.CLOSE, true, 0, new byte[]{(byte) (code >> 8), (byte) code});
    }

    @Test
    void nEchoConnectionsWithMMessagesEachAreCountedExactly() {
        for (int c = 0; c < N; c++) {
            MemoryTransport t = connect(new EchoHandler(), NO_PING);
            for (int i = 0; i < M; i++) {
                t.receive(text("hello"));                                            // 5 bytes each
                t.receive(Frames.masked(Opcode.BINARY, true, 0, new byte[10]));      // 10 bytes each
            }
            t.receive(Frames.masked(Opcode.TEXT, false, 0, "ab".getBytes(StandardCharsets.UTF_8)));
            t.receive(Frames.masked(Opcode.CONTINUATION, true, 0, "cd".getBytes(StandardCharsets.UTF_8)));
            t.receive(Frames.masked(Opcode.PING, true, 0, new byte[3]));
            assertThat(metrics.openConnections()).isEqualTo(1);
            t.receive(close(1000));
            assertThat(t.isLost()).isTrue();
        }

        assertThat(metrics.connectionsOpened()).isEqualTo(N);
        assertThat(metrics.connectionsClosed()).isEqualTo(N);
        assertThat(metrics.connectionsClosedClean()).isEqualTo(N);
        assertThat(metrics.connectionsClosedUnclean()).isZero();
        assertThat(metrics.openConnections()).isZero();

        assertThat(metrics.messagesReceived(Opcode.TEXT)).isEqualTo(N * (M + 1));
        assertThat(metrics.messagesReceived(Opcode.BINARY)).isEqualTo(N * M);
        assertThat(metrics.payloadBytesReceived(Opcode.TEXT)).isEqualTo(N * (M * 5 + 4));
        assertThat(metrics.payloadBytesReceived(Opcode.BINARY)).isEqualTo(N * M * 10);
        assertThat(metrics.messagesSent(Opcode.TEXT)).isEqualTo(N * (M + 1));       // "abcd" echoed whole
        assertThat(metrics.messagesSent(Opcode.BINARY)).isEqualTo(N * M);
        assertThat(metrics.payloadBytesSent(Opcode.TEXT)).isEqualTo(N * (M * 5 + 4));
        assertThat(metrics.payloadBytesSent(Opcode.BINARY)).isEqualTo(N * M * 10);

        assertThat(metrics.framesReceived(Opcode.TEXT)).isEqualTo(N * (M + 1));
        assertThat(metrics.framesReceived(Opcode.CONTINUATION)).isEqualTo(N);
        assertThat(metrics.framesReceived(Opcode.BINARY)).isEqualTo(N * M);
        assertThat(metrics.framesReceived(Opcode.PING)).isEqualTo(N);
        assertThat(metrics.framesReceived(Opcode.CLOSE)).isEqualTo(N);
        assertThat(metrics.framesSent(Opcode.TEXT)).isEqualTo(N * (M + 1));
        assertThat(metrics.framesSent(Opcode.CONTINUATION)).isZero();
        assertThat(metrics.framesSent(Opcode.PONG)).isEqualTo(N);
        assertThat(metrics.framesSent(Opcode.CLOSE)).isEqualTo(N);

        assertThat(metrics.closeCodesReceived()).isEqualTo(Map.of(1000, (long) N));
        assertThat(metrics.closeCodesSent()).isEqualTo(Map.of(1000, (long) N));
    }

    @Test
    void fragmentsSentCountAsOneMessageOfTheirType() {
        RecordingHandler handler = new RecordingHandler();
        connect(handler, NO_PING);
        MessageStream stream = handler.session.startBinary();
        stream.write(ByteBuffer.wrap(new byte[7]));
        stream.write(ByteBuffer.wrap(new byte[8]));
        stream.finish();
        assertThat(metrics.framesSent(Opcode.BINARY)).isEqualTo(1);
        assertThat(metrics.framesSent(Opcode.CONTINUATION)).isGreaterThanOrEqualTo(1);
        assertThat(metrics.messagesSent(Opcode.BINARY)).isEqualTo(1);
        assertThat(metrics.payloadBytesSent(Opcode.BINARY)).isEqualTo(15);
        assertThat(metrics.messagesSent(Opcode.TEXT)).isZero();
    }

    @Test
    void aBadFrameFailsTheConnectionWith1002AndCountsAsUnclean() {
        MemoryTransport t = connect(new EchoHandler(), NO_PING);
        t.receive(new byte[]{(byte) 0x81, 0x02, 'h', 'i'});   // unmasked: a client must mask
        assertThat(t.isLost()).isTrue();
        assertThat(metrics.closeCodesSent()).isEqualTo(Map.of(1002, 1L));
        assertThat(metrics.closeCodesReceived()).isEmpty();
        assertThat(metrics.connectionsClosedUnclean()).isEqualTo(1);
        assertThat(metrics.framesReceived(Opcode.TEXT)).isZero();   // rejected in its header
        assertThat(metrics.messagesReceived(Opcode.TEXT)).isZero();
    }

    @Test
    void aTimedPingsPongGivesTheRoundTripTime() {
        WebSocketConfig config = WebSocketConfig.defaults().withPing(Duration.ofSeconds(1), Duration.ofSeconds(5));
        MemoryTransport t = connect(new EchoHandler(), config);
        clock.advance(Duration.ofSeconds(1));
        List<String> frames = Frames.decode(t.takeWritten(), Role.SERVER);
        assertThat(frames).hasSize(1).allMatch(f -> f.startsWith("PING fin "));
        byte[] payload = Hex.bytes(frames.get(0).substring("PING fin ".length()));
        clock.advance(Duration.ofMillis(7));
        t.receive(Frames.masked(Opcode.PONG, true, 0, payload));
        assertThat(metrics.framesSent(Opcode.PING)).isEqualTo(1);
        assertThat(metrics.framesReceived(Opcode.PONG)).isEqualTo(1);
        assertThat(metrics.roundTrips()).isEqualTo(1);
        assertThat(metrics.roundTripNanosTotal()).isEqualTo(Duration.ofMillis(7).toNanos());
        assertThat(metrics.roundTripNanosMax()).isEqualTo(Duration.ofMillis(7).toNanos());
    }

    @Test
    void sendQueuesAreSampledOnceASecondTotalAndLargest() {
        RecordingHandler a = new RecordingHandler();
        RecordingHandler b = new RecordingHandler();
        connect(a, NO_PING).setSocketBlocked(true);
        MemoryTransport tb = connect(b, NO_PING);
        tb.setSocketBlocked(true);
        a.session.sendBinary(new byte[1000]);    // 4-byte header: 1004 queued
        b.session.sendBinary(new byte[100]);     // 2-byte header: 102 queued
        assertThat(metrics.sendQueueBytes()).isZero();   // not sampled yet
        clock.advance(Duration.ofSeconds(1));
        assertThat(metrics.sendQueueBytes()).isEqualTo(1106);
        assertThat(metrics.largestSendQueueBytes()).isEqualTo(1004);
        tb.setSocketBlocked(false);
        clock.advance(Duration.ofSeconds(1));
        assertThat(metrics.sendQueueBytes()).isEqualTo(1004);
        assertThat(metrics.largestSendQueueBytes()).isEqualTo(1004);
    }

    @Test
    void everyOverflowPolicyActionIsCounted() {
        for (OverflowPolicy policy : OverflowPolicy.values()) {
            RecordingHandler handler = new RecordingHandler();
            connect(handler, NO_PING.withSendQueue(1000, policy)).setSocketBlocked(true);
            handler.session.sendBinary(new byte[900]);
            handler.session.sendBinary(new byte[200]);   // accepted: the queue was under its bound
            if (policy == OverflowPolicy.FAIL_SEND) {
                assertThatThrownBy(() -> handler.session.sendBinary(new byte[200])).isInstanceOf(SendQueueFullException.class);
            } else {
                assertThat(handler.session.sendBinary(new byte[200])).isFalse();
            }
            assertThat(metrics.overflowActions(policy)).as(policy.name()).isEqualTo(1);
        }
        assertThat(metrics.closeCodesSent()).isEqualTo(Map.of(1008, 1L, 1013, 1L));
    }

    @Test
    void compressedMessagesCountTheirBytesAsSentAndTheirCompressorsMemory() throws Exception {
        PerMessageDeflateServer deflate = PerMessageDeflateServer.builder().build();   // no context takeover
        metrics.addDeflate(deflate);
        ClientHandshake handshake = ClientHandshake.builder(URI.create("ws://example.com/"))
                .extensions(PerMessageDeflateClient.builder().build().offers()).build();
        HandshakeAccepted accepted = (HandshakeAccepted) ServerHandshake.builder().extension(deflate).build()
                .respond(handshake.request());
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport t = new MemoryTransport(clock);
        t.connect(TransportWebSocket.server(handler, NO_PING, null, HttpHeaders.empty())
                .useExtensions(accepted.extensions()).countInto(metrics));
        assertThat(metrics.deflateCompressors()).isZero();
        String text = "the same words again and again, ".repeat(100);
        handler.session.sendText(text);
        int wire = t.takeWritten().length;
        assertThat(metrics.payloadBytesSent(Opcode.TEXT)).isEqualTo(wire - 2).isLessThan(text.length() / 4);
        assertThat(metrics.deflateCompressors()).isEqualTo(1);   // borrowed and back in the shared pool
        assertThat(metrics.deflateMemoryBytes()).isEqualTo(PerMessageDeflateServer.COMPRESSOR_NATIVE_BYTES);
        deflate.close();
        assertThat(metrics.deflateCompressors()).isZero();
    }

    @Test
    void aConnectionCountingNowhereCountsNothing() {
        MemoryTransport t = new MemoryTransport(clock);
        t.connect(TransportWebSocket.server(new EchoHandler(), NO_PING, null, HttpHeaders.empty()));
        t.receive(text("hello"));
        t.receive(close(1000));
        assertThat(metrics.connectionsOpened()).isZero();
        assertThat(metrics.messagesReceived(Opcode.TEXT)).isZero();
        assertThatThrownBy(() -> metrics.messagesReceived(Opcode.PING)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openingAndClosingAreJfrEventsWithTheCloseCodeAndHowLongTheConnectionWasOpen() throws Exception {
        List<RecordedEvent> events = new CopyOnWriteArrayList<>();
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("dev.torsion.WebSocketOpened");
            stream.enable("dev.torsion.WebSocketClosed");
            stream.onEvent("dev.torsion.WebSocketOpened", events::add);
            stream.onEvent("dev.torsion.WebSocketClosed", events::add);
            stream.startAsync();
            MemoryTransport t = connect(new EchoHandler(), NO_PING);
            clock.advance(Duration.ofSeconds(42));
            t.receive(close(4001));
            await().atMost(Duration.ofSeconds(20)).until(() -> events.size() == 2);
        }
        RecordedEvent opened = events.get(0);
        RecordedEvent closed = events.get(1);
        assertThat(opened.getEventType().getName()).isEqualTo("dev.torsion.WebSocketOpened");
        assertThat(opened.getString("endpoint")).isEqualTo("echo");
        assertThat(opened.getString("role")).isEqualTo("SERVER");
        assertThat(opened.getString("remoteAddress")).isEqualTo("/127.0.0.1:50000");
        assertThat(closed.getEventType().getName()).isEqualTo("dev.torsion.WebSocketClosed");
        assertThat(closed.getInt("code")).isEqualTo(4001);
        assertThat(closed.getBoolean("clean")).isTrue();
        assertThat(closed.getDuration("openFor")).isEqualTo(Duration.ofSeconds(42));
    }
}
