package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.frame.Opcode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receive path's contract (see {@link WebSocketHandler}): payload unmasked in place, a message that sits
 * whole in the read buffer handed over as a read-only view of it, one that spans reads assembled in a pooled
 * array that goes back to the pool after delivery, text decoded once, and a read-only input still accepted.
 */
class WebSocketReceiveWithoutCopiesTest {

    private final MemoryTransport transport = new MemoryTransport();
    private final List<String> seen = new ArrayList<>();

    /** Records, for each binary message, whether it came as a read-only view and of what capacity. */
    private final RecordingHandler handler = new RecordingHandler() {
        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            super.onBinary(session, data);
            seen.add("readOnly=" + data.isReadOnly() + " direct=" + data.isDirect() + " capacity=" + data.capacity()
                    + " pooled=" + ReceiveBuffers.current().retainedBytes());
        }
    };

    private TransportWebSocket ws;

    private void connect() {
        ReceiveBuffers.current().clear();
        ws = TransportWebSocket.server(handler, TransportWebSocketTest.NO_PING, null, HttpHeaders.empty());
        transport.connect(ws);
    }

    private static ByteBuffer direct(byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length + 64);
        b.position(17);
        b.put(bytes).flip().position(17);
        return b;
    }

    @Test
    void aMessageWholeInTheReadBufferIsAReadOnlyViewOfItUnmaskedInPlace() {
        connect();
        byte[] payload = "a view, not a copy".getBytes(StandardCharsets.US_ASCII);
        byte[] frame = Frames.masked(Opcode.BINARY, true, 0, payload);
        ByteBuffer read = direct(frame);
        transport.receive(read);
        assertThat(handler.events).containsExactly("open", "binary:" + Hex.of(payload));
        assertThat(seen).containsExactly("readOnly=true direct=true capacity=" + read.capacity() + " pooled=0");
        byte[] inPlace = new byte[payload.length];
        read.get(17 + frame.length - payload.length, inPlace);
        assertThat(inPlace).as("unmasked where it lay").isEqualTo(payload);
    }

    @Test
    void aMessageSpanningReadsIsAssembledInAPooledArrayThatGoesBackAfterDelivery() {
        connect();
        byte[] payload = new byte[3000];
        Arrays.fill(payload, (byte) 7);
        byte[] frame = Frames.masked(Opcode.BINARY, true, 0, payload);
        transport.receive(Arrays.copyOfRange(frame, 0, 1000));
        assertThat(ws.connection().assemblingCapacity()).as("grown from what came, nothing pooled yet").isEqualTo(1024);
        transport.receive(Arrays.copyOfRange(frame, 1000, frame.length));
        assertThat(seen).containsExactly("readOnly=true direct=false capacity=4096 pooled=1024");
        assertThat(ws.connection().assemblingCapacity()).isZero();
        assertThat(ReceiveBuffers.current().retainedBytes()).as("both arrays are back in the pool").isEqualTo(1024 + 4096);
        transport.receive(Arrays.copyOfRange(frame, 0, 10));
        assertThat(ws.connection().assemblingCapacity()).as("the next one is sized from its header, from the pool")
                .isEqualTo(4096);
        assertThat(ReceiveBuffers.current().retainedBytes()).isEqualTo(1024);
        transport.receive(Arrays.copyOfRange(frame, 10, frame.length));
        assertThat(ReceiveBuffers.current().retainedBytes()).isEqualTo(1024 + 4096);
        assertThat(handler.events).containsExactly("open", "binary:" + Hex.of(payload), "binary:" + Hex.of(payload));
    }

    @Test
    void aPeerThatAnnouncesALargeFrameGetsMemoryOnlyAsItSends() {
        connect();
        byte[] frame = Frames.masked(Opcode.BINARY, true, 0, new byte[1 << 20]);
        transport.receive(Arrays.copyOfRange(frame, 0, 2000));
        assertThat(ws.connection().assemblingCapacity()).isEqualTo(2048);
        transport.receive(Arrays.copyOfRange(frame, 2000, 5000));
        assertThat(ws.connection().assemblingCapacity()).isEqualTo(8192);
    }

    @Test
    void textInTheReadBufferIsDecodedOnceAsciiOrNot() {
        connect();
        for (String text : List.of("plain ascii", "h\u00e9llo w\u00f6rld \u20ac \ud83d\ude00", "")) {
            transport.receive(direct(Frames.masked(Opcode.TEXT, true, 0, text.getBytes(StandardCharsets.UTF_8))));
        }
        assertThat(handler.events).containsExactly("open", "text:plain ascii",
                "text:h\u00e9llo w\u00f6rld \u20ac \ud83d\ude00", "text:");
    }

    @Test
    void aReadOnlyInputIsUnmaskedInACopyInstead() {
        connect();
        byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        ByteBuffer input = ByteBuffer.wrap(Frames.masked(Opcode.BINARY, true, 0, payload)).asReadOnlyBuffer();
        transport.receive(input);
        transport.receive(ByteBuffer.wrap(Frames.masked(Opcode.PING, true, 0, payload)).asReadOnlyBuffer());
        assertThat(handler.events).containsExactly("open", "binary:" + Hex.of(payload), "ping:" + Hex.of(payload));
        assertThat(Frames.decode(transport.takeWritten(), Role.SERVER)).containsExactly("PONG fin " + Hex.of(payload));
    }

    @Test
    void aViewIsOnlyValidDuringTheCallbackSoAHandlerThatKeepsBytesCopiesThem() {
        List<byte[]> kept = new ArrayList<>();
        RecordingHandler keeper = new RecordingHandler() {
            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                kept.add(copy);
            }
        };
        transport.connect(TransportWebSocket.server(keeper, TransportWebSocketTest.NO_PING, null, HttpHeaders.empty()));
        ByteBuffer read = ByteBuffer.allocateDirect(256);
        for (int i = 0; i < 3; i++) {
            read.clear();
            read.put(Frames.masked(Opcode.BINARY, true, 0, new byte[] {(byte) i, (byte) i})).flip();
            transport.receive(read);
        }
        assertThat(kept).extracting(Hex::of).containsExactly("0000", "0101", "0202");
    }
}
