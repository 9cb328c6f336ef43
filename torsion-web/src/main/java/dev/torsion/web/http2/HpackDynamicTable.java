package dev.torsion.web.http2;

/**
 * HPACK's dynamic table (RFC 7541 sections 2.3.2 and 4): a FIFO of header fields, newest first, whose size
 * (each entry's name and value octets plus 32) is kept within a maximum by evicting the oldest entries.
 * Each end of a connection keeps one for each direction; the decoder's and the peer encoder's must agree.
 *
 * <p><b>Threading.</b> Not thread-safe: the connection's event loop only.
 */
final class HpackDynamicTable {

    /** The overhead RFC 7541 section 4.1 counts for each entry. */
    static final int ENTRY_OVERHEAD = 32;

    private String[] names = new String[8];
    private String[] values = new String[8];
    /** Ring position of the newest entry. */
    private int head = -1;
    private int count;
    private long size;
    private int maxSize;

    HpackDynamicTable(int maxSize) {
        this.maxSize = maxSize;
    }

    /** The size of a field as the table counts it. */
    static long entrySize(String name, String value) {
        return (long) name.length() + value.length() + ENTRY_OVERHEAD;
    }

    /** The number of entries. */
    int length() {
        return count;
    }

    /** The current size (sum of the entries' sizes). */
    long size() {
        return size;
    }

    /** The maximum size. */
    int maxSize() {
        return maxSize;
    }

    /** Changes the maximum size, evicting the oldest entries until the table fits. */
    void setMaxSize(int max) {
        maxSize = max;
        evictTo(max);
    }

    /**
     * Adds a field as the newest entry, evicting older ones to make room; a field larger than the maximum
     * empties the table and is not added (RFC 7541 section 4.4).
     */
    void add(String name, String value) {
        long s = entrySize(name, value);
        if (s > maxSize) {
            evictTo(0);
            return;
        }
        evictTo(maxSize - s);
        if (count == names.length) {
            grow();
        }
        head = (head + 1) % names.length;
        names[head] = name;
        values[head] = value;
        count++;
        size += s;
    }

    /** The name of entry {@code index}, 1 being the newest. */
    String name(int index) {
        return names[slot(index)];
    }

    /** The value of entry {@code index}, 1 being the newest. */
    String value(int index) {
        return values[slot(index)];
    }

    /** The index of the newest entry with this name and value, or 0. */
    int indexOf(String name, String value) {
        for (int i = 1; i <= count; i++) {
            int s = slot(i);
            if (names[s].equals(name) && values[s].equals(value)) {
                return i;
            }
        }
        return 0;
    }

    /** The index of the newest entry with this name, or 0. */
    int indexOfName(String name) {
        for (int i = 1; i <= count; i++) {
            if (names[slot(i)].equals(name)) {
                return i;
            }
        }
        return 0;
    }

    private int slot(int index) {
        if (index < 1 || index > count) {
            throw new IndexOutOfBoundsException("dynamic table index " + index + " of " + count);
        }
        return Math.floorMod(head - (index - 1), names.length);
    }

    private void evictTo(long target) {
        while (size > target && count > 0) {
            int oldest = Math.floorMod(head - (count - 1), names.length);
            size -= entrySize(names[oldest], values[oldest]);
            names[oldest] = null;
            values[oldest] = null;
            count--;
        }
    }

    private void grow() {
        String[] n = new String[names.length * 2];
        String[] v = new String[names.length * 2];
        for (int i = count; i >= 1; i--) {          // oldest first, into slots 0..count-1
            n[count - i] = names[slot(i)];
            v[count - i] = values[slot(i)];
        }
        names = n;
        values = v;
        head = count - 1;
    }
}
