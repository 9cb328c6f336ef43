package dev.torsion.websocket;

import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Masking;
import dev.torsion.websocket.frame.Opcode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
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
    void maskingALongAtATimeEqualsMaskingByteByByteForEveryPhaseAndLength() {
        Random random = new Random(53);
        for (int length = 0; length <= 40; length++) {
            for (int phase = 0; phase < 8; phase++) {
                byte[] data = new byte[length + 3];
                random.nextBytes(data);
                int key = random.nextInt();
                byte[] expected = data.clone();
                for (int i = 0; i < length; i++) {
                    expected[1 + i] ^= (byte) (key >>> (24 - 8 * ((phase + i) & 3)));
                }
                Masking.mask(data, 1, length, key, phase);
                assertThat(data).as("length %d phase %d", length, phase).isEqualTo(expected);
            }
        }
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
    void largeServerPayloadsAreWrittenWithoutACopy() {
        ByteBuffer payload = ByteBuffer.allocate(FrameWriter.GATHER_THRESHOLD + 1);
        ByteBuffer[] seen = new ByteBuffer[2];
        new FrameWriter(Role.SERVER, null).write(new ConnectionOutput() {
            @Override
            public void write(ByteBuffer bytes) {
                throw new AssertionError("expected a gathering write");
            }

            @Override
            public void write(ByteBuffer header, ByteBuffer body) {
                seen[0] = header;
                seen[1] = body;
            }

            @Override
            public void startCloseTimer() {
            }

            @Override
            public void closeTransport() {
            }
        }, Opcode.BINARY, true, 0, payload);
        assertThat(seen[1]).isSameAs(payload);
        assertThat(Harness.hexOf(seen[0])).isEqualTo("827e1001");
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
