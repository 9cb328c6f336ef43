package dev.torsion.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The maximum message size applies to the decompressed size and is enforced while inflating: about 1 MB of
 * compressed zeros that would inflate to 1 GiB is cut off with 1009 as soon as the limit is passed, without
 * allocating the gigabyte.
 */
class DeflateBombTest {

    private static final long GIB = 1L << 30;
    private static byte[] bomb;

    private final PerMessageDeflateServer server = PerMessageDeflateServer.builder().build();

    /**
     * 1024 copies of "1 MiB of zeros, deflated on its own and sync-flushed": each copy is a run of non-final
     * blocks that refers only to itself, so the concatenation is one valid payload of 1 GiB (built in
     * milliseconds, where deflating a real gigabyte takes seconds).
     */
    @BeforeAll
    static void buildBomb() {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[1 << 20]);
        byte[] segment = new byte[4096];
        int length = deflater.deflate(segment, 0, segment.length, Deflater.SYNC_FLUSH);
        deflater.end();
        assertThat(length).isLessThan(segment.length);
        bomb = new byte[length * 1024];
        for (int i = 0; i < 1024; i++) {
            System.arraycopy(segment, 0, bomb, i * length, length);
        }
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    private PerMessageDeflate codec(long limit) {
        return ((PerMessageDeflateExtension) server.negotiate(Handshakes.parse("permessage-deflate")).orElseThrow())
                .newCodec(limit);
    }

    @Test
    void theBombIsAboutOneMegabyteAndReallyInflatesToOneGibibyte() throws Exception {
        assertThat(bomb.length).isBetween(900_000, 1_200_000);
        PerMessageDeflate codec = codec(GIB);
        AtomicLong total = new AtomicLong();
        codec.decompress(ByteBuffer.wrap(bomb), true, chunk -> total.addAndGet(chunk.remaining()));
        assertThat(total.get()).isEqualTo(GIB);
        codec.release();
    }

    @Test
    void theBombIsCutOffAtTheLimitWithoutAllocatingTheGigabyte() {
        long limit = 1 << 20;
        PerMessageDeflate codec = codec(limit);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        ByteBuffer input = ByteBuffer.wrap(bomb);
        long allocatedBefore = allocatedBytes();
        assertThatExceptionOfType(MessageTooBigException.class)
                .isThrownBy(() -> codec.decompress(input, true, chunk -> {
                    byte[] bytes = new byte[chunk.remaining()];
                    chunk.get(bytes);
                    kept.writeBytes(bytes);
                }))
                .satisfies(e -> {
                    assertThat(e.closeCode()).isEqualTo(1009);
                    assertThat(e.limit()).isEqualTo(limit);
                });
        long allocated = allocatedBytes() - allocatedBefore;
        assertThat(kept.size()).as("bytes passed to the sink").isLessThanOrEqualTo((int) limit);
        assertThat(input.position()).as("compressed bytes read").isLessThan(bomb.length / 100);
        assertThat(allocated).as("bytes allocated while inflating").isLessThan(16L << 20);
        codec.release();
    }

    @Test
    void theLimitHoldsAcrossFrames() {
        long limit = 10L << 20;
        PerMessageDeflate codec = codec(limit);
        AtomicLong delivered = new AtomicLong();
        assertThatExceptionOfType(MessageTooBigException.class).isThrownBy(() -> {
            for (int offset = 0; offset < bomb.length; offset += 1000) {
                byte[] frame = Arrays.copyOfRange(bomb, offset, Math.min(bomb.length, offset + 1000));
                codec.decompress(ByteBuffer.wrap(frame), offset + 1000 >= bomb.length,
                        chunk -> delivered.addAndGet(chunk.remaining()));
            }
        });
        assertThat(delivered.get()).isLessThanOrEqualTo(limit);
        assertThat(server.liveZlibStreams()).as("the failed message's inflater is given back").isLessThanOrEqualTo(1);
        codec.release();
    }

    @Test
    void aMessageOfExactlyTheLimitPassesAndOneByteMoreDoesNot() throws Exception {
        byte[] message = new byte[100_000];
        Arrays.fill(message, (byte) 'a');
        PerMessageDeflate sender = codec(GIB);
        ByteBuffer payload = sender.compress(ByteBuffer.wrap(message));
        assertThat(codec(message.length).decompressMessage(payload.duplicate())).isEqualTo(message);
        assertThatExceptionOfType(MessageTooBigException.class)
                .isThrownBy(() -> codec(message.length - 1).decompressMessage(payload.duplicate()));
        sender.release();
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
