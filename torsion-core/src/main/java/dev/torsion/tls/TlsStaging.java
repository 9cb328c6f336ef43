package dev.torsion.tls;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The plaintext side of TLS shared by every {@link TlsProtocol} of one thread (an event loop): where the
 * writes of one connection at a time (the owner) gather until they are wrapped together into as few TLS
 * records as possible (at the end of the read that produced them, or at once outside a read), the buffer
 * that claims ({@link TlsProtocol#claimWrite}) are ranges of, and the buffer records are decrypted into
 * before the application reads them. Sharing them per thread is what lets an idle TLS connection keep no
 * plaintext buffer of its own.
 *
 * <p>A connection that writes while another owns the staging wraps the other's plaintext first, so each
 * connection's bytes keep their order. While the owner is wrapping (its records go to TCP, which may call
 * back into another TLS connection of the same thread) the staging is busy and others write around it.
 *
 * <p><b>Threading.</b> One per thread ({@link #current()}); never shared between threads.
 * <b>Lifecycle.</b> Lives as long as its thread.
 */
final class TlsStaging {

    /** Plaintext gathered at most before it is wrapped. */
    static final int CAPACITY = 64 * 1024;
    /** Writes up to this size are copied into the shared buffer (fewer parts to wrap); larger ones stay. */
    static final int COPY_LIMIT = 4096;
    private static final int MAX_PARTS = 64;
    private static final ThreadLocal<TlsStaging> PER_THREAD = ThreadLocal.withInitial(TlsStaging::new);

    private final ByteBuffer arena = ByteBuffer.allocate(CAPACITY);
    private final ByteBuffer claimView = arena.duplicate();
    private final ByteBuffer[] views = new ByteBuffer[MAX_PARTS];
    /** The owner's plaintext, in order: ranges of the arena and the caller's buffers. */
    private final ByteBuffer[] parts = new ByteBuffer[MAX_PARTS];
    private int count;
    private int viewsUsed;
    private int cursor;
    private TlsProtocol owner;
    private boolean busy;
    private boolean claimOpen;
    private ByteBuffer appIn;
    private boolean appInUsed;

    static TlsStaging current() {
        return PER_THREAD.get();
    }

    /**
     * Makes {@code tls} the owner, wrapping the previous owner's plaintext first; false if the staging is
     * busy wrapping (the caller then wraps its bytes on its own).
     */
    boolean own(TlsProtocol tls) {
        if (busy) {
            return false;
        }
        while (owner != null && owner != tls) {
            owner.wrapPending();
            if (busy) {
                return false;
            }
        }
        owner = tls;
        return true;
    }

    boolean ownedBy(TlsProtocol tls) {
        return owner == tls;
    }

    boolean hasRoom(int bytes) {
        return count < MAX_PARTS && CAPACITY - cursor >= bytes;
    }

    /** Adds one of the caller's buffers (the transport owns it) to the owner's plaintext. */
    void add(ByteBuffer data) {
        parts[count++] = data;
    }

    /** Copies a small buffer's remaining bytes into the shared buffer (they fit: {@link #hasRoom}). */
    void copy(ByteBuffer data) {
        claim(data.remaining()).put(data);
        commit();
    }

    /** Room for a claim of {@code size} bytes (it fits: {@link #hasRoom}). */
    ByteBuffer claim(int size) {
        claimOpen = true;
        claimView.limit(cursor + size).position(cursor);
        return claimView;
    }

    /** True if {@code buffer} is the open claim. */
    boolean isClaim(ByteBuffer buffer) {
        return claimOpen && buffer == claimView;
    }

    /** Records the claimed bytes as the owner's next plaintext; returns how many there were. */
    int commit() {
        claimOpen = false;
        int start = cursor;
        int end = claimView.position();
        if (end == start) {
            return 0;
        }
        cursor = end;
        ByteBuffer last = count == 0 ? null : parts[count - 1];
        if (last != null && last.array() == arena.array() && last.limit() == start && isView(last)) {
            last.limit(end);
        } else {
            ByteBuffer view = views[viewsUsed];
            if (view == null) {
                view = views[viewsUsed] = arena.duplicate();
            }
            viewsUsed++;
            view.limit(end).position(start);
            parts[count++] = view;
        }
        return end - start;
    }

    private boolean isView(ByteBuffer b) {
        for (int i = 0; i < viewsUsed; i++) {
            if (views[i] == b) {
                return true;
            }
        }
        return false;
    }

    boolean claimOpen() {
        return claimOpen;
    }

    /** Drops an open claim (its protocol threw before committing). */
    void abandonClaim() {
        claimOpen = false;
    }

    /** The owner's plaintext parts (the first {@link #count()}), for wrapping. */
    ByteBuffer[] parts() {
        return parts;
    }

    int count() {
        return count;
    }

    /** Plaintext bytes still to wrap. */
    long pendingBytes() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += parts[i].remaining();
        }
        return n;
    }

    void busy(boolean now) {
        busy = now;
    }

    /** Forgets the owner and its (wrapped or dropped) plaintext. */
    void release() {
        Arrays.fill(parts, 0, count, null);
        count = 0;
        viewsUsed = 0;
        cursor = 0;
        owner = null;
        claimOpen = false;
    }

    /**
     * The shared buffer to decrypt into, cleared, of at least {@code size} bytes; a private one if a caller
     * further up the stack is still reading the shared one. Hand it back with {@link #returnAppIn}.
     */
    ByteBuffer takeAppIn(int size) {
        if (appInUsed) {
            return ByteBuffer.allocate(size);
        }
        if (appIn == null || appIn.capacity() < size) {
            appIn = ByteBuffer.allocate(size);
        }
        appInUsed = true;
        appIn.clear();
        return appIn;
    }

    void returnAppIn(ByteBuffer buffer) {
        if (buffer == appIn) {
            appInUsed = false;
        }
    }
}
