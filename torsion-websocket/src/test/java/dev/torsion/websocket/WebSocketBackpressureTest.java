package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.MemoryTransport;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backpressure a producer gets right: {@link WebSocketSession#isWritable()} and {@code bufferedAmount()} count
 * what the session has queued, writes made in the current callback and sends still hopping from other threads
 * included, and {@link WebSocketHandler#onDrain} comes whenever a producer that saw {@code isWritable()} false
 * may go on, whether or not the transport itself went over its high watermark.
 */
class WebSocketBackpressureTest {

    static final int PIECE = 16 * 1024;
    static final WebSocketConfig CONFIG = TransportWebSocketTest.NO_PING.withSendWatermarks(32 * 1024, 64 * 1024);

    /** Streams {@code total} bytes in pieces while the session is writable, and again at each drain. */
    static final class Pump extends RecordingHandler {
        final long total;
        long sent;
        long mostQueued;
        MessageStream stream;
        int drains;
        Runnable atDrain = () -> { };

        Pump(long total) {
            this.total = total;
        }

        void start() {
            stream = session.startBinary();
            pump();
        }

        void pump() {
            while (sent < total && session.isWritable()) {
                stream.write(ByteBuffer.allocate(PIECE));
                sent += PIECE;
                mostQueued = Math.max(mostQueued, session.bufferedAmount());
            }
            if (sent >= total && stream != null) {
                stream.finish();
                stream = null;
            }
        }

        @Override
        public void onDrain(WebSocketSession session) {
            drains++;
            atDrain.run();
            pump();
        }
    }

    @Test
    void aProducerInACallbackStopsAtTheHighWatermarkAndGoesOnAtEachDrain() {
        Pump pump = new Pump(16L << 20);
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(pump, CONFIG, null, HttpHeaders.empty()));
        transport.setSocketBlocked(true);
        pump.atDrain = () -> transport.setSocketBlocked(true);   // a slow peer: its socket fills again at once
        pump.start();
        assertThat(pump.sent).as("stopped at the mark, not at the 16 MiB bound").isLessThanOrEqualTo(64 * 1024 + PIECE);
        assertThat(pump.mostQueued).isLessThanOrEqualTo(64 * 1024 + PIECE + 64);
        long received = 0;
        for (int round = 0; pump.sent < pump.total || pump.stream != null; round++) {
            assertThat(round).as("rounds").isLessThan(10_000);
            transport.setSocketBlocked(false);   // the peer reads what was queued: the drain lets the producer go on
            received += transport.takeWritten().length;
        }
        transport.setSocketBlocked(false);
        received += transport.takeWritten().length;
        assertThat(received).isGreaterThan(16L << 20);
        assertThat(pump.mostQueued).as("bounded memory all along").isLessThanOrEqualTo(64 * 1024 + PIECE + 64);
        assertThat(pump.drains).isGreaterThan(100);
    }

    @Test
    void sendsHoppingFromAnotherThreadCountAndTheDrainComesThoughTheTransportNeverFilled() throws Exception {
        WebSocketSessionThreadingTest.TestLoop loop = new WebSocketSessionThreadingTest.TestLoop();
        MemoryTransport transport = new MemoryTransport(loop);
        RecordingHandler handler = new RecordingHandler();
        transport.connect(TransportWebSocket.server(handler, CONFIG, null, HttpHeaders.empty()));
        List<Boolean> writable = new ArrayList<>();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                handler.session.sendBinary(ByteBuffer.allocate(PIECE));
            }
            writable.add(handler.session.isWritable());
        });
        producer.start();
        producer.join();
        assertThat(writable).containsExactly(false);
        assertThat(handler.session.bufferedAmount()).isEqualTo(5L * PIECE);
        assertThat(transport.isWritable()).as("the transport has seen nothing yet").isTrue();
        loop.runQueued();   // the sends land and go out; the drain check finds the queue empty
        assertThat(handler.events).containsExactly("open", "drain");
        assertThat(handler.session.isWritable()).isTrue();
    }

    @Test
    void aDrainComesOnceEvenIfTheProducerAskedManyTimes() {
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, CONFIG, null, HttpHeaders.empty()));
        transport.setSocketBlocked(true);
        handler.session.sendBinary(ByteBuffer.allocate(100 * 1024));
        for (int i = 0; i < 10; i++) {
            assertThat(handler.session.isWritable()).isFalse();
        }
        transport.setSocketBlocked(false);
        assertThat(handler.events).containsExactly("open", "drain");
        assertThat(handler.session.isWritable()).isTrue();
    }

    @Test
    void aSessionThatStoppedSendingIsNotWritableAndNoDrainComes() {
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, CONFIG, null, HttpHeaders.empty()));
        transport.setSocketBlocked(true);
        handler.session.sendBinary(ByteBuffer.allocate(100 * 1024));
        assertThat(handler.session.isWritable()).isFalse();
        handler.session.close();
        transport.setSocketBlocked(false);
        assertThat(handler.session.isWritable()).isFalse();
        assertThat(handler.events).doesNotContain("drain");
    }

    @Test
    void theSessionsWatermarksAreTheTransports() {
        MemoryTransport transport = new MemoryTransport();
        RecordingHandler handler = new RecordingHandler();
        transport.connect(TransportWebSocket.server(handler, TransportWebSocketTest.NO_PING.withSendWatermarks(100, 1000),
                null, HttpHeaders.empty()));
        transport.setSocketBlocked(true);
        handler.session.sendBinary(ByteBuffer.allocate(990));
        assertThat(transport.isWritable()).as("994 bytes: under the session's 1000").isTrue();
        assertThat(handler.session.isWritable()).isTrue();
        handler.session.sendBinary(ByteBuffer.allocate(10));
        assertThat(transport.isWritable()).isFalse();
        assertThat(handler.session.isWritable()).isFalse();
    }
}
