package dev.torsion.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 7692 section 7.2.1 (compression), along the examples of section 7.2.3: a sync flush ends each message
 * and its trailing {@code 00 00 ff ff} is removed; with context takeover the next message may refer back to the
 * previous one, without it each decodes alone. Checked through an independent decoder, not against one zlib
 * build's exact bytes.
 */
class Rfc7692Section7_2_1CompressionTest {

    private final PerMessageDeflateServer server = PerMessageDeflateServer.builder()
            .serverNoContextTakeover(false).build();
    private final PerMessageDeflateServer resetting = PerMessageDeflateServer.builder().build();

    @AfterEach
    void closeServers() {
        server.close();
        resetting.close();
    }

    private static PerMessageDeflate codec(PerMessageDeflateServer server) {
        PerMessageDeflateExtension extension = (PerMessageDeflateExtension) server
                .negotiate(Handshakes.parse("permessage-deflate")).orElseThrow();
        return extension.newCodec(1 << 20);
    }

    private static ByteBuffer hello() {
        return ByteBuffer.wrap("Hello".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }

    /**
     * What an independent raw-deflate decoder makes of one message's payload, as section 7.2.2 reads it: the
     * payload with {@code 00 00 ff ff} appended, inflated on {@code inflater} (which keeps its window across
     * calls, as context takeover does).
     */
    private static String inflate(Inflater inflater, byte[] payload) throws DataFormatException {
        byte[] input = Arrays.copyOf(payload, payload.length + 4);
        input[payload.length + 2] = (byte) 0xff;
        input[payload.length + 3] = (byte) 0xff;
        inflater.setInput(input);
        byte[] out = new byte[1024];
        int n = 0;
        while (!inflater.needsInput()) {
            n += inflater.inflate(out, n, out.length - n);
        }
        return new String(out, 0, n, StandardCharsets.US_ASCII);
    }

    // The exact bytes a compressor produces are its own business (zlib and zlib-ng differ): these tests check
    // what section 7.2.1 requires of them, each through an independent decoder. The RFC's example bytes are
    // checked on the decompressing side (Rfc7692Section7_2_2DecompressionTest).

    @Test
    void section7_2_3_1HelloCompressesToAPayloadThatInflatesWithTheTrailerPutBack() throws Exception {
        PerMessageDeflate codec = codec(server);
        byte[] payload = bytes(codec.compress(hello()));
        assertThat(payload).isNotEmpty();
        assertThat(Hex.of(payload)).as("the sync flush's 00 00 ff ff is removed").doesNotEndWith("00 00 ff ff");
        Inflater inflater = new Inflater(true);
        assertThat(inflate(inflater, payload)).isEqualTo("Hello");
        inflater.end();
        codec.release();
    }

    @Test
    void section7_2_3_2WithContextTakeoverTheSecondHelloDecodesOnTheSameWindow() throws Exception {
        PerMessageDeflate codec = codec(server);
        byte[] first = bytes(codec.compress(hello()));
        byte[] second = bytes(codec.compress(hello()));
        Inflater inflater = new Inflater(true);
        assertThat(inflate(inflater, first)).isEqualTo("Hello");
        assertThat(inflate(inflater, second)).isEqualTo("Hello");
        inflater.end();
        codec.release();
    }

    @Test
    void withoutContextTakeoverEveryMessageDecodesAlone() throws Exception {
        PerMessageDeflate codec = codec(resetting);
        for (int i = 0; i < 3; i++) {
            Inflater fresh = new Inflater(true);
            assertThat(inflate(fresh, bytes(codec.compress(hello())))).as("message %d on a fresh window", i).isEqualTo("Hello");
            fresh.end();
        }
        codec.release();
    }

    @Test
    void section7_2_3_3LevelZeroSendsTheBytesStored() throws Exception {
        try (PerMessageDeflateServer storing = PerMessageDeflateServer.builder()
                .settings(new DeflateSettings(Deflater.NO_COMPRESSION, 0, 1)).build()) {
            PerMessageDeflate codec = codec(storing);
            byte[] payload = bytes(codec.compress(hello()));
            assertThat(Hex.of(payload)).as("the message travels uncompressed").contains("48 65 6c 6c 6f");
            Inflater inflater = new Inflater(true);
            assertThat(inflate(inflater, payload)).isEqualTo("Hello");
            inflater.end();
            codec.release();
        }
    }

    @Test
    void anEmptyMessageCompressesToAFewBytesThatInflateToNothing() throws Exception {
        PerMessageDeflate codec = codec(server);
        byte[] payload = bytes(codec.compress(ByteBuffer.allocate(0)));
        assertThat(payload).as("section 7.2.3.6: zlib gives the single byte 00").hasSizeBetween(1, 2);
        Inflater inflater = new Inflater(true);
        assertThat(inflate(inflater, payload)).isEmpty();
        inflater.end();
        codec.release();
    }

    @Test
    void anEmptyMessageAfterAnotherUnderContextTakeoverIsStillAValidMessage() throws Exception {
        // zlib emits nothing for a second sync flush with no input in between: the codec must not rely on it
        PerMessageDeflate codec = codec(server);
        Inflater inflater = new Inflater(true);
        assertThat(inflate(inflater, bytes(codec.compress(hello())))).isEqualTo("Hello");
        byte[] empty = bytes(codec.compress(ByteBuffer.allocate(0)));
        assertThat(empty).as("section 7.2.3.6: zlib gives the single byte 00").hasSizeBetween(1, 2);
        assertThat(inflate(inflater, empty)).isEmpty();
        assertThat(inflate(inflater, bytes(codec.compress(hello())))).isEqualTo("Hello");
        inflater.end();
        codec.release();
    }

    @Test
    void theMessageIsConsumedAndAReadOnlyOrDirectInputCompressesAsAHeapOne() {
        PerMessageDeflate codec = codec(resetting);
        String heap = Hex.of(codec.compress(hello()));
        ByteBuffer direct = ByteBuffer.allocateDirect(5).put("Hello".getBytes(StandardCharsets.US_ASCII)).flip();
        assertThat(Hex.of(codec.compress(direct))).isEqualTo(heap);
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(Hex.of(codec.compress(hello().asReadOnlyBuffer()))).isEqualTo(heap);
        codec.release();
    }

    @Test
    void aMessageThatDoesNotCompressStillRoundTripsThroughGrownBuffers() throws Exception {
        PerMessageDeflate codec = codec(resetting);
        byte[] noise = new byte[300_000];
        new java.util.Random(1).nextBytes(noise);
        ByteBuffer payload = codec.compress(ByteBuffer.wrap(noise));
        assertThat(payload.remaining()).isGreaterThan(noise.length);
        PerMessageDeflate receiver = codec(resetting);
        assertThat(receiver.decompressMessage(payload)).isEqualTo(noise);
        codec.release();
        receiver.release();
    }

    @Test
    void theThresholdDecidesWhichMessagesAreWorthCompressing() {
        PerMessageDeflate codec = codec(resetting);
        int threshold = DeflateSettings.DEFAULT_COMPRESSION_THRESHOLD;
        assertThat(codec.shouldCompress(threshold - 1)).isFalse();
        assertThat(codec.shouldCompress(threshold)).isTrue();
        codec.release();
    }
}
