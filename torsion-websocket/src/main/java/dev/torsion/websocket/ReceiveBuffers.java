package dev.torsion.websocket;

import java.nio.ByteBuffer;

/**
 * What the message readers of one thread (an event loop) share, so that receiving costs no allocation in the
 * steady state: a pool of arrays for messages that span reads, a read-only view of the read buffer to hand
 * binary messages and control payloads to the application, and scratch arrays for decoding text.
 *
 * <p><b>Pool.</b> Arrays come in power-of-two sizes from 1 KiB to 4 MiB; a reader takes one while a message
 * is incomplete and gives it back once the message is delivered. The pool keeps at most
 * {@link #RETAINED_PER_SIZE} arrays and {@link #RETAINED_PER_SIZE_BYTES} of a size, and
 * {@link #RETAINED_BYTES} in all (beyond that a returned array is left to the garbage collector), so what it
 * holds is bounded whatever the traffic. Larger messages get arrays of their own. {@link #tryTake} hands out only what the pool already holds: a reader uses it to size a
 * buffer from a frame header without letting a peer that announces a large frame make it allocate.
 *
 * <p><b>View.</b> Read-only views of the last two input buffers seen, re-pointed at each message; if a callback
 * that is using one leads to another delivery from the same buffer on the same thread (an in-memory pipe
 * delivers synchronously), the nested one gets a fresh view.
 *
 * <p><b>Threading.</b> One instance per thread ({@link #current()}), used by that thread only.
 */
final class ReceiveBuffers {

    static final int MIN_SHIFT = 10;
    static final int MAX_SHIFT = 22;
    static final int RETAINED_PER_SIZE = 8;
    static final long RETAINED_PER_SIZE_BYTES = 4L << 20;
    static final long RETAINED_BYTES = 16L << 20;
    /** Text up to this size is decoded through the scratch arrays; longer text gets arrays of its own. */
    static final int SCRATCH_LIMIT = 64 * 1024;

    private static final ThreadLocal<ReceiveBuffers> CURRENT = ThreadLocal.withInitial(ReceiveBuffers::new);

    private final byte[][][] free = new byte[MAX_SHIFT + 1][][];
    private final int[] freeCount = new int[MAX_SHIFT + 1];
    private long retained;

    private ByteBuffer source0;
    private ByteBuffer view0;
    private boolean inUse0;
    private ByteBuffer source1;
    private ByteBuffer view1;
    private boolean inUse1;
    /** True when slot 1 was used last (slot 0 is the one to replace). */
    private boolean recent1;

    private byte[] textBytes;
    private char[] textChars;

    private ReceiveBuffers() {
    }

    /** The calling thread's buffers. */
    static ReceiveBuffers current() {
        return CURRENT.get();
    }

    // ---------------------------------------------------------------- pool

    /** An array of at least {@code capacity} bytes: from the pool if it has one, else new. */
    byte[] take(long capacity) {
        byte[] pooled = tryTake(capacity);
        if (pooled != null) {
            return pooled;
        }
        int shift = shiftFor(capacity);
        return new byte[shift <= MAX_SHIFT ? 1 << shift : (int) capacity];
    }

    /** An array of at least {@code capacity} bytes if the pool holds one, else null (nothing is allocated). */
    byte[] tryTake(long capacity) {
        int shift = shiftFor(capacity);
        if (shift > MAX_SHIFT || freeCount[shift] == 0) {
            return null;
        }
        byte[] array = free[shift][--freeCount[shift]];
        free[shift][freeCount[shift]] = null;
        retained -= array.length;
        return array;
    }

    /** Gives an array back (one from {@link #take}, or any other: only pool-sized ones are kept). */
    void give(byte[] array) {
        int length = array.length;
        if (length < (1 << MIN_SHIFT) || Integer.bitCount(length) != 1) {
            return;
        }
        int shift = Integer.numberOfTrailingZeros(length);
        if (shift > MAX_SHIFT || freeCount[shift] == RETAINED_PER_SIZE
                || (freeCount[shift] + 1L) * length > RETAINED_PER_SIZE_BYTES || retained + length > RETAINED_BYTES) {
            return;
        }
        if (free[shift] == null) {
            free[shift] = new byte[RETAINED_PER_SIZE][];
        }
        free[shift][freeCount[shift]++] = array;
        retained += length;
    }

    /** Bytes the pool holds now (for tests and accounting). */
    long retainedBytes() {
        return retained;
    }

    /** Empties the pool (for tests that count what it holds). */
    void clear() {
        java.util.Arrays.fill(free, null);
        java.util.Arrays.fill(freeCount, 0);
        retained = 0;
    }

    private static int shiftFor(long capacity) {
        if (capacity <= 1 << MIN_SHIFT) {
            return MIN_SHIFT;
        }
        return 64 - Long.numberOfLeadingZeros(capacity - 1);
    }

    // ---------------------------------------------------------------- view

    /**
     * A read-only view of {@code source}'s bytes at absolute indexes {@code [index, index + length)} (position
     * and limit set to them), for one delivery; give it back with {@link #endView} when the callback returns.
     * Views of the last two sources are reused (a loop's read buffer; a second one, such as the other end
     * of an in-memory pipe or a TLS connection's plaintext).
     */
    ByteBuffer view(ByteBuffer source, int index, int length) {
        ByteBuffer v;
        if (source == source0 && !inUse0) {
            v = view0;
            inUse0 = true;
            recent1 = false;
        } else if (source == source1 && !inUse1) {
            v = view1;
            inUse1 = true;
            recent1 = true;
        } else if (!inUse0 && (recent1 || inUse1) && source != source1) {
            source0 = source;
            view0 = source.asReadOnlyBuffer();
            v = view0;
            inUse0 = true;
            recent1 = false;
        } else if (!inUse1 && source != source0) {
            source1 = source;
            view1 = source.asReadOnlyBuffer();
            v = view1;
            inUse1 = true;
            recent1 = true;
        } else {
            v = source.asReadOnlyBuffer();   // both in use (nested deliveries): a view of its own
        }
        v.clear();
        v.position(index);
        v.limit(index + length);
        return v;
    }

    /** The delivery that got {@code v} from {@link #view} is over. */
    void endView(ByteBuffer v) {
        if (v == view0) {
            inUse0 = false;
        } else if (v == view1) {
            inUse1 = false;
        }
    }

    // ---------------------------------------------------------------- text scratch

    /** A scratch array of at least {@code length} bytes (up to {@link #SCRATCH_LIMIT} it is reused). */
    byte[] textBytes(int length) {
        if (length > SCRATCH_LIMIT) {
            return new byte[length];
        }
        if (textBytes == null) {
            textBytes = new byte[SCRATCH_LIMIT];
        }
        return textBytes;
    }

    /** A scratch array of at least {@code length} chars (up to {@link #SCRATCH_LIMIT} it is reused). */
    char[] textChars(int length) {
        if (length > SCRATCH_LIMIT) {
            return new char[length];
        }
        if (textChars == null) {
            textChars = new char[SCRATCH_LIMIT];
        }
        return textChars;
    }
}
