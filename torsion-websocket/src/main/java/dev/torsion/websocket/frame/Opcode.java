package dev.torsion.websocket.frame;

/**
 * Frame opcodes (RFC 6455 section 5.2) as int constants, for allocation-free use on the hot path.
 * 3-7 and 0xB-0xF are reserved: a frame carrying one is a protocol error.
 */
public final class Opcode {

    /** A continuation frame of a fragmented message. */
    public static final int CONTINUATION = 0x0;
    /** The first frame of a text message (UTF-8). */
    public static final int TEXT = 0x1;
    /** The first frame of a binary message. */
    public static final int BINARY = 0x2;
    /** A close frame. */
    public static final int CLOSE = 0x8;
    /** A ping frame. */
    public static final int PING = 0x9;
    /** A pong frame. */
    public static final int PONG = 0xA;

    private Opcode() {
    }

    /** True for the control opcodes (close, ping, pong): bit 3 set. */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /** True for opcodes RFC 6455 defines; false for the reserved ones. */
    public static boolean isDefined(int opcode) {
        return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
    }

    /** A readable name, e.g. {@code "TEXT"} or {@code "RESERVED(0x3)"}. */
    public static String name(int opcode) {
        switch (opcode) {
            case CONTINUATION: return "CONTINUATION";
            case TEXT: return "TEXT";
            case BINARY: return "BINARY";
            case CLOSE: return "CLOSE";
            case PING: return "PING";
            case PONG: return "PONG";
            default: return "RESERVED(0x" + Integer.toHexString(opcode) + ")";
        }
    }
}
