package dev.torsion.cli.chat;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.Role;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.TransportWebSocket;
import dev.torsion.websocket.frame.FrameParser;
import dev.torsion.websocket.frame.FrameSink;
import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: one chat connection, sans-I/O. The server side ({@link ChatHandler} in a
 * {@link TransportWebSocket}) runs over a {@link MemoryTransport} on a fake clock; the test plays the browser
 * by feeding masked frames and reading the server's frames back as text ({@code "CLOSE 1009"} for a close).
 */
final class ChatTestClient {

    static final WebSocketConfig CONFIG = WebSocketConfig.defaults().withPing(Duration.ZERO, Duration.ofSeconds(10));

    final MemoryTransport transport;
    private final FrameWriter frames = new FrameWriter(Role.CLIENT, new MaskGenerator(7));
    private final FrameParser parser = new FrameParser(Role.CLIENT, Long.MAX_VALUE);

    ChatTestClient(FakeClock clock, ChatRooms rooms) {
        transport = new MemoryTransport(clock);
        transport.connect(TransportWebSocket.server(new ChatHandler(rooms, new ChatRequestParser(), line -> { }),
                CONFIG, null, HttpHeaders.empty()));
    }

    void send(String text) {
        transport.receive(frames.frame(Opcode.TEXT, true, 0, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }

    void sendBinary(byte[] data) {
        transport.receive(frames.frame(Opcode.BINARY, true, 0, ByteBuffer.wrap(data)));
    }

    /** The server's frames since the last call. */
    List<String> received() {
        List<String> out = new ArrayList<>();
        parser.parse(ByteBuffer.wrap(transport.takeWritten()), new FrameSink() {
            private int opcode;
            private final ByteArrayOutputStream payload = new ByteArrayOutputStream();

            @Override
            public void onFrameHeader(boolean fin, int rsv, int opcode, long length, boolean masked, int maskKey) {
                this.opcode = opcode;
                payload.reset();
            }

            @Override
            public void onFramePayload(ByteBuffer buffer, int index, int length, long frameOffset) {
                for (int i = 0; i < length; i++) {
                    payload.write(buffer.get(index + i));
                }
            }

            @Override
            public void onFrameEnd() {
                byte[] p = payload.toByteArray();
                out.add(opcode == Opcode.CLOSE ? "CLOSE " + (((p[0] & 0xff) << 8) | (p[1] & 0xff))
                        : new String(p, StandardCharsets.UTF_8));
            }
        });
        return out;
    }
}
