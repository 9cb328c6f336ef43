package dev.torsion.web.http2;

import java.nio.charset.StandardCharsets;

/**
 * Decodes HPACK header blocks (RFC 7541) into {@link Http2Headers}: indexed fields, literals with and without
 * indexing, Huffman-coded strings, and dynamic table size updates, keeping the dynamic table in step with the
 * peer's encoder.
 *
 * <p><b>Limits.</b> The table never exceeds the size this end announced (SETTINGS_HEADER_TABLE_SIZE); a size
 * update above it, or not at the start of a block, is an error. Fields are added to the output only while the
 * list stays within {@code maxHeaderListSize} (RFC 9113 section 10.5.1): beyond it the rest of the block is
 * still decoded, so that the table stays right, but its fields are dropped and {@link #decode} returns false.
 * A block of a few bytes that names one large table entry thousands of times (an "HPACK bomb") therefore
 * costs the decoder its length in work and no more than the limit in memory.
 *
 * <p><b>Threading.</b> Not thread-safe: the connection's event loop only.
 *
 * <p><b>Lifecycle.</b> One per connection, for the blocks the peer sends; after an {@link HpackException}
 * the table is no longer in step with the peer and the connection must end.
 */
public final class HpackDecoder {

    private final HpackDynamicTable table;
    private int maxTableSize;
    private long maxHeaderListSize;

    /**
     * A decoder whose table may grow to {@code maxTableSize} (this end's SETTINGS_HEADER_TABLE_SIZE) and
     * which keeps at most {@code maxHeaderListSize} of a block's fields.
     */
    public HpackDecoder(int maxTableSize, long maxHeaderListSize) {
        this.table = new HpackDynamicTable(maxTableSize);
        this.maxTableSize = maxTableSize;
        this.maxHeaderListSize = maxHeaderListSize;
    }

    /** The dynamic table's current size in RFC 7541 units. */
    public long tableSize() {
        return table.size();
    }

    /** The number of entries in the dynamic table. */
    public int tableLength() {
        return table.length();
    }

    /** Changes the largest header list kept per block. */
    public void setMaxHeaderListSize(long max) {
        maxHeaderListSize = max;
    }

    /**
     * Decodes the complete block {@code block[offset, offset + length)} and appends its fields to
     * {@code out}. Returns true when every field was kept, false when the list grew past the limit and the
     * fields beyond it were dropped.
     *
     * @throws HpackException if the block is malformed; the connection must then end
     */
    public boolean decode(byte[] block, int offset, int length, Http2Headers out) throws HpackException {
        Cursor in = new Cursor(block, offset, offset + length);
        long listSize = 0;
        boolean kept = true;
        boolean fieldSeen = false;
        while (in.pos < in.end) {
            int b = block[in.pos] & 0xff;
            String name;
            String value;
            if ((b & 0x80) != 0) {                       // 6.1 indexed header field
                int index = in.integer(7);
                name = nameAt(index);
                value = valueAt(index);
            } else if ((b & 0xc0) == 0x40) {             // 6.2.1 literal with incremental indexing
                int index = in.integer(6);
                name = index == 0 ? in.string() : nameAt(index);
                value = in.string();
                table.add(name, value);
            } else if ((b & 0xe0) == 0x20) {             // 6.3 dynamic table size update
                if (fieldSeen) {
                    throw new HpackException("a dynamic table size update after a header field in the same block");
                }
                int size = in.integer(5);
                if (size > maxTableSize) {
                    throw new HpackException("a dynamic table size update to " + size + " exceeds the "
                            + maxTableSize + " this end allows");
                }
                table.setMaxSize(size);
                continue;
            } else {                                     // 6.2.2 without indexing, 6.2.3 never indexed
                int index = in.integer(4);
                name = index == 0 ? in.string() : nameAt(index);
                value = in.string();
            }
            fieldSeen = true;
            if (kept) {
                listSize += HpackDynamicTable.entrySize(name, value);
                if (listSize > maxHeaderListSize) {
                    kept = false;
                } else {
                    out.add(name, value);
                }
            }
        }
        return kept;
    }

    private String nameAt(int index) throws HpackException {
        checkIndex(index);
        return index <= HpackStaticTable.SIZE ? HpackStaticTable.name(index) : table.name(index - HpackStaticTable.SIZE);
    }

    private String valueAt(int index) throws HpackException {
        checkIndex(index);
        return index <= HpackStaticTable.SIZE ? HpackStaticTable.value(index) : table.value(index - HpackStaticTable.SIZE);
    }

    private void checkIndex(int index) throws HpackException {
        if (index == 0 || index > HpackStaticTable.SIZE + table.length()) {
            throw new HpackException("header table index " + index + " is not in the table (static 61, dynamic "
                    + table.length() + ")");
        }
    }

    /** Reads integers and strings from a block, failing on truncation. */
    private static final class Cursor {
        final byte[] bytes;
        int pos;
        final int end;

        Cursor(byte[] bytes, int pos, int end) {
            this.bytes = bytes;
            this.pos = pos;
            this.end = end;
        }

        /** RFC 7541 section 5.1: an integer with an N-bit prefix; values past 2^31 - 1 are refused. */
        int integer(int prefixBits) throws HpackException {
            int max = (1 << prefixBits) - 1;
            int value = bytes[pos++] & max;
            if (value < max) {
                return value;
            }
            long v = value;
            int shift = 0;
            while (true) {
                if (pos >= end) {
                    throw new HpackException("a header block ends inside an integer");
                }
                if (shift > 28) {
                    throw new HpackException("an integer in a header block has more than five continuation bytes");
                }
                int b = bytes[pos++] & 0xff;
                v += (long) (b & 0x7f) << shift;
                if (v > Integer.MAX_VALUE) {
                    throw new HpackException("an integer in a header block exceeds 2^31 - 1");
                }
                if ((b & 0x80) == 0) {
                    return (int) v;
                }
                shift += 7;
            }
        }

        /** RFC 7541 section 5.2: a string literal, Huffman-coded or not. */
        String string() throws HpackException {
            if (pos >= end) {
                throw new HpackException("a header block ends where a string was expected");
            }
            boolean huffman = (bytes[pos] & 0x80) != 0;
            int length = integer(7);
            if (length > end - pos) {
                throw new HpackException("a string of " + length + " bytes runs past the end of its header block");
            }
            String s = huffman ? Huffman.decode(bytes, pos, length)
                    : new String(bytes, pos, length, StandardCharsets.ISO_8859_1);
            pos += length;
            return s;
        }
    }
}
