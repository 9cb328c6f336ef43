package dev.torsion.reactor;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write staging as a data structure, against a socket stand-in that takes a chosen number of bytes per
 * write: staged ranges merge, everything reaches the socket in order from direct memory only, and what the
 * socket did not take moves to pooled chunks that go back to the pool once drained.
 */
class WriteStagingTest {

    /** A socket stand-in: takes at most {@code perWrite} bytes a call, records them and what it was handed. */
    static final class Socket implements GatheringByteChannel {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<Integer> buffersPerCall = new ArrayList<>();
        boolean onlyDirect = true;
        int perWrite = Integer.MAX_VALUE;

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            buffersPerCall.add(length);
            long budget = perWrite;
            long n = 0;
            for (int i = offset; i < offset + length && budget > 0; i++) {
                ByteBuffer b = srcs[i];
                onlyDirect &= b.isDirect();
                int take = (int) Math.min(b.remaining(), budget);
                for (int k = 0; k < take; k++) {
                    received.write(b.get());
                }
                budget -= take;
                n += take;
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private final WriteStaging staging = new WriteStaging();
    private final Socket socket = new Socket();
    private final ByteArrayOutputStream expected = new ByteArrayOutputStream();

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private ByteBuffer heap(int n, int seed) {
        byte[] b = bytes(n, seed);
        expected.writeBytes(b);
        return ByteBuffer.wrap(b);
    }

    private ByteBuffer direct(int n, int seed) {
        byte[] b = bytes(n, seed);
        expected.writeBytes(b);
        return ByteBuffer.allocateDirect(n).put(b).flip();
    }

    private void claim(int n, int seed) {
        ByteBuffer c = staging.claimStaging(null, n + 10);
        byte[] b = bytes(n, seed);
        expected.writeBytes(b);
        c.put(b);
        assertThat(staging.commit(null, c)).isNull();
        assertThat(staging.committedBytes()).isEqualTo(n);
    }

    @Test
    void copiesAndClaimsMergeIntoOneRangeAndLeaveInOneWrite() throws Exception {
        for (int i = 0; i < 50; i++) {
            claim(2 + i % 7, i);
            staging.stageCopy(heap(30, 100 + i));
        }
        assertThat(staging.pending().size()).isEqualTo(1);
        staging.write(staging.pending(), socket);
        assertThat(socket.buffersPerCall).containsExactly(1);
        assertThat(socket.received.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(staging.pending().isEmpty()).isTrue();
    }

    @Test
    void externalBuffersSitBetweenRangesInWriteOrderAndHeapOnesReachTheSocketAsDirectCopies() throws Exception {
        claim(10, 1);
        staging.add(direct(5000, 2));
        staging.stageCopy(heap(20, 3));
        staging.add(heap(300_000, 4)); // larger than the staging buffer: copied through it, piece by piece
        claim(7, 5);
        staging.write(staging.pending(), socket);
        assertThat(socket.received.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(socket.onlyDirect).as("the socket was handed direct buffers only").isTrue();
        assertThat(socket.buffersPerCall.size()).isGreaterThan(1);
    }

    @Test
    void whatTheSocketDidNotTakeMovesToPooledChunksThatGoBackWhenDrained() throws Exception {
        socket.perWrite = 1000;
        for (int i = 0; i < 40; i++) {
            claim(1500, i);
        }
        staging.add(direct(70_000, 99));
        staging.stageCopy(heap(100, 98));
        long first = staging.write(staging.pending(), socket);
        assertThat(first).isEqualTo(1000);
        EntryQueue queue = new EntryQueue(4);
        staging.movePendingTo(queue);
        staging.release();
        assertThat(staging.free()).isEqualTo(WriteStaging.CAPACITY);
        // Pooled chunk(s) for the staged bytes, the caller's direct buffer as it is, a chunk for the copy.
        assertThat(queue.get(0)).isInstanceOf(Chunk.class);
        assertThat(((Chunk) queue.get(0)).pool).isNotNull();
        int rounds = 0;
        while (!queue.isEmpty()) {
            socket.perWrite = 1 + rounds * 977 % 20_000;
            staging.write(queue, socket);
            rounds++;
        }
        assertThat(socket.received.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(staging.pool().cached()).as("chunks back in the pool").isPositive();
    }

    @Test
    void appendedCopiesFillTheTailChunkBeforeTakingAnother() {
        EntryQueue queue = new EntryQueue(2);
        ByteBuffer src = ByteBuffer.wrap(bytes(BufferPool.MIN_SIZE * 3 / 2, 7));
        staging.appendCopy(queue, src, 0, 1000);
        staging.appendCopy(queue, src, 1000, src.capacity() - 1000);
        int total = 0;
        for (int i = 0; i < queue.size(); i++) {
            total += ((Chunk) queue.get(i)).buffer.remaining();
        }
        assertThat(total).isEqualTo(src.capacity());
        assertThat(queue.size()).isEqualTo(2);
        assertThat(((Chunk) queue.get(0)).room()).as("the first chunk was filled before a second was taken").isZero();
    }

    @Test
    void aClaimCannotSpillPastItsSizeAndAnAbandonedChunkClaimGoesBack() {
        ByteBuffer c = staging.claimStaging(null, 4);
        assertThatThrownBy(() -> c.put(new byte[5])).isInstanceOf(BufferOverflowException.class);
        staging.abandonClaim(null);
        assertThat(staging.claimOpen()).isFalse();

        Chunk chunk = staging.pool().take(100);
        staging.claimChunk(null, chunk, 100).put(new byte[10]);
        staging.abandonClaim(null);
        assertThat(staging.pool().cached()).isEqualTo(chunk.buffer.capacity());
    }

    @Test
    void aCommitMustComeWithTheClaimedBuffer() {
        assertThatThrownBy(() -> staging.commit(null, ByteBuffer.allocate(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no open claimWrite");
        staging.claimStaging(null, 8);
        assertThatThrownBy(() -> staging.commit(null, ByteBuffer.allocate(8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the buffer");
    }

    @Test
    void thePoolHandsOutPowerOfTwoSizesAndKeepsABoundedAmount() {
        BufferPool pool = new BufferPool();
        assertThat(pool.take(1).buffer.capacity()).isEqualTo(BufferPool.MIN_SIZE);
        assertThat(pool.take(BufferPool.MIN_SIZE + 1).buffer.capacity()).isEqualTo(2 * BufferPool.MIN_SIZE);
        assertThat(pool.take(BufferPool.MAX_SIZE).buffer.capacity()).isEqualTo(BufferPool.MAX_SIZE);
        assertThatThrownBy(() -> pool.take(BufferPool.MAX_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
        for (int i = 0; i < 10; i++) {
            pool.give(pool.take(BufferPool.MAX_SIZE));
            pool.give(new Chunk(ByteBuffer.allocateDirect(BufferPool.MAX_SIZE), pool));
        }
        assertThat(pool.cached()).isLessThanOrEqualTo(BufferPool.MAX_CACHED);
        Chunk reused = pool.take(BufferPool.MAX_SIZE);
        assertThat(reused.buffer.position()).isZero();
        assertThat(reused.buffer.limit()).isZero();
    }
}
