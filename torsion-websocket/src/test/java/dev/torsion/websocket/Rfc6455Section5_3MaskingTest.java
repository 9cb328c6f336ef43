package dev.torsion.websocket;

import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Masking;
import dev.torsion.websocket.frame.Opcode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6455 section 5.3 (client-to-server masking) and the frame writer's encodings. */
class Rfc6455Section5_3MaskingTest {

    @Test
    void section5_7MaskedHelloIsProducedByTheRfcKey() {
        byte[] hello = "Hello".getBytes();
        Masking.mask(hello, 0, hello.length, 0x37fa213d, 0);
        assertThat(Hex.of(hello)).isEqualTo("7f9f4d5158");
    }

    @Test
    void maskingLongsAtATimeInArraysAndBuffersAndUnmaskingWhileCopyingEqualMaskingByteByByte() {
        // lengths past the 32-byte unrolled step and the 8-byte step, every phase, both byte orders
        Random random = new Random(54);
        for (int length = 0; length <= 100; length++) {
            for (int phase = 0; phase < 8; phase++) {
                byte[] data = new byte[length + 5];
                random.nextBytes(data);
                int key = random.nextInt();
                byte[] expected = maskedByteByByte(data, 3, length, key, phase);
                String at = "length " + length + " phase " + phase;
                byte[] array = data.clone();
                Masking.mask(array, 3, length, key, phase);
                assertThat(array).as("array, %s", at).isEqualTo(expected);
                for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                    ByteBuffer direct = ByteBuffer.allocateDirect(data.length).order(order);
                    direct.put(0, data);
                    Masking.mask(direct, 3, length, key, phase);
                    byte[] got = new byte[data.length];
                    direct.get(0, got);
                    assertThat(got).as("direct, %s, %s", order, at).isEqualTo(expected);
                    assertThat(direct.order()).isEqualTo(order);

                    ByteBuffer heap = ByteBuffer.wrap(data.clone()).order(order);
                    Masking.mask(heap, 3, length, key, phase);
                    assertThat(heap.array()).as("heap, %s, %s", order, at).isEqualTo(expected);

                    ByteBuffer[] sources = {ByteBuffer.allocateDirect(data.length).put(0, data).order(order),
                            ByteBuffer.wrap(data.clone()).order(order),
                            ByteBuffer.wrap(data.clone()).asReadOnlyBuffer().order(order)};
                    for (ByteBuffer source : sources) {
                        byte[] target = new byte[length + 2];
                        Masking.copy(source, 3, target, 1, length, true, key, phase);
                        assertThat(target).as("copy from %s, %s, %s", source, order, at).isEqualTo(
                                Hex.concat(new byte[1], java.util.Arrays.copyOfRange(expected, 3, 3 + length), new byte[1]));
                        byte[] original = new byte[data.length];
                        source.get(0, original);
                        assertThat(original).as("the source is only read").isEqualTo(data);
                    }
                }
            }
        }
    }

    /** A copy of {@code data} with {@code length} bytes from {@code offset} masked one byte at a time (RFC 6455 5.3). */
    private static byte[] maskedByteByByte(byte[] data, int offset, int length, int key, int phase) {
        byte[] masked = data.clone();
        for (int i = 0; i < length; i++) {
            masked[offset + i] ^= (byte) (key >>> (24 - 8 * ((phase + i) & 3)));
        }
        return masked;
    }

    @Test
    void headersUseTheShortestLengthEncoding() {
        FrameWriter server = new FrameWriter(Role.SERVER, null);
        assertThat(Hex.of(server.frame(Opcode.TEXT, true, 0, ByteBuffer.wrap("Hello".getBytes())).array()))
                .isEqualTo("810548656c6c6f");
        assertThat(header(server, 125)).isEqualTo("827d");
        assertThat(header(server, 126)).isEqualTo("827e007e");
        assertThat(header(server, 65535)).isEqualTo("827effff");
        assertThat(header(server, 65536)).isEqualTo("827f0000000000010000");
    }

    @Test
    void clientFramesAreMaskedWithAFreshKeyEachAndReadBackAtEveryCut() {
        FrameWriter client = new FrameWriter(Role.CLIENT, new MaskGenerator(7));
        Set<String> keys = new HashSet<>();
        byte[] stream = new byte[0];
        for (int i = 0; i < 20; i++) {
            byte[] frame = client.frame(Opcode.TEXT, true, 0, ByteBuffer.wrap("Hello".getBytes())).array();
            assertThat(frame[1] & 0x80).isEqualTo(0x80);
            keys.add(Hex.of(java.util.Arrays.copyOfRange(frame, 2, 6)));
            stream = Hex.concat(stream, frame);
        }
        assertThat(keys).hasSize(20);
        List<String> twenty = java.util.Collections.nCopies(20, "text:Hello");
        Expect.sameForEveryCut(Harness::server, stream, twenty, List.of());
    }

    @Test
    void aClientNeverMasksTheCallersBuffer() {
        byte[] payload = "abcdefgh".getBytes();
        new FrameWriter(Role.CLIENT, new MaskGenerator(1)).frame(Opcode.BINARY, true, 0, ByteBuffer.wrap(payload));
        assertThat(new String(payload)).isEqualTo("abcdefgh");
    }

    @Test
    void aFrameIsEncodedOnceStraightIntoTheClaimedOutputAndTheCallersBufferIsLeftAlone() {
        for (Role role : Role.values()) {
            ByteBuffer payload = ByteBuffer.wrap("abcdefghijk".getBytes());
            payload.position(1);
            ClaimingOutput out = new ClaimingOutput();
            new FrameWriter(role, new MaskGenerator(5)).write(out, Opcode.BINARY, true, 0, payload);
            assertThat(out.claims).as(role + ": one claim, for header and payload").containsExactly(
                    FrameWriter.headerSize(10, role == Role.CLIENT) + 10);
            assertThat(payload.position()).as("the caller's buffer is not consumed").isEqualTo(1);
            assertThat(new String(payload.array())).as("nor masked").isEqualTo("abcdefghijk");
            assertThat(Frames.decode(out.committed, role)).containsExactly("BINARY fin " + Hex.of("bcdefghijk".getBytes()));
        }
    }

    @Test
    void textIsEncodedFromTheStringIntoTheClaimedOutput() {
        for (Role role : Role.values()) {
            ClaimingOutput out = new ClaimingOutput();
            String text = "h\u00e9llo \u20ac \ud83d\ude00 \ud800!";
            byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            new FrameWriter(role, new MaskGenerator(6)).writeText(out, true, text,
                    dev.torsion.websocket.text.Utf8.encodedLength(text));
            assertThat(out.claims).containsExactly(FrameWriter.headerSize(utf8.length, role == Role.CLIENT) + utf8.length);
            assertThat(Frames.decode(out.committed, role)).containsExactly("TEXT fin " + Hex.of(utf8));
        }
    }

    /** An output that hands out direct buffers positioned past some bytes, as a staging buffer would. */
    private static final class ClaimingOutput implements ConnectionOutput {
        final List<Integer> claims = new java.util.ArrayList<>();
        byte[] committed = new byte[0];
        private int start;

        @Override
        public ByteBuffer claim(int size) {
            claims.add(size);
            ByteBuffer staging = ByteBuffer.allocateDirect(size + 16);
            staging.position(7);
            start = 7;
            return staging;
        }

        @Override
        public void commit(ByteBuffer claimed) {
            byte[] bytes = new byte[claimed.position() - start];
            claimed.get(start, bytes);
            committed = Hex.concat(committed, bytes);
        }

        @Override
        public void write(ByteBuffer bytes) {
            throw new AssertionError("frames are claimed, not written");
        }

        @Override
        public void startCloseTimer() {
        }

        @Override
        public void closeTransport() {
        }
    }

    @Test
    void maskGeneratorsSeededFromSecureRandomDiffer() {
        assertThat(new MaskGenerator().nextKey()).isNotEqualTo(new MaskGenerator().nextKey());
        MaskGenerator secure = MaskGenerator.secure();
        assertThat(secure.nextKey()).isNotEqualTo(secure.nextKey());
    }

    private static String header(FrameWriter writer, int length) {
        byte[] frame = writer.frame(Opcode.BINARY, true, 0, ByteBuffer.allocate(length)).array();
        return Hex.of(java.util.Arrays.copyOfRange(frame, 0, frame.length - length));
    }
}
