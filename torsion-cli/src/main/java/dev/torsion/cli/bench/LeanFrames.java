package dev.torsion.cli.bench;

import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.Masking;
import dev.torsion.websocket.frame.Opcode;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The lean client's outgoing frames, built once per run: for each payload slot one complete masked client
 * frame (header, masking key, masked payload), written to every connection as a {@code duplicate()}. So a
 * message costs the load generator no framing, masking or copying at all.
 *
 * <p>Each slot has its own random masking key, fixed for the run. RFC 6455 asks a client for a fresh
 * unpredictable key per frame to protect intermediaries from cache poisoning; that does not apply to a load
 * generator talking to a server on loopback, and the server's work (unmasking) is the same whatever the key.
 *
 * <p><b>Threading / lifecycle.</b> Immutable after construction; shared by every connection of a run.
 */
final class LeanFrames {

    private final ByteBuffer[] frames;
    private final ByteBuffer close;

    LeanFrames(Payloads payloads, boolean text) {
        SplittableRandom random = new SplittableRandom(0x5EED_F00DL);
        frames = new ByteBuffer[payloads.slots()];
        for (int s = 0; s < frames.length; s++) {
            frames[s] = masked(text ? Opcode.TEXT : Opcode.BINARY, payloads.bytes(s), random.nextInt());
        }
        close = masked(Opcode.CLOSE, new byte[] {0x03, (byte) 0xE8}, random.nextInt());
    }

    private static ByteBuffer masked(int opcode, byte[] payload, int key) {
        byte[] frame = new byte[FrameWriter.headerSize(payload.length, true) + payload.length];
        int start = FrameWriter.putHeader(frame, opcode, true, 0, payload.length, true, key);
        System.arraycopy(payload, 0, frame, start, payload.length);
        Masking.mask(frame, start, payload.length, key, 0);
        return ByteBuffer.wrap(frame).asReadOnlyBuffer();
    }

    /** A fresh view of slot {@code slot}'s frame, for one write. */
    ByteBuffer frame(int slot) {
        return frames[slot].duplicate();
    }

    /** A fresh view of a close frame with code 1000. */
    ByteBuffer closeFrame() {
        return close.duplicate();
    }
}
