package dev.torsion.cli.bench;

import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.Masking;
import dev.torsion.websocket.frame.Opcode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The text messages of fan-out mode and their check. A message of {@code size} bytes starts with a
 * {@value #HEADER}-byte ASCII header, {@code F} + publisher (3 hex digits) + sequence number (12 hex digits)
 * + send time (12 hex digits, nanoseconds since the run's start), and is padded with ASCII letters:
 *
 * <pre>F001 00000000002a 00003b9aca00 abcdef...   (without the spaces)</pre>
 *
 * A subscriber reads only the header (so a delivery costs it no copy of the payload), checks it and the
 * message's length, and gets the publisher and sequence number (for order and gaps) and the latency.
 *
 * <p><b>Threading / lifecycle.</b> Stateless helpers; {@link Header} is one connection's mutable scratch.
 */
final class FanoutMessage {

    /** Header bytes; also the smallest message. */
    static final int HEADER = 28;
    /** The most publishers the header can name. */
    static final int MAX_PUBLISHERS = 0xFFF;

    private static final byte MAGIC = 'F';
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FILL = "abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

    private FanoutMessage() {
    }

    /** The unmasked payload of message {@code sequence} of {@code publisher}, sent at {@code nanos}. */
    static byte[] payload(int size, int publisher, long sequence, long nanos) {
        byte[] p = new byte[size];
        for (int i = HEADER; i < size; i++) {
            p[i] = FILL[i % FILL.length];
        }
        p[0] = MAGIC;
        hex(p, 1, publisher, 3);
        hex(p, 4, sequence, 12);
        hex(p, 16, nanos, 12);
        return p;
    }

    /** The same as one complete masked client text frame, masked with {@code key}. */
    static ByteBuffer frame(int size, int publisher, long sequence, long nanos, int key) {
        byte[] payload = payload(size, publisher, sequence, nanos);
        byte[] frame = new byte[FrameWriter.headerSize(size, true) + size];
        int start = FrameWriter.putHeader(frame, Opcode.TEXT, true, 0, size, true, key);
        System.arraycopy(payload, 0, frame, start, size);
        Masking.mask(frame, start, size, key, 0);
        return ByteBuffer.wrap(frame);
    }

    private static void hex(byte[] p, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            p[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    /**
     * A message's header as it arrives, possibly in pieces: {@link #take} the payload bytes of each frame
     * (only the first {@value #HEADER} are kept), then {@link #parse()}.
     */
    static final class Header {
        private final byte[] bytes = new byte[HEADER];
        private int length;
        int publisher;
        long sequence;
        long nanos;

        /** Starts a new message. */
        void reset() {
            length = 0;
        }

        /** Keeps what the header still lacks from {@code length} bytes of {@code buffer} at {@code index}. */
        void take(ByteBuffer buffer, int index, int length) {
            int n = Math.min(length, HEADER - this.length);
            if (n > 0) {
                buffer.get(index, bytes, this.length, n);
                this.length += n;
            }
        }

        /** Reads the fields; false when the header is incomplete or malformed. */
        boolean parse() {
            if (length < HEADER || bytes[0] != MAGIC) {
                return false;
            }
            long p = unhex(1, 3);
            long s = unhex(4, 12);
            long t = unhex(16, 12);
            if (p < 0 || s < 0 || t < 0) {
                return false;
            }
            publisher = (int) p;
            sequence = s;
            nanos = t;
            return true;
        }

        private long unhex(int at, int digits) {
            long v = 0;
            for (int i = at; i < at + digits; i++) {
                int b = bytes[i];
                int d = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
                if (d < 0) {
                    return -1;
                }
                v = v << 4 | d;
            }
            return v;
        }
    }
}
