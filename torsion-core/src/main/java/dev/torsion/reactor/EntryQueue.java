package dev.torsion.reactor;

import java.util.Arrays;

/**
 * A growable ring of output entries (buffers, chunks, file regions) with indexed access, so a gathering
 * write can look along the queue without an iterator object per write.
 *
 * <p><b>Threading.</b> Not thread-safe: one event loop's thread. <b>Lifecycle.</b> Owned by a connection
 * while its socket is full, or by a loop's {@link WriteStaging}.
 */
final class EntryQueue {

    private Object[] ring;
    private int head;
    private int size;

    EntryQueue(int capacity) {
        ring = new Object[Math.max(2, Integer.highestOneBit(capacity - 1) << 1)];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The entry {@code i} places from the front. */
    Object get(int i) {
        return ring[(head + i) & (ring.length - 1)];
    }

    Object peekFirst() {
        return size == 0 ? null : ring[head];
    }

    Object peekLast() {
        return size == 0 ? null : ring[(head + size - 1) & (ring.length - 1)];
    }

    Object pollFirst() {
        if (size == 0) {
            return null;
        }
        Object e = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
        return e;
    }

    void addLast(Object e) {
        if (size == ring.length) {
            Object[] bigger = new Object[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = get(i);
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = e;
        size++;
    }

    void clear() {
        Arrays.fill(ring, null);
        head = 0;
        size = 0;
    }
}
