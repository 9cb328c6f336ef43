package dev.torsion.cli.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The messages a run sends, and the byte-for-byte check of their echoes.
 *
 * <p>There are a few distinct payloads ("slots", as many as the depth, at most {@value #MAX_SLOTS}); message
 * {@code n} of connection {@code c} carries slot {@code (c + n) % slots}. Each slot starts with its number
 * and is otherwise random, so an echo that comes back corrupted, truncated, or out of order within the
 * window of messages in flight does not match. Text payloads are printable ASCII, so comparing the strings
 * is comparing their UTF-8 bytes.
 *
 * <p><b>Threading / lifecycle.</b> Immutable after construction; shared by every connection of a run.
 */
public final class Payloads {

    /** The most distinct payloads kept (bounds memory for large messages). */
    public static final int MAX_SLOTS = 16;

    private static final byte[] ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] bytes;
    private final String[] strings;

    /** {@code slots} payloads of {@code size} bytes, text (ASCII) or binary, from a fixed seed. */
    public Payloads(int size, int slots, boolean text) {
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("slots must be between 1 and " + MAX_SLOTS + ", got " + slots);
        }
        SplittableRandom random = new SplittableRandom(0x7051_0A1DL);
        bytes = new byte[slots][];
        strings = text ? new String[slots] : null;
        for (int s = 0; s < slots; s++) {
            byte[] b = new byte[size];
            if (text) {
                for (int i = 0; i < size; i++) {
                    b[i] = ALPHABET[random.nextInt(ALPHABET.length)];
                }
            } else {
                random.nextBytes(b);
            }
            if (size > 0) {
                b[0] = text ? ALPHABET[s] : (byte) s;
            }
            bytes[s] = b;
            if (text) {
                strings[s] = new String(b, StandardCharsets.US_ASCII);
            }
        }
    }

    /** The number of distinct payloads. */
    public int slots() {
        return bytes.length;
    }

    /** The slot that message {@code sequence} of connection {@code connection} carries. */
    public int slotOf(int connection, long sequence) {
        return (int) Math.floorMod(connection + sequence, (long) bytes.length);
    }

    /** Slot {@code slot}'s text (text payloads only). */
    public String text(int slot) {
        return strings[slot];
    }

    /** Slot {@code slot}'s bytes as a read-only buffer (the caller may hand it to a send that takes ownership). */
    public ByteBuffer binary(int slot) {
        return ByteBuffer.wrap(bytes[slot]).asReadOnlyBuffer();
    }

    /** Slot {@code slot}'s bytes themselves (not a copy: callers must not change them). */
    byte[] bytes(int slot) {
        return bytes[slot];
    }

    /** True when {@code echo} is exactly slot {@code slot}'s text. */
    public boolean matches(int slot, String echo) {
        return strings[slot].equals(echo);
    }

    /** True when the remaining bytes of {@code echo} are exactly slot {@code slot}'s bytes (position unchanged). */
    public boolean matches(int slot, ByteBuffer echo) {
        byte[] expected = bytes[slot];
        if (echo.remaining() != expected.length) {
            return false;
        }
        if (echo.hasArray()) {
            int from = echo.arrayOffset() + echo.position();
            return Arrays.equals(echo.array(), from, from + expected.length, expected, 0, expected.length);
        }
        return echo.mismatch(ByteBuffer.wrap(expected)) == -1;
    }
}
