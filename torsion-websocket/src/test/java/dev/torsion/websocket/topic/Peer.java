package dev.torsion.websocket.topic;

import dev.torsion.http.HttpHeaders;
import dev.torsion.reactor.Scheduler;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.Role;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.TransportWebSocket;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.frame.FrameParser;
import dev.torsion.websocket.frame.FrameSink;
import dev.torsion.websocket.frame.Opcode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: a server-side WebSocket session over a {@link MemoryTransport}, with a decoder for what the
 * server wrote ({@code "hello"} for a text frame, {@code "CLOSE 1008"} for a close frame).
 */
final class Peer {

    static final WebSocketConfig NO_PING = WebSocketConfig.defaults().withPing(Duration.ZERO, Duration.ofSeconds(10));

    final MemoryTransport transport;
    final WebSocketSession session;
    CloseCode closedWith;
    private final FrameParser parser = new FrameParser(Role.CLIENT, Long.MAX_VALUE);
    private final Decoder decoder = new Decoder();

    private Peer(Scheduler scheduler, WebSocketConfig config) {
        WebSocketSession[] opened = new WebSocketSession[1];
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public void onOpen(WebSocketSession s) {
                opened[0] = s;
            }

            @Override
            public void onText(WebSocketSession s, String text) {
            }

            @Override
            public void onBinary(WebSocketSession s, ByteBuffer data) {
            }

            @Override
            public void onClose(WebSocketSession s, CloseCode code, String reason, boolean clean) {
                closedWith = code;
            }
        };
        transport = new MemoryTransport(scheduler);
        transport.connect(TransportWebSocket.server(handler, config, null, HttpHeaders.empty()));
        session = opened[0];
    }

    static Peer on(Scheduler scheduler) {
        return new Peer(scheduler, NO_PING);
    }

    static Peer on(Scheduler scheduler, WebSocketConfig config) {
        return new Peer(scheduler, config);
    }

    /** The frames written since the last call, decoded. */
    List<String> received() {
        decoder.out = new ArrayList<>();
        parser.parse(ByteBuffer.wrap(transport.takeWritten()), decoder);
        return decoder.out;
    }

    /** Unblocks the socket (what was queued is "sent") and returns every frame written since the last call. */
    List<String> drainAndDecode() {
        transport.setSocketBlocked(false);
        return received();
    }

    /** Collects frames as strings. */
    private static final class Decoder implements FrameSink {
        List<String> out;
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
            if (opcode == Opcode.CLOSE) {
                out.add("CLOSE " + (((p[0] & 0xff) << 8) | (p[1] & 0xff)));
            } else if (opcode == Opcode.TEXT) {
                out.add(new String(p, StandardCharsets.UTF_8));
            } else {
                out.add(Opcode.name(opcode) + " " + p.length);
            }
        }
    }
}
