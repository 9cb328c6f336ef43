package dev.torsion.websocket.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An incremental UTF-8 validator: a deterministic finite automaton over bytes that accepts exactly the
 * well-formed sequences of the Unicode standard (table 3-7), so it rejects overlong forms, UTF-16 surrogates
 * (U+D800-U+DFFF), code points above U+10FFFF and stray continuation bytes, at the first byte that makes
 * the input impossible to complete.
 *
 * <p>The whole state is one {@code int}, kept by the caller between calls, so a message can be validated
 * piece by piece as its frames arrive, across fragment and TCP boundaries, without decoding anything or
 * allocating. {@link #ACCEPT} means "at a character boundary" (a complete message must end there);
 * {@link #REJECT} is final. Runs of ASCII are skipped eight bytes at a time.
 *
 * <p><b>Threading.</b> Stateless; the methods are pure functions of their arguments.
 */
public final class Utf8Validator {

    /** The state at a character boundary: the start state, and the only one a whole text may end in. */
    public static final int ACCEPT = 0;
    /** The state after an invalid byte; once reached, it never changes. */
    public static final int REJECT = 1;

    // Byte classes: which bytes behave alike in the automaton.
    private static final int ASCII = 0;          // 00-7F
    private static final int CONT_80_8F = 1;     // continuation bytes, by range
    private static final int CONT_90_9F = 2;
    private static final int CONT_A0_BF = 3;
    private static final int NEVER = 4;          // C0, C1, F5-FF: never valid
    private static final int LEAD_2 = 5;         // C2-DF: one continuation follows
    private static final int LEAD_E0 = 6;        // E0: next must be A0-BF (no overlong)
    private static final int LEAD_3 = 7;         // E1-EC, EE-EF: two continuations follow
    private static final int LEAD_ED = 8;        // ED: next must be 80-9F (no surrogates)
    private static final int LEAD_F0 = 9;        // F0: next must be 90-BF (no overlong)
    private static final int LEAD_4 = 10;        // F1-F3: three continuations follow
    private static final int LEAD_F4 = 11;       // F4: next must be 80-8F (nothing above U+10FFFF)
    private static final int CLASSES = 12;

    // States besides ACCEPT and REJECT.
    private static final int NEED_1 = 2;
    private static final int NEED_2 = 3;
    private static final int AFTER_E0 = 4;
    private static final int AFTER_ED = 5;
    private static final int NEED_3 = 6;
    private static final int AFTER_F0 = 7;
    private static final int AFTER_F4 = 8;
    private static final int STATES = 9;

    private static final byte[] CLASS_OF = new byte[256];
    /** The payload bits of a lead byte, by class (the other classes never start a sequence that is accepted). */
    private static final int[] LEAD_BITS = {0x7F, 0, 0, 0, 0, 0x1F, 0x0F, 0x0F, 0x0F, 0x07, 0x07, 0x07};
    private static final byte[] NEXT = new byte[STATES * CLASSES];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    static {
        for (int b = 0; b < 256; b++) {
            CLASS_OF[b] = (byte) classify(b);
        }
        java.util.Arrays.fill(NEXT, (byte) REJECT);
        transition(ACCEPT, ASCII, ACCEPT);
        transition(ACCEPT, LEAD_2, NEED_1);
        transition(ACCEPT, LEAD_E0, AFTER_E0);
        transition(ACCEPT, LEAD_3, NEED_2);
        transition(ACCEPT, LEAD_ED, AFTER_ED);
        transition(ACCEPT, LEAD_F0, AFTER_F0);
        transition(ACCEPT, LEAD_4, NEED_3);
        transition(ACCEPT, LEAD_F4, AFTER_F4);
        for (int cont = CONT_80_8F; cont <= CONT_A0_BF; cont++) {
            transition(NEED_1, cont, ACCEPT);
            transition(NEED_2, cont, NEED_1);
            transition(NEED_3, cont, NEED_2);
        }
        transition(AFTER_E0, CONT_A0_BF, NEED_1);
        transition(AFTER_ED, CONT_80_8F, NEED_1);
        transition(AFTER_ED, CONT_90_9F, NEED_1);
        transition(AFTER_F0, CONT_90_9F, NEED_2);
        transition(AFTER_F0, CONT_A0_BF, NEED_2);
        transition(AFTER_F4, CONT_80_8F, NEED_2);
    }

    private Utf8Validator() {
    }

    private static int classify(int b) {
        if (b < 0x80) return ASCII;
        if (b < 0x90) return CONT_80_8F;
        if (b < 0xA0) return CONT_90_9F;
        if (b < 0xC0) return CONT_A0_BF;
        if (b < 0xC2) return NEVER;
        if (b < 0xE0) return LEAD_2;
        if (b == 0xE0) return LEAD_E0;
        if (b == 0xED) return LEAD_ED;
        if (b < 0xF0) return LEAD_3;
        if (b == 0xF0) return LEAD_F0;
        if (b < 0xF4) return LEAD_4;
        if (b == 0xF4) return LEAD_F4;
        return NEVER;
    }

    private static void transition(int from, int byteClass, int to) {
        NEXT[from * CLASSES + byteClass] = (byte) to;
    }

    /** The state after one more byte. */
    public static int step(int state, byte b) {
        return NEXT[state * CLASSES + CLASS_OF[b & 0xFF]];
    }

    /**
     * Runs bytes {@code [from, to)} of {@code bytes} through the automaton from {@code state} and returns the
     * new state, stopping at the first invalid byte ({@link #REJECT}).
     */
    public static int validate(int state, byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (state == ACCEPT) {
                while (i + 8 <= to && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == to) {
                    break;
                }
            }
            state = NEXT[state * CLASSES + CLASS_OF[bytes[i++] & 0xFF]];
            if (state == REJECT) {
                return REJECT;
            }
        }
        return state;
    }

    /**
     * Runs the bytes at absolute indexes {@code [from, to)} of {@code buffer} through the automaton from
     * {@code state}; the buffer's position is not changed. Runs of ASCII are skipped eight bytes at a time in
     * direct buffers too.
     */
    public static int validate(int state, ByteBuffer buffer, int from, int to) {
        if (buffer.hasArray()) {
            int base = buffer.arrayOffset();
            return validate(state, buffer.array(), base + from, base + to);
        }
        int i = from;
        while (i < to) {
            if (state == ACCEPT) {
                while (i + 8 <= to && (buffer.getLong(i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == to) {
                    break;
                }
            }
            state = NEXT[state * CLASSES + CLASS_OF[buffer.get(i++) & 0xFF]];
            if (state == REJECT) {
                return REJECT;
            }
        }
        return state;
    }

    /** The index of the first byte of {@code bytes[from, to)} that is not ASCII, or {@code to} if none. */
    public static int asciiPrefixEnd(byte[] bytes, int from, int to) {
        int i = from;
        while (i + 8 <= to && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        while (i < to && bytes[i] >= 0) {
            i++;
        }
        return i;
    }

    /**
     * Validates and decodes {@code bytes[from, to)} in one pass into {@code chars} from index {@code at} (there
     * must be room for {@code to - from} chars), returning the index after the last char written, or -1 at the
     * first byte that makes the input invalid or when it ends inside a sequence. Code points above U+FFFF
     * become surrogate pairs.
     */
    public static int decode(byte[] bytes, int from, int to, char[] chars, int at) {
        int state = ACCEPT;
        int codePoint = 0;
        int n = at;
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            if (state == ACCEPT && b < 0x80) {
                chars[n++] = (char) b;
                continue;
            }
            int byteClass = CLASS_OF[b];
            codePoint = state == ACCEPT ? b & LEAD_BITS[byteClass] : (codePoint << 6) | (b & 0x3F);
            state = NEXT[state * CLASSES + byteClass];
            if (state == ACCEPT) {
                if (codePoint < 0x10000) {
                    chars[n++] = (char) codePoint;
                } else {
                    chars[n++] = Character.highSurrogate(codePoint);
                    chars[n++] = Character.lowSurrogate(codePoint);
                }
            } else if (state == REJECT) {
                return -1;
            }
        }
        return state == ACCEPT ? n : -1;
    }

    /** True when {@code bytes[from, to)} is complete, well-formed UTF-8. */
    public static boolean isValid(byte[] bytes, int from, int to) {
        return validate(ACCEPT, bytes, from, to) == ACCEPT;
    }
}
