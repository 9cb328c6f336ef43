package dev.torsion.web.http2;

import java.util.Set;

/**
 * Encodes header lists into HPACK blocks (RFC 7541): a full match in the static or dynamic table becomes an
 * index; other fields are literals, added to the dynamic table unless their value is unlikely to repeat
 * ({@code content-length}, {@code :path}, ...) or is a secret ({@code authorization}, {@code cookie}, ...,
 * sent as never-indexed, section 7.1.3); strings are Huffman-coded when that is shorter. A change of the
 * table's maximum (the peer's SETTINGS_HEADER_TABLE_SIZE) is announced at the start of the next block.
 *
 * <p><b>Threading.</b> Not thread-safe: the connection's event loop only.
 *
 * <p><b>Lifecycle.</b> One per connection, for the blocks this end sends, in the order they are sent.
 */
public final class HpackEncoder {

    /** Which literals go into the dynamic table. */
    enum Indexing {
        /** All but values unlikely to repeat and secrets. */
        SELECTIVE,
        /** Every literal (as the RFC's Appendix C examples do). */
        ALL
    }

    /** When strings are Huffman-coded. */
    enum HuffmanUse {
        /** When the code is shorter than the raw string. */
        SHORTER,
        ALWAYS,
        NEVER
    }

    /** The largest table this encoder uses, whatever more the peer allows. */
    static final int DEFAULT_TABLE_LIMIT = 4096;

    private static final Set<String> NOT_INDEXED = Set.of(":path", "content-length", "content-range", "etag",
            "last-modified", "age", "if-modified-since", "if-none-match", "location", "range");
    private static final Set<String> NEVER_INDEXED = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie");

    private final HpackDynamicTable table;
    private final int limit;
    private final Indexing indexing;
    private final HuffmanUse huffman;
    /** The smallest maximum set since the last block, or -1 when nothing changed (RFC 7541 section 4.2). */
    private int pendingMinSize = -1;
    private int pendingSize = -1;

    /** An encoder for a peer that allows the default 4096-octet table. */
    public HpackEncoder() {
        this(DEFAULT_TABLE_LIMIT, Indexing.SELECTIVE, HuffmanUse.SHORTER);
    }

    HpackEncoder(int limit, Indexing indexing, HuffmanUse huffman) {
        this.limit = limit;
        this.table = new HpackDynamicTable(Math.min(limit, 4096));
        this.indexing = indexing;
        this.huffman = huffman;
    }

    /** The dynamic table's current size in RFC 7541 units. */
    public long tableSize() {
        return table.size();
    }

    /**
     * The peer's SETTINGS_HEADER_TABLE_SIZE changed to {@code peerMax}: this encoder uses at most that (and at
     * most its own limit) from the next block on, which starts with the size update.
     */
    public void setPeerMaxTableSize(long peerMax) {
        int size = (int) Math.min(peerMax, limit);
        if (size == table.maxSize() && pendingSize < 0) {
            return;
        }
        pendingMinSize = pendingMinSize < 0 ? size : Math.min(pendingMinSize, size);
        pendingSize = size;
        table.setMaxSize(size);
    }

    /** Appends the block for {@code headers} to {@code out}. */
    public void encode(Http2Headers headers, ByteOutput out) {
        startBlock(out);
        for (int i = 0; i < headers.size(); i++) {
            field(headers.name(i), headers.value(i), out);
        }
    }

    /** Starts a block: the pending table size updates (the smallest, then the final one) come first. */
    void startBlock(ByteOutput out) {
        if (pendingSize < 0) {
            return;
        }
        if (pendingMinSize < pendingSize) {
            integer(0x20, 5, pendingMinSize, out);
        }
        integer(0x20, 5, pendingSize, out);
        pendingSize = -1;
        pendingMinSize = -1;
    }

    /** Appends one field (after {@link #startBlock}). */
    void field(String name, String value, ByteOutput out) {
        boolean all = indexing == Indexing.ALL;
        boolean never = !all && NEVER_INDEXED.contains(name);
        if (!never) {
            int full = HpackStaticTable.indexOf(name, value);
            if (full == 0) {
                int dynamic = table.indexOf(name, value);
                full = dynamic == 0 ? 0 : HpackStaticTable.SIZE + dynamic;
            }
            if (full != 0) {
                integer(0x80, 7, full, out);
                return;
            }
        }
        int nameIndex = HpackStaticTable.indexOfName(name);
        if (nameIndex == 0) {
            int dynamic = table.indexOfName(name);
            nameIndex = dynamic == 0 ? 0 : HpackStaticTable.SIZE + dynamic;
        }
        // a selective encoder keeps large fields out, so that one does not flush the whole table
        boolean index = all || (!never && !NOT_INDEXED.contains(name)
                && HpackDynamicTable.entrySize(name, value) <= table.maxSize() / 4);
        if (index) {
            integer(0x40, 6, nameIndex, out);
        } else {
            integer(never ? 0x10 : 0x00, 4, nameIndex, out);
        }
        if (nameIndex == 0) {
            string(name, out);
        }
        string(value, out);
        if (index) {
            table.add(name, value);
        }
    }

    private void string(String s, ByteOutput out) {
        boolean useHuffman = switch (huffman) {
            case ALWAYS -> true;
            case NEVER -> false;
            case SHORTER -> Huffman.encodedLength(s) < s.length();
        };
        if (useHuffman) {
            integer(0x80, 7, Huffman.encodedLength(s), out);
            Huffman.encode(s, out);
        } else {
            integer(0x00, 7, s.length(), out);
            out.writeLatin1(s);
        }
    }

    /** RFC 7541 section 5.1: {@code value} with an N-bit prefix, the first byte's high bits from {@code flags}. */
    static void integer(int flags, int prefixBits, int value, ByteOutput out) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(flags | value);
            return;
        }
        out.write(flags | max);
        value -= max;
        while (value >= 0x80) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }
}
