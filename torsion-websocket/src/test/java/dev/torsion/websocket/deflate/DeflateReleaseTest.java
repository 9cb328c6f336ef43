package dev.torsion.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Native zlib memory is held only where the agreement needs it and freed on {@link PerMessageDeflate#release()}:
 * counted through the configuration's live-stream counter (streams made minus streams ended).
 */
class DeflateReleaseTest {

    private static final byte[] TEXT = "Hello, Hello, Hello, Hello, Hello".getBytes(StandardCharsets.US_ASCII);

    private static PerMessageDeflate codec(PerMessageDeflateServer server, String offer) {
        return ((PerMessageDeflateExtension) server.negotiate(Handshakes.parse(offer)).orElseThrow())
                .newCodec(1 << 20);
    }

    /** Sends one compressed message from {@code codec} and has it decompress the same payload. */
    private static void useBothWays(PerMessageDeflate codec) throws DeflateException {
        ByteBuffer payload = codec.compress(ByteBuffer.wrap(TEXT));
        assertThat(codec.decompressMessage(payload)).isEqualTo(TEXT);
    }

    @Test
    void withContextTakeoverAConnectionOwnsItsStreamsUntilRelease() throws Exception {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder().serverNoContextTakeover(false).build()) {
            PerMessageDeflate codec = codec(server, "permessage-deflate");
            assertThat(server.liveZlibStreams()).as("nothing before the first message").isZero();
            useBothWays(codec);
            useBothWays(codec);
            assertThat(server.liveZlibStreams()).as("one deflater, one inflater").isEqualTo(2);
            codec.release();
            assertThat(server.liveZlibStreams()).isZero();
            codec.release();
            assertThat(server.liveZlibStreams()).as("release is idempotent").isZero();
        }
    }

    @Test
    void withoutContextTakeoverIdleConnectionsHoldNoStreams() throws Exception {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder()
                .settings(new DeflateSettings(6, 0, 2)).build()) {
            List<PerMessageDeflate> codecs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                PerMessageDeflate codec = codec(server, "permessage-deflate; client_no_context_takeover");
                useBothWays(codec);
                codecs.add(codec);
            }
            assertThat(server.liveZlibStreams()).as("only the pooled ones").isEqualTo(2);
            assertThat(server.idlePooledZlibStreams()).isEqualTo(2);
            codecs.forEach(PerMessageDeflate::release);
            server.close();
            assertThat(server.liveZlibStreams()).isZero();
        }
    }

    @Test
    void aConnectionReleasedMidMessageGivesItsBorrowedInflaterBack() throws Exception {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder()
                .settings(new DeflateSettings(6, 0, 0)).build()) {
            PerMessageDeflate codec = codec(server, "permessage-deflate; client_no_context_takeover");
            codec.decompress(Hex.buffer("f2 48 cd"), false, chunk -> { });
            assertThat(server.liveZlibStreams()).as("borrowed for the message").isEqualTo(1);
            codec.release();
            assertThat(server.liveZlibStreams()).as("a pool of capacity 0 ends it").isZero();
        }
    }

    @Test
    void aReleasedCodecRefusesUse() {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder().build()) {
            PerMessageDeflate codec = codec(server, "permessage-deflate");
            codec.release();
            assertThat(codec.isReleased()).isTrue();
            assertThatIllegalStateException().isThrownBy(() -> codec.compress(ByteBuffer.wrap(TEXT)))
                    .withMessage("compress() called after release()");
            assertThatIllegalStateException().isThrownBy(() -> codec.decompress(Hex.buffer("00"), true, c -> { }))
                    .withMessage("decompress() called after release()");
            assertThatIllegalStateException().isThrownBy(() -> codec.compressOnceForSharing(ByteBuffer.wrap(TEXT)));
        }
    }

    @Test
    void streamsGivenBackAfterTheServerClosedAreEndedAtOnce() throws Exception {
        PerMessageDeflateServer server = PerMessageDeflateServer.builder().build();
        PerMessageDeflate codec = codec(server, "permessage-deflate; client_no_context_takeover");
        codec.decompress(Hex.buffer("f2 48 cd"), false, chunk -> { });
        server.close();
        codec.decompress(Hex.buffer("c9 c9 07 00"), true, chunk -> { });
        assertThat(server.liveZlibStreams()).isZero();
        codec.release();
    }

    @Test
    void aSinkThatThrowsAbandonsTheMessageAndItsStream() {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder().serverNoContextTakeover(false).build()) {
            PerMessageDeflate codec = codec(server, "permessage-deflate");
            assertThatIllegalStateException().isThrownBy(() -> codec.decompress(Hex.buffer("f2 48 cd c9 c9 07 00"),
                    true, chunk -> {
                        throw new IllegalStateException("bad UTF-8, say");
                    }));
            assertThat(server.liveZlibStreams()).isZero();
            codec.release();
        }
    }
}
