package dev.torsion.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;

/**
 * One event loop's write staging: a direct buffer that the writes of one connection at a time (the
 * <em>owner</em>) are encoded or copied into, sent with one gathering write at the end of the callback that
 * made them (a read batch, a task batch, a timer), and the code that writes a connection's output entries
 * to its socket.
 *
 * <p><b>Ownership.</b> A connection that writes while it has nothing queued becomes the owner; the previous
 * owner's bytes are sent first, so every connection's bytes stay in the order they were written (a protocol
 * that writes to another connection of the same loop, as a broadcast does, sends what it had staged for
 * itself at that point and picks the staging up again afterwards). Small heap buffers are copied into the
 * staging buffer (once, instead of the JDK's copy into its temporary direct buffer), claims
 * ({@link Transport#claimWrite}) are ranges of it, and direct or large buffers stay entries of their own
 * between the staged ranges. What the socket does not take is moved to the connection's own queue: staged
 * bytes are copied into pooled direct buffers ({@link BufferPool}), the rest stays as it is.
 *
 * <p><b>Threading.</b> Not thread-safe: owned by one loop, used on its thread only. <b>Lifecycle.</b> Lives
 * as long as its loop.
 */
final class WriteStaging {

    /** The staging buffer's size. */
    static final int CAPACITY = 128 * 1024;
    /** Heap buffers up to this size are copied into the staging buffer (or a queued chunk); larger ones stay. */
    static final int COPY_LIMIT = 32 * 1024;
    private static final int GATHER = 64;
    private static final int MAX_RANGES = 32;

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CAPACITY);
    private final BufferPool pool = new BufferPool();
    /** The owner's output, in order: staged {@link Chunk} ranges, pooled chunks, caller's buffers, file regions. */
    private final EntryQueue pending = new EntryQueue(16);
    private final Chunk[] ranges = new Chunk[MAX_RANGES];
    private int rangesUsed;
    private final ByteBuffer[] scratch = new ByteBuffer[GATHER];
    /** Views of the staging buffer's free part that heap buffers are copied into for one gathering write. */
    private final ByteBuffer[] copies = new ByteBuffer[GATHER];
    private final int[] copyStarts = new int[GATHER];
    private final ByteBuffer claimView = buffer.duplicate();
    private TcpConnection owner;
    /** End of the staged bytes. */
    private int cursor;
    private TcpConnection claimer;
    /** What the open claim is: the claim view, a Chunk, or a heap ByteBuffer (a claim that does not fit). */
    private Object claimed;
    private int claimStart;
    private int committed;
    /** Gathering writes made (for tests: a read batch's output goes out in one). */
    private long writeCalls;

    BufferPool pool() {
        return pool;
    }

    TcpConnection owner() {
        return owner;
    }

    /** Makes {@code connection} the owner, sending what the previous owner staged first. */
    void own(TcpConnection connection) {
        // The previous owner's callbacks (watermarks) may write elsewhere and make yet another owner: send
        // each in turn until the staging is free.
        while (owner != null && owner != connection) {
            owner.unstage();
        }
        owner = connection;
    }

    /** The owner's output entries (for the owner to write, move or drop). */
    EntryQueue pending() {
        return pending;
    }

    /** Forgets the owner and reclaims the staging buffer; its entries must have been moved or dropped. */
    void release() {
        owner = null;
        pending.clear();
        rangesUsed = 0;
        cursor = 0;
    }

    /**
     * Sends the owner's staged output: the end of a callback (a read, a task batch, timers). A claim left
     * open by a callback that threw is dropped, so later claims on the loop work.
     */
    void flushOwner() {
        if (claimed != null) {
            abandonClaim(claimer);
        }
        while (owner != null) {
            owner.unstage();
        }
    }

    long writeCalls() {
        return writeCalls;
    }

    int free() {
        return CAPACITY - cursor;
    }

    // ---- writes by the owner -------------------------------------------------------------------------

    /** Copies {@code src}'s remaining bytes into the staging buffer (they fit: see {@link #free()}). */
    void stageCopy(ByteBuffer src) {
        int n = src.remaining();
        buffer.put(cursor, src, src.position(), n);
        src.position(src.limit());
        staged(cursor, n);
    }

    /** Adds an entry that is not staged (a caller's buffer, a chunk, a file region) to the owner's output. */
    void add(Object entry) {
        pending.addLast(entry);
    }

    /** Records {@code n} bytes written at {@code start} (== cursor) as the owner's next output. */
    private void staged(int start, int n) {
        cursor = start + n;
        Object last = pending.peekLast();
        if (last instanceof Chunk && ((Chunk) last).pool == null && ((Chunk) last).buffer.limit() == start) {
            ((Chunk) last).buffer.limit(cursor);
            return;
        }
        if (rangesUsed == MAX_RANGES) {
            throw new IllegalStateException("staging: too many ranges"); // callers flush before this happens
        }
        Chunk range = ranges[rangesUsed];
        if (range == null) {
            range = ranges[rangesUsed] = new Chunk(buffer.duplicate(), null);
        }
        rangesUsed++;
        range.buffer.limit(cursor).position(start);
        pending.addLast(range);
    }

    /** True if another staged range can be started (the owner flushes first otherwise). */
    boolean hasRangeRoom() {
        return rangesUsed < MAX_RANGES;
    }

    // ---- claims --------------------------------------------------------------------------------------

    boolean claimOpen() {
        return claimed != null;
    }

    /** Claims {@code size} bytes of the staging buffer for {@code connection}, the owner (they fit). */
    ByteBuffer claimStaging(TcpConnection connection, int size) {
        claimer = connection;
        claimed = claimView;
        claimStart = cursor;
        claimView.limit(cursor + size).position(cursor);
        return claimView;
    }

    /** Claims room after the data of {@code chunk} (a pooled chunk at the tail of a queue, or a new one). */
    ByteBuffer claimChunk(TcpConnection connection, Chunk chunk, int size) {
        claimer = connection;
        claimed = chunk;
        ByteBuffer b = chunk.buffer;
        chunk.readPosition = b.position();
        claimStart = b.limit();
        b.limit(claimStart + size).position(claimStart);
        return b;
    }

    /** Claims a heap buffer (a claim too large for any pooled buffer, or on a closed connection). */
    ByteBuffer claimHeap(TcpConnection connection, int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        claimer = connection;
        claimed = b;
        claimStart = 0;
        return b;
    }

    /**
     * Closes the open claim of {@code connection} on {@code claimedBuffer}. A claim of the staging buffer is
     * recorded as the owner's output and null is returned; otherwise the Chunk or heap buffer claimed is
     * returned, holding its bytes between position and limit, for the connection to queue. The number of
     * bytes put is {@link #committedBytes()}.
     */
    Object commit(TcpConnection connection, ByteBuffer claimedBuffer) {
        Object what = claimed;
        if (what == null || claimer != connection) {
            throw new IllegalStateException("commitWrite: no open claimWrite on this transport");
        }
        ByteBuffer b = what instanceof Chunk ? ((Chunk) what).buffer : (ByteBuffer) what;
        if (b != claimedBuffer) {
            throw new IllegalArgumentException("commitWrite: not the buffer claimWrite returned");
        }
        claimed = null;
        claimer = null;
        int end = b.position();
        committed = end - claimStart;
        if (what == claimView) {
            if (committed > 0) {
                staged(claimStart, committed);
            }
            return null;
        } else if (what instanceof Chunk) {
            b.limit(end).position(((Chunk) what).readPosition);
        } else {
            b.limit(end).position(claimStart);
        }
        return what;
    }

    /**
     * Drops an open claim of {@code connection} (it closed, or its protocol threw before committing):
     * nothing of it was counted or staged; a chunk taken for it goes back, a queued chunk keeps its data.
     */
    void abandonClaim(TcpConnection connection) {
        if (claimed == null || claimer != connection) {
            return;
        }
        if (claimed instanceof Chunk) {
            Chunk chunk = (Chunk) claimed;
            chunk.buffer.limit(claimStart).position(chunk.readPosition);
            if (claimStart == chunk.readPosition) {
                // A chunk taken for this claim alone (a queued one has data before the claim): give it back.
                chunk.release();
            }
        }
        claimed = null;
        claimer = null;
    }

    /** Bytes put by the last committed claim. */
    int committedBytes() {
        return committed;
    }

    // ---- moving and writing output -------------------------------------------------------------------

    /**
     * Moves the owner's output that the socket did not take to {@code queue}: staged ranges are copied into
     * pooled chunks (appended to a chunk already at the tail where it has room), other entries move as they are.
     */
    void movePendingTo(EntryQueue queue) {
        Object e;
        while ((e = pending.pollFirst()) != null) {
            if (e instanceof Chunk && ((Chunk) e).pool == null) {
                ByteBuffer range = ((Chunk) e).buffer;
                appendCopy(queue, range, range.position(), range.remaining());
            } else {
                queue.addLast(e);
            }
        }
    }

    /** Appends a copy of {@code length} bytes of {@code src} from {@code index} to the queue's pooled chunks. */
    void appendCopy(EntryQueue queue, ByteBuffer src, int index, int length) {
        while (length > 0) {
            Object last = queue.peekLast();
            Chunk tail = last instanceof Chunk && ((Chunk) last).pool != null && ((Chunk) last).room() > 0
                    ? (Chunk) last : null;
            if (tail == null) {
                tail = pool.take(Math.min(length, CAPACITY));
                queue.addLast(tail);
            }
            int n = Math.min(length, tail.room());
            tail.append(src, index, n);
            index += n;
            length -= n;
        }
    }

    /**
     * Writes {@code entries} from the front to {@code channel} until they are all sent or the socket is
     * full, with gathering writes; drained entries are removed (pooled chunks go back to the pool, file
     * regions complete). Heap buffers are copied through the staging buffer's free part, a piece at a time.
     *
     * <p>A write that fails (the connection broke, a file ended early) stops there: the bytes sent until
     * then are still returned, so the caller's count stays exact, and the failure is kept for
     * {@link #takeFailure()}.
     *
     * @return the number of bytes the socket took
     */
    long write(EntryQueue entries, GatheringByteChannel channel) {
        long total = 0;
        try {
            total = writeUntilFull(entries, channel, written);
        } catch (IOException e) {
            failure = e;
            total = written[0];
        }
        written[0] = 0;
        return total;
    }

    /** The failure of the last {@link #write}, if it failed (once). */
    IOException takeFailure() {
        IOException e = failure;
        failure = null;
        return e;
    }

    private IOException failure;
    /** Bytes sent so far by the write in progress (what a failing write had sent). */
    private final long[] written = new long[1];

    private long writeUntilFull(EntryQueue entries, GatheringByteChannel channel, long[] sent) throws IOException {
        long total = 0;
        while (!entries.isEmpty()) {
            Object head = entries.peekFirst();
            if (head instanceof FileRegion) {
                FileRegion region = (FileRegion) head;
                long n = region.transferTo(channel);
                total += n;
                sent[0] = total;
                if (!region.isDone()) {
                    if (n == 0) {
                        break; // the socket is full
                    }
                    continue;
                }
                entries.pollFirst();
                region.result.complete(null);
                continue;
            }
            int count = 0;
            int copyAt = cursor;
            long offered = 0;
            for (int e = 0; e < entries.size(); e++) {
                Object o = entries.get(e);
                ByteBuffer b;
                if (o instanceof Chunk) {
                    b = ((Chunk) o).buffer;
                } else if (o instanceof ByteBuffer) {
                    b = (ByteBuffer) o;
                    if (!b.isDirect()) {
                        int n = Math.min(b.remaining(), CAPACITY - copyAt);
                        if (n == 0) {
                            break;
                        }
                        ByteBuffer copy = copyView(count);
                        copy.limit(copyAt + n).position(copyAt);
                        copyStarts[count] = copyAt;
                        buffer.put(copyAt, b, b.position(), n);
                        copyAt += n;
                        scratch[count] = copy;
                        offered += n;
                        if (++count == GATHER || n < b.remaining()) {
                            break;
                        }
                        continue;
                    }
                } else {
                    break; // a file region: sent on its own
                }
                scratch[count] = b;
                offered += b.remaining();
                if (++count == GATHER) {
                    break;
                }
            }
            long written = channel.write(scratch, 0, count);
            writeCalls++;
            total += written;
            sent[0] = total;
            // Heap buffers advance by what went out of their copies; the rest advanced themselves.
            for (int i = 0; i < count; i++) {
                Object o = entries.get(i);
                if (o instanceof ByteBuffer && !((ByteBuffer) o).isDirect()) {
                    ByteBuffer heap = (ByteBuffer) o;
                    heap.position(heap.position() + scratch[i].position() - copyStarts[i]);
                }
            }
            Arrays.fill(scratch, 0, count, null);
            dropDrained(entries);
            if (written < offered) {
                break; // the socket is full
            }
        }
        return total;
    }

    private ByteBuffer copyView(int index) {
        ByteBuffer v = copies[index];
        if (v == null) {
            v = copies[index] = buffer.duplicate();
        }
        return v;
    }

    private static void dropDrained(EntryQueue entries) {
        Object head;
        while ((head = entries.peekFirst()) != null && !(head instanceof FileRegion)) {
            ByteBuffer b = head instanceof Chunk ? ((Chunk) head).buffer : (ByteBuffer) head;
            if (b.hasRemaining()) {
                return;
            }
            entries.pollFirst();
            if (head instanceof Chunk) {
                ((Chunk) head).release();
            }
        }
    }
}
