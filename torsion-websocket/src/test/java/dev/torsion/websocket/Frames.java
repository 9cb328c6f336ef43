package dev.torsion.websocket;

import dev.torsion.websocket.frame.FrameParser;
import dev.torsion.websocket.frame.FrameSink;
import dev.torsion.websocket.frame.Masking;
import dev.torsion.websocket.frame.Opcode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: decodes frames as the peer of a {@code writer} end would, into readable strings such as
 * {@code "TEXT fin 48656c6c6f"} or {@code "CLOSE fin 03e8"} (payload unmasked, as hex).
 */
final class Frames {

    private Frames() {
    }

    /** The frames in {@code bytes}, written by an end with role {@code writer}. */
    /** A client frame (masked with a fixed key) with the given opcode, FIN, RSV bits and payload. */
    static byte[] masked(int opcode, boolean fin, int rsv, byte[] payload) {
        int key = 0x37fa213d;
        byte[] frame = new byte[dev.torsion.websocket.frame.FrameWriter.headerSize(payload.length, true) + payload.length];
        int start = dev.torsion.websocket.frame.FrameWriter.putHeader(frame, opcode, fin, rsv, payload.length, true, key);
        System.arraycopy(payload, 0, frame, start, payload.length);
        dev.torsion.websocket.frame.Masking.mask(frame, start, payload.length, key, 0);
        return frame;
    }

    static List<String> decode(byte[] bytes, Role writer) {
        Role reader = writer == Role.SERVER ? Role.CLIENT : Role.SERVER;
        FrameParser parser = new FrameParser(reader, Long.MAX_VALUE);
        parser.allowReservedBits(7);
        List<String> frames = new ArrayList<>();
        parser.parse(ByteBuffer.wrap(bytes), new FrameSink() {
            private String head;
            private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
            private boolean masked;
            private int key;

            @Override
            public void onFrameHeader(boolean fin, int rsv, int opcode, long length, boolean masked, int maskKey) {
                head = Opcode.name(opcode) + (fin ? " fin" : " more") + (rsv != 0 ? " rsv" + rsv : "");
                this.masked = masked;
                this.key = maskKey;
                payload.reset();
            }

            @Override
            public void onFramePayload(ByteBuffer buffer, int index, int length, long frameOffset) {
                byte[] piece = new byte[length];
                Masking.copy(buffer, index, piece, 0, length, masked, key, frameOffset);
                payload.write(piece, 0, length);
            }

            @Override
            public void onFrameEnd() {
                frames.add(head + " " + Hex.of(payload.toByteArray()));
            }
        });
        if (parser.isMidFrame()) {
            frames.add("INCOMPLETE");
        }
        return frames;
    }

    /** The close frame payload for {@code code}, as decode() shows it: "CLOSE fin 03ea". */
    static String close(int code) {
        return String.format("CLOSE fin %04x", code);
    }
}
