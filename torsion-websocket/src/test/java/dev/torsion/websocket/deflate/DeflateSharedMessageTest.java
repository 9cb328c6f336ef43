package dev.torsion.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A broadcast is compressed once per {@link CompressionProfile} and sent as is to every connection whose
 * sending side uses no context takeover.
 */
class DeflateSharedMessageTest {

    private static final byte[] NEWS = "{\"topic\":\"prices\",\"items\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]}"
            .repeat(5).getBytes(StandardCharsets.UTF_8);

    private static PerMessageDeflate codec(PerMessageDeflateServer server) {
        return ((PerMessageDeflateExtension) server.negotiate(Handshakes.parse("permessage-deflate")).orElseThrow())
                .newCodec(1 << 20);
    }

    @Test
    void aSharedPayloadIsWhatEachConnectionWouldHaveSentAndEveryClientReadsIt() throws Exception {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder().build();
             PerMessageDeflateClient client = PerMessageDeflateClient.builder().build()) {
            PerMessageDeflate first = codec(server);
            SharedCompressedMessage shared = first.compressOnceForSharing(ByteBuffer.wrap(NEWS));
            assertThat(shared.originalLength()).isEqualTo(NEWS.length);
            assertThat(shared.payloadLength()).isLessThan(NEWS.length / 3);
            assertThat(Hex.of(shared.payload())).isEqualTo(Hex.of(codec(server).compress(ByteBuffer.wrap(NEWS))));
            for (int i = 0; i < 3; i++) {
                PerMessageDeflate connection = codec(server);
                assertThat(connection.canSend(shared)).isTrue();
                PerMessageDeflate receiver = client.accept(Handshakes.parse(
                        "permessage-deflate; server_no_context_takeover")).orElseThrow().newCodec(1 << 20);
                assertThat(receiver.decompressMessage(shared.payload())).isEqualTo(NEWS);
                receiver.release();
                connection.release();
            }
            first.release();
        }
    }

    @Test
    void withContextTakeoverOnTheSendingSideNothingIsShared() {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder().serverNoContextTakeover(false).build();
             PerMessageDeflateServer resetting = PerMessageDeflateServer.builder().build()) {
            PerMessageDeflate keeping = codec(server);
            assertThat(keeping.sharingProfile()).isEmpty();
            assertThatIllegalStateException().isThrownBy(() -> keeping.compressOnceForSharing(ByteBuffer.wrap(NEWS)));
            SharedCompressedMessage shared = codec(resetting).compressOnceForSharing(ByteBuffer.wrap(NEWS));
            assertThat(keeping.canSend(shared)).isFalse();
            keeping.release();
        }
    }

    @Test
    void differentLevelsAreDifferentProfiles() {
        try (PerMessageDeflateServer fast = PerMessageDeflateServer.builder()
                .settings(new DeflateSettings(1, 0, 1)).build();
             PerMessageDeflateServer best = PerMessageDeflateServer.builder()
                     .settings(new DeflateSettings(9, 0, 1)).build();
             PerMessageDeflateServer alsoBest = PerMessageDeflateServer.builder()
                     .settings(new DeflateSettings(9, 64, 4)).build()) {
            SharedCompressedMessage shared = codec(fast).compressOnceForSharing(ByteBuffer.wrap(NEWS));
            assertThat(codec(best).canSend(shared)).isFalse();
            assertThat(codec(best).sharingProfile()).isEqualTo(codec(alsoBest).sharingProfile())
                    .contains(new CompressionProfile(9, 15));
        }
    }

    @Test
    void thePoolServesManyThreadsAtOnce() throws Exception {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder()
                .settings(new DeflateSettings(6, 0, 2)).build()) {
            String expected = Hex.of(codec(server).compress(ByteBuffer.wrap(NEWS)));
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    results.add(threads.submit(() -> Hex.of(codec(server).compress(ByteBuffer.wrap(NEWS)))));
                }
                for (Future<String> result : results) {
                    assertThat(result.get()).isEqualTo(expected);
                }
            } finally {
                threads.shutdown();
            }
            assertThat(server.idlePooledZlibStreams()).isLessThanOrEqualTo(2);
            server.close();
            assertThat(server.liveZlibStreams()).isZero();
        }
    }
}
