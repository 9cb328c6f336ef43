package dev.torsion.websocket.deflate;

import java.util.Arrays;

/**
 * Test helper: a small, slow, independent DEFLATE decoder (RFC 1951) that also records the longest
 * back-reference distance it followed, to check that a stream honours a window of 2^N bytes (zlib's raw
 * inflate cannot be asked for N = 8). Decodes stored, fixed and dynamic Huffman blocks; the history it
 * refers back to spans every message fed to it, as a peer's window does under context takeover.
 *
 * <p>Not thread-safe; one stream per instance.
 */
final class DeflateStreamReader {

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43,
        51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4,
        4, 4, 5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
        513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9,
        10, 10, 11, 11, 12, 12, 13, 13};
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1,
        15};

    /** Everything decoded so far, across messages: the window references point into. */
    private byte[] window = new byte[1024];
    private int size;
    private int maxDistance;

    private byte[] in;
    private int bytePos;
    private int bitBuf;
    private int bitCount;

    /** The longest distance followed so far. */
    int maxDistance() {
        return maxDistance;
    }

    /**
     * Decodes one message's payload (RFC 7692: {@code 00 00 ff ff} appended here) and returns its bytes.
     * Under no context takeover call {@link #forgetHistory()} between messages.
     */
    byte[] message(byte[] payload) {
        in = new byte[payload.length + 4];
        System.arraycopy(payload, 0, in, 0, payload.length);
        in[payload.length + 2] = (byte) 0xff;
        in[payload.length + 3] = (byte) 0xff;
        bytePos = 0;
        bitBuf = 0;
        bitCount = 0;
        int start = size;
        while (bytePos < in.length || bitCount >= 3) {
            boolean last = bits(1) == 1;
            int type = bits(2);
            switch (type) {
                case 0 -> stored();
                case 1 -> huffman(fixedLiterals(), fixedDistances());
                case 2 -> dynamic();
                default -> throw new IllegalStateException("reserved block type 3");
            }
            if (last) {
                break; // BFINAL: the rest would be a new stream (not produced by Torsion)
            }
            if (bytePos >= in.length && bitCount < 8) {
                break;
            }
        }
        return Arrays.copyOfRange(window, start, size);
    }

    /** The next message may not refer to earlier ones. */
    void forgetHistory() {
        size = 0;
    }

    private void stored() {
        bitBuf = 0;
        bitCount = 0; // to the byte boundary
        int len = (in[bytePos] & 0xff) | (in[bytePos + 1] & 0xff) << 8;
        int nlen = (in[bytePos + 2] & 0xff) | (in[bytePos + 3] & 0xff) << 8;
        if ((len ^ 0xffff) != nlen) {
            throw new IllegalStateException("stored block length check failed");
        }
        bytePos += 4;
        for (int i = 0; i < len; i++) {
            write(in[bytePos + i]);
        }
        bytePos += len;
    }

    private void dynamic() {
        int hlit = bits(5) + 257;
        int hdist = bits(5) + 1;
        int hclen = bits(4) + 4;
        int[] codeLengths = new int[19];
        for (int i = 0; i < hclen; i++) {
            codeLengths[CODE_LENGTH_ORDER[i]] = bits(3);
        }
        Huffman codeLengthCode = new Huffman(codeLengths);
        int[] lengths = new int[hlit + hdist];
        for (int i = 0; i < lengths.length; ) {
            int symbol = codeLengthCode.decode(this);
            if (symbol < 16) {
                lengths[i++] = symbol;
            } else {
                int repeat;
                int value = 0;
                if (symbol == 16) {
                    value = lengths[i - 1];
                    repeat = 3 + bits(2);
                } else if (symbol == 17) {
                    repeat = 3 + bits(3);
                } else {
                    repeat = 11 + bits(7);
                }
                for (int r = 0; r < repeat; r++) {
                    lengths[i++] = value;
                }
            }
        }
        int[] literal = new int[hlit];
        int[] distance = new int[hdist];
        System.arraycopy(lengths, 0, literal, 0, hlit);
        System.arraycopy(lengths, hlit, distance, 0, hdist);
        huffman(new Huffman(literal), new Huffman(distance));
    }

    private void huffman(Huffman literals, Huffman distances) {
        while (true) {
            int symbol = literals.decode(this);
            if (symbol < 256) {
                write((byte) symbol);
            } else if (symbol == 256) {
                return;
            } else {
                int l = symbol - 257;
                int length = LENGTH_BASE[l] + bits(LENGTH_EXTRA[l]);
                int d = distances.decode(this);
                int distance = DIST_BASE[d] + bits(DIST_EXTRA[d]);
                maxDistance = Math.max(maxDistance, distance);
                if (distance > size) {
                    throw new IllegalStateException("distance " + distance + " before the start of the window");
                }
                for (int i = 0; i < length; i++) {
                    write(window[size - distance]);
                }
            }
        }
    }

    private void write(byte b) {
        if (size == window.length) {
            window = Arrays.copyOf(window, size * 2);
        }
        window[size++] = b;
    }

    int bits(int n) {
        while (bitCount < n) {
            if (bytePos >= in.length) {
                throw new IllegalStateException("stream ends inside a block");
            }
            bitBuf |= (in[bytePos++] & 0xff) << bitCount;
            bitCount += 8;
        }
        int value = bitBuf & ((1 << n) - 1);
        bitBuf >>>= n;
        bitCount -= n;
        return value;
    }

    private static Huffman fixedLiterals() {
        int[] lengths = new int[288];
        for (int i = 0; i < 288; i++) {
            lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
        }
        return new Huffman(lengths);
    }

    private static Huffman fixedDistances() {
        int[] lengths = new int[30];
        Arrays.fill(lengths, 5);
        return new Huffman(lengths);
    }

    /** A canonical Huffman code, decoded bit by bit (RFC 1951 section 3.2.2). */
    private static final class Huffman {
        private final int[] counts = new int[16];
        private final int[] symbols;

        Huffman(int[] lengths) {
            for (int length : lengths) {
                counts[length]++;
            }
            counts[0] = 0;
            int[] offsets = new int[16];
            for (int i = 1; i < 16; i++) {
                offsets[i] = offsets[i - 1] + counts[i - 1];
            }
            symbols = new int[lengths.length];
            for (int s = 0; s < lengths.length; s++) {
                if (lengths[s] != 0) {
                    symbols[offsets[lengths[s]]++] = s;
                }
            }
        }

        int decode(DeflateStreamReader reader) {
            int code = 0;
            int first = 0;
            int index = 0;
            for (int len = 1; len < 16; len++) {
                code |= reader.bits(1);
                int count = counts[len];
                if (code - count < first) {
                    return symbols[index + (code - first)];
                }
                index += count;
                first += count;
                first <<= 1;
                code <<= 1;
            }
            throw new IllegalStateException("invalid Huffman code");
        }
    }
}
