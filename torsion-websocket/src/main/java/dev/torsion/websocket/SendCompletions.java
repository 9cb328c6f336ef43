package dev.torsion.websocket;

/**
 * The callbacks of the sends a {@link TransportWebSocket} has written and whose bytes have not left yet, in
 * write order, each with the transport's write mark after its frame: a ring of two arrays, grown by doubling
 * and never shrunk, so that a steady flow of sends with callbacks allocates nothing.
 *
 * <p><b>Threading.</b> Not thread-safe: used on the connection's event loop only. <b>Lifecycle.</b> Made at the
 * first send with a callback; lives as long as its connection.
 */
final class SendCompletions {

    private SendCallback[] callbacks = new SendCallback[4];
    private long[] marks = new long[4];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    /** The mark of the oldest callback (there is one). */
    long firstMark() {
        return marks[head];
    }

    /** Adds a callback whose send ends at {@code mark}. */
    void add(SendCallback callback, long mark) {
        if (size == callbacks.length) {
            grow();
        }
        int at = (head + size) & (callbacks.length - 1);
        callbacks[at] = callback;
        marks[at] = mark;
        size++;
    }

    /** Removes and returns the oldest callback (there is one). */
    SendCallback removeFirst() {
        SendCallback first = callbacks[head];
        callbacks[head] = null;
        head = (head + 1) & (callbacks.length - 1);
        size--;
        return first;
    }

    private void grow() {
        int n = callbacks.length;
        SendCallback[] c = new SendCallback[2 * n];
        long[] m = new long[2 * n];
        for (int i = 0; i < size; i++) {
            c[i] = callbacks[(head + i) & (n - 1)];
            m[i] = marks[(head + i) & (n - 1)];
        }
        callbacks = c;
        marks = m;
        head = 0;
    }
}
