package dev.torsion.websocket.deflate;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses messages for a peer that agreed to an LZ77 window of 2^N bytes, N from 8 to 14 (RFC 7692 section
 * 7.1.2.1), with a {@link Deflater} whose own window is always 32 KiB.
 *
 * <p><b>How.</b> A DEFLATE stream is valid for a window of 2^N bytes when no back-reference reaches further
 * back than 2^N bytes. The message is cut into segments of {@code S = 2^(N-1)} bytes; each segment is
 * deflated by a freshly reset deflater whose preset dictionary is the {@code S} bytes just before it (the
 * previous segment, or for the first one the end of the previous message under context takeover), and is
 * ended with a sync flush. Inside a segment the deflater has seen at most {@code S} bytes of dictionary plus
 * the segment so far, so every distance is below {@code 2S = 2^N}. The sync flushes leave each segment's
 * blocks non-final and byte-aligned, so the segments concatenate into one valid stream for the peer (whose
 * window simply holds the bytes it inflated last); the last flush's {@code 00 00 ff ff} is removed as usual.
 *
 * <p><b>Cost.</b> A block (header, Huffman tables, sync marker) per segment, and a deflater reset per segment
 * (zlib clears its hash table), so small windows cost ratio and speed: measured in docs/permessage-deflate.md.
 * The context the next message may refer to is kept here ({@code S} bytes), not in the deflater, which can
 * therefore be borrowed from a pool even under context takeover.
 *
 * <p><b>Threading.</b> Not thread-safe: one connection's sending side (or one shared compression) at a time.
 * <b>Lifecycle:</b> lives as long as its codec; holds only a Java array.
 */
final class WindowedCompressor {

    private static final byte[] NO_INPUT = new byte[0];

    /** Bytes deflated after one reset (S); at least the dictionary, see compress. */
    private final int segment;
    /** Bytes of preset dictionary before each segment (S). */
    private final int dictionary;
    private final boolean keepContext;
    /** The last bytes sent, for the next message's first dictionary (context takeover): history[0, historyLength). */
    private final byte[] history;
    private int historyLength;

    /**
     * @param windowBits  the agreed window, 8 to 14
     * @param keepContext whether the next message may refer to this one (context takeover on this side)
     */
    WindowedCompressor(int windowBits, boolean keepContext) {
        if (windowBits < DeflateAgreement.MIN_WINDOW_BITS || windowBits >= DeflateAgreement.MAX_WINDOW_BITS) {
            throw new IllegalArgumentException("windowBits must be from 8 to 14, not " + windowBits);
        }
        // dictionary + segment = 2^N; half and half measured best overall (docs/permessage-deflate.md)
        this.dictionary = 1 << (windowBits - 1);
        this.segment = (1 << windowBits) - dictionary;
        this.keepContext = keepContext;
        this.history = keepContext ? new byte[dictionary] : NO_INPUT;
    }

    /**
     * The compressed payload of {@code message} (consumed from position to limit), without the trailing
     * {@code 00 00 ff ff}. {@code deflater} must be raw (no zlib header); it is left reset or mid-use, so
     * the caller resets it before other use (the pools do on give-back).
     */
    ByteBuffer compress(Deflater deflater, ByteBuffer message) {
        if (!message.hasRemaining()) {
            return CompressedOutput.emptyMessage();
        }
        int start = message.position();
        int length = message.remaining();
        CompressedOutput out = new CompressedOutput(length);
        byte[] array = message.hasArray() ? message.array() : null;
        int base = array != null ? message.arrayOffset() : 0;
        int offset = 0;
        do { // every segment but the first starts at least `dictionary` bytes into the message (segment >= dictionary)
            int n = Math.min(segment, length - offset);
            deflater.reset();
            int at = start + offset;
            if (offset > 0) {
                if (array != null) { // no slice objects per segment for heap messages
                    deflater.setDictionary(array, base + at - dictionary, dictionary);
                } else {
                    deflater.setDictionary(message.slice(at - dictionary, dictionary));
                }
            } else if (historyLength > 0) {
                deflater.setDictionary(history, 0, historyLength);
            }
            if (array != null) {
                deflater.setInput(array, base + at, n);
            } else {
                deflater.setInput(message.slice(at, n));
            }
            out.deflate(deflater, Deflater.SYNC_FLUSH);
            offset += n;
        } while (offset < length);
        deflater.setInput(NO_INPUT); // keep no reference to the caller's buffer
        if (keepContext) {
            remember(message, start, length);
        }
        message.position(start + length);
        return out.withoutSyncTail();
    }

    /** Keeps the last {@code dictionary} bytes of what was sent so far (old history, then this message). */
    private void remember(ByteBuffer message, int start, int length) {
        if (length >= dictionary) {
            message.get(start + length - dictionary, history, 0, dictionary);
            historyLength = dictionary;
            return;
        }
        int keep = Math.min(historyLength, dictionary - length);
        System.arraycopy(history, historyLength - keep, history, 0, keep);
        message.get(start, history, keep, length);
        historyLength = keep + length;
    }
}
