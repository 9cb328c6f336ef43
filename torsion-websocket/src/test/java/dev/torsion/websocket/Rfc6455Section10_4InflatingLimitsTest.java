package dev.torsion.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.websocket.deflate.PerMessageDeflate;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 section 10.4 (protect against exceeding the message limit) for compressed messages (RFC 7692),
 * at the connection: the work and memory a compressed message costs are bounded by its decompressed size and
 * the limit, not by what the payload would inflate to. Work is counted (bytes inflated, compressed bytes
 * read, bytes allocated by the thread), never timed.
 */
class Rfc6455Section10_4InflatingLimitsTest {

    private static final long MIB = 1 << 20;
    private static byte[] bomb;

    /** About 1 MiB of compressed data that inflates to 1 GiB of zeros (1024 sync-flushed 1 MiB segments). */
    @BeforeAll
    static void buildBomb() {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[(int) MIB]);
        byte[] segment = new byte[4096];
        int length = deflater.deflate(segment, 0, segment.length, Deflater.SYNC_FLUSH);
        deflater.end();
        bomb = new byte[length * 1024];
        for (int i = 0; i < 1024; i++) {
            System.arraycopy(segment, 0, bomb, i * length, length);
        }
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {Integer.MAX_VALUE, 1500})
    void aBombIsClosedWith1009AfterInflatingNoMoreThanTheLimit(int readSize) throws Exception {
        long limit = 4 * MIB;
        Server server = server(limit);
        PerMessageDeflate codec = server.connection.deflateForTests();
        byte[] frame = Frames.masked(0x02, true, 4, bomb);
        List<ByteBuffer> reads = new ArrayList<>();
        for (int offset = 0; offset < frame.length; offset += Math.min(readSize, frame.length)) {
            reads.add(ByteBuffer.wrap(frame, offset, Math.min(readSize, frame.length - offset)));
        }
        long allocated = allocatedWhile(() -> reads.forEach(server.connection::receiveData));
        assertThat(Frames.decode(server.takeWritten(), Role.SERVER)).containsExactly(Frames.close(1009));
        assertThat(server.messages).isZero();
        assertThat(codec.inflatedBytes()).as("bytes inflated before the 1009").isBetween(limit, limit + 1);
        assertThat(codec.compressedBytesRead()).as("compressed bytes read").isLessThan(bomb.length / 100);
        // the message grows geometrically up to the limit (at most 2 * limit), plus small change (the inflater's
        // chunk, the parser's partial-frame buffer; up to the read, the whole 1 MiB frame, for one-read input);
        // growing by one inflated chunk at a time cost over 500 MB
        assertThat(allocated).as("bytes allocated by the thread").isLessThan(2 * limit + 2 * MIB);
    }

    @Test
    void aLargeCompressedMessageCostsAFewTimesItsSizeNotItsSquare() throws Exception {
        int size = 15 * (int) MIB;
        Server server = server(16 * MIB);
        byte[] payload = deflate(new byte[size]);
        assertThat(payload.length).isLessThan(size / 500);
        byte[] frame = Frames.masked(0x02, true, 4, payload);
        long allocated = allocatedWhile(() -> server.connection.receiveData(ByteBuffer.wrap(frame)));
        assertThat(server.messages).isEqualTo(1);
        assertThat(server.lastBinary.remaining()).isEqualTo(size);
        while (server.lastBinary.hasRemaining()) {
            assertThat(server.lastBinary.get()).isZero();
        }
        // Geometric growth (doubling, capped at the limit): below 4 * size whatever the size. Growing by the
        // inflater's chunk each time cost (size / 16 KiB)^2 / 2 chunks: about 7 GiB for this message.
        assertThat(allocated).as("bytes allocated by the thread").isLessThan(4L * size);
    }

    private static Server server(long limit) throws Exception {
        return new Server(limit);
    }

    /** A server-side connection with permessage-deflate that keeps only the last message and what it wrote. */
    private static final class Server implements ConnectionListener, ConnectionOutput {
        final WebSocketConnection connection;
        final java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        int messages;
        ByteBuffer lastBinary;

        Server(long limit) throws Exception {
            Rfc7692PerMessageDeflateSessionTest.Agreed agreed = Rfc7692PerMessageDeflateSessionTest.negotiate(false);
            connection = new WebSocketConnection(Role.SERVER, WebSocketConfig.defaults().withMaxMessageSize(limit),
                    this, this);
            connection.useExtension(agreed.server().newCodec(limit));
            connection.open();
        }

        byte[] takeWritten() {
            byte[] bytes = written.toByteArray();
            written.reset();
            return bytes;
        }

        @Override
        public void onText(String text) {
            messages++;
        }

        @Override
        public void onBinary(ByteBuffer data) {
            messages++;
            lastBinary = data;
        }

        @Override
        public void write(ByteBuffer bytes) {
            while (bytes.hasRemaining()) {
                written.write(bytes.get());
            }
        }

        @Override
        public void startCloseTimer() {
        }

        @Override
        public void closeTransport() {
        }
    }

    private static byte[] deflate(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(message);
        byte[] out = new byte[message.length / 100 + 1024];
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return java.util.Arrays.copyOf(out, n - 4);
    }

    private static long allocatedWhile(Runnable work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
