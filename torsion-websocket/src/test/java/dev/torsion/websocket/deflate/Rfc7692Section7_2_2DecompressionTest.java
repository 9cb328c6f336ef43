package dev.torsion.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 7692 section 7.2.2 (decompression) against the examples of section 7.2.3: the receiver appends
 * {@code 00 00 ff ff} to the message's payload and inflates it, whatever kind of blocks the sender used and
 * however the payload was cut into frames.
 */
class Rfc7692Section7_2_2DecompressionTest {

    private final PerMessageDeflateServer server = PerMessageDeflateServer.builder()
            .serverNoContextTakeover(false).build();
    private final PerMessageDeflate codec = ((PerMessageDeflateExtension) server
            .negotiate(Handshakes.parse("permessage-deflate")).orElseThrow()).newCodec(1 << 20);

    @AfterEach
    void release() {
        codec.release();
        server.close();
        assertThat(server.liveZlibStreams()).isZero();
    }

    private String message(String... framePayloads) throws DeflateException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < framePayloads.length; i++) {
            codec.decompress(Hex.buffer(framePayloads[i]), i == framePayloads.length - 1, chunk -> {
                byte[] bytes = new byte[chunk.remaining()];
                chunk.get(bytes);
                out.writeBytes(bytes);
            });
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            f2 48 cd c9 c9 07 00                                | 7.2.3.1 one compressed frame
            00 05 00 fa ff 48 65 6c 6c 6f 00                    | 7.2.3.3 a stored block
            f3 48 cd c9 c9 07 00 00                             | 7.2.3.4 a block with BFINAL set, padded
            f3 48 cd c9 c9 07 00                                | a block with BFINAL set, unpadded
            f2 48 05 00 00 00 ff ff ca c9 c9 07 00              | 7.2.3.5 two DEFLATE blocks
            """)
    void eachRfcExampleDecompressesToHello(String payload, String example) throws Exception {
        assertThat(message(payload)).isEqualTo("Hello");
    }

    @Test
    void section7_2_3_1AFragmentedMessageDecompressesAcrossFrames() throws Exception {
        assertThat(message("f2 48 cd", "c9 c9 07 00")).isEqualTo("Hello");
    }

    @Test
    void emptyFramesAnywhereInTheMessageChangeNothing() throws Exception {
        assertThat(message("", "f2 48", "", "cd c9 c9 07 00", "")).isEqualTo("Hello");
    }

    @Test
    void section7_2_3_2TheSecondMessageUsesTheFirstOnesWindow() throws Exception {
        assertThat(message("f2 48 cd c9 c9 07 00")).isEqualTo("Hello");
        assertThat(message("f2 00 11 00 00")).isEqualTo("Hello");
    }

    @Test
    void afterAFinalBlockTheNextMessageStartsAFreshStream() throws Exception {
        assertThat(message("f3 48 cd c9 c9 07 00")).isEqualTo("Hello");
        assertThat(message("f2 48 cd c9 c9 07 00")).isEqualTo("Hello");
    }

    @Test
    void section7_2_3_6AnEmptyMessageIsASingleZeroByte() throws Exception {
        assertThat(message("00")).isEmpty();
    }

    @Test
    void invalidDeflateDataFailsWith1007() {
        // BTYPE 11 is reserved (RFC 1951 section 3.2.3).
        assertThatExceptionOfType(InvalidCompressedDataException.class)
                .isThrownBy(() -> message("ff ff ff"))
                .satisfies(e -> assertThat(e.closeCode()).isEqualTo(1007));
    }

    @Test
    void aDistanceBeforeTheStartOfTheWindowFailsWith1007() {
        // The second "Hello" of 7.2.3.2 on a fresh stream refers to data that was never sent.
        assertThatExceptionOfType(InvalidCompressedDataException.class)
                .isThrownBy(() -> message("f2 00 11 00 00"));
    }

    @Test
    void aFailureMidMessageLeavesNoStreamBehind() {
        assertThatExceptionOfType(InvalidCompressedDataException.class)
                .isThrownBy(() -> message("00 05 00 fa ff 48", "65 6c 6c 6f ff ff")); // then a reserved block type
        assertThat(server.liveZlibStreams()).isZero();
    }
}
