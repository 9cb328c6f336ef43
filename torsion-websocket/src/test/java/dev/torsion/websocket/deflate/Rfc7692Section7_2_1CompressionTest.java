package dev.torsion.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 7692 section 7.2.1 (compression) against the examples of section 7.2.3: a sync flush ends each message
 * and its trailing {@code 00 00 ff ff} is removed; with context takeover the next message refers back to the
 * previous one.
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

    @Test
    void section7_2_3_1HelloCompressesToTheRfcBytes() {
        PerMessageDeflate codec = codec(server);
        assertThat(Hex.of(codec.compress(hello()))).isEqualTo("f2 48 cd c9 c9 07 00");
        codec.release();
    }

    @Test
    void section7_2_3_2WithContextTakeoverTheSecondHelloRefersToTheFirst() {
        PerMessageDeflate codec = codec(server);
        assertThat(Hex.of(codec.compress(hello()))).isEqualTo("f2 48 cd c9 c9 07 00");
        assertThat(Hex.of(codec.compress(hello()))).isEqualTo("f2 00 11 00 00");
        codec.release();
    }

    @Test
    void withoutContextTakeoverEveryHelloCompressesAlike() {
        PerMessageDeflate codec = codec(resetting);
        assertThat(Hex.of(codec.compress(hello()))).isEqualTo("f2 48 cd c9 c9 07 00");
        assertThat(Hex.of(codec.compress(hello()))).isEqualTo("f2 48 cd c9 c9 07 00");
        codec.release();
    }

    @Test
    void section7_2_3_3LevelZeroSendsAStoredBlock() {
        try (PerMessageDeflateServer storing = PerMessageDeflateServer.builder()
                .settings(new DeflateSettings(Deflater.NO_COMPRESSION, 0, 1)).build()) {
            PerMessageDeflate codec = codec(storing);
            assertThat(Hex.of(codec.compress(hello()))).isEqualTo("00 05 00 fa ff 48 65 6c 6c 6f 00");
            codec.release();
        }
    }

    @Test
    void anEmptyMessageCompressesToOneZeroByte() {
        PerMessageDeflate codec = codec(server);
        assertThat(Hex.of(codec.compress(ByteBuffer.allocate(0)))).isEqualTo("00");
        codec.release();
    }

    @Test
    void anEmptyMessageAfterAnotherUnderContextTakeoverIsAlsoOneZeroByte() {
        // zlib emits nothing for a second sync flush with no input in between: the codec must not rely on it
        PerMessageDeflate codec = codec(server);
        codec.compress(hello());
        assertThat(Hex.of(codec.compress(ByteBuffer.allocate(0)))).isEqualTo("00");
        assertThat(Hex.of(codec.compress(hello()))).isEqualTo("f2 00 11 00 00");
        codec.release();
    }

    @Test
    void theMessageIsConsumedAndAReadOnlyOrDirectInputWorksToo() {
        PerMessageDeflate codec = codec(resetting);
        ByteBuffer direct = ByteBuffer.allocateDirect(5).put("Hello".getBytes(StandardCharsets.US_ASCII)).flip();
        assertThat(Hex.of(codec.compress(direct))).isEqualTo("f2 48 cd c9 c9 07 00");
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(Hex.of(codec.compress(hello().asReadOnlyBuffer()))).isEqualTo("f2 48 cd c9 c9 07 00");
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
