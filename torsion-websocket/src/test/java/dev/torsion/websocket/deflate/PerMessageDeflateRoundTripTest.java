package dev.torsion.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages survive compression on one end and decompression on the other, in both directions, under every
 * combination of negotiated parameters, with the payload cut into frames at random points (the result must
 * not depend on how the sender fragmented the message or how TCP cut the frames).
 */
class PerMessageDeflateRoundTripTest {

    static Stream<Arguments> everyCombination() {
        List<Arguments> combinations = new ArrayList<>();
        for (boolean serverResets : new boolean[] {false, true}) {
            for (boolean clientResets : new boolean[] {false, true}) {
                for (boolean askClientToReset : new boolean[] {false, true}) {
                    for (int serverWindow : new int[] {15, 12, 8}) {
                        for (int level : new int[] {-1, 0, 1, 9}) {
                            combinations.add(Arguments.of(serverResets, clientResets, askClientToReset,
                                    serverWindow, level));
                        }
                    }
                }
            }
        }
        return combinations.stream();
    }

    @ParameterizedTest(name = "serverReset={0} clientReset={1} askClientReset={2} serverWindow={3} level={4}")
    @MethodSource("everyCombination")
    void messagesRoundTripBothWays(boolean serverResets, boolean clientResets, boolean askClientToReset,
                                   int requestedServerWindow, int level) throws Exception {
        DeflateSettings settings = new DeflateSettings(level, 0, 2);
        int clientWindow = Math.max(9, requestedServerWindow); // the server may ask the client for 9 to 15
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder().serverNoContextTakeover(serverResets)
                .requestClientNoContextTakeover(askClientToReset).clientMaxWindowBits(clientWindow)
                .settings(settings).build();
             PerMessageDeflateClient client = PerMessageDeflateClient.builder()
                     .clientNoContextTakeover(clientResets).requestServerMaxWindowBits(requestedServerWindow)
                     .settings(settings).build()) {
            Handshakes.Agreed agreed = Handshakes.negotiate(server, client);
            DeflateAgreement agreement = agreed.server().agreement();
            assertThat(agreement.serverNoContextTakeover()).isEqualTo(serverResets);
            assertThat(agreement.clientNoContextTakeover()).isEqualTo(clientResets || askClientToReset);
            assertThat(agreement.serverMaxWindowBits()).isEqualTo(requestedServerWindow);
            assertThat(agreement.clientMaxWindowBits()).isEqualTo(clientWindow);
            assertThat(agreed.client().agreement()).isEqualTo(agreement);

            PerMessageDeflate serverCodec = agreed.server().newCodec(1 << 22);
            PerMessageDeflate clientCodec = agreed.client().newCodec(1 << 22);
            Random random = new Random(31L * level + requestedServerWindow);
            for (byte[] message : messages(random)) {
                assertThat(transfer(serverCodec, clientCodec, message, random)).isEqualTo(message);
                assertThat(transfer(clientCodec, serverCodec, message, random)).isEqualTo(message);
            }
            serverCodec.release();
            clientCodec.release();
        }
    }

    /** Compresses on {@code from}, cuts the payload into random frames, decompresses on {@code to}. */
    static byte[] transfer(PerMessageDeflate from, PerMessageDeflate to, byte[] message, Random random)
            throws DeflateException {
        ByteBuffer payload = from.compress(ByteBuffer.wrap(message));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InflatedDataSink sink = chunk -> {
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            out.writeBytes(bytes);
        };
        while (true) {
            int take = random.nextInt(4) == 0 ? 0 : random.nextInt(Math.max(1, payload.remaining()) + 1);
            take = Math.min(take, payload.remaining());
            ByteBuffer frame = payload.slice().limit(take);
            payload.position(payload.position() + take);
            boolean fin = !payload.hasRemaining() && random.nextBoolean();
            to.decompress(frame, fin, sink);
            if (fin) {
                return out.toByteArray();
            }
        }
    }

    static List<byte[]> messages(Random random) {
        List<byte[]> messages = new ArrayList<>();
        messages.add(new byte[0]);
        messages.add(new byte[] {42});
        messages.add("Hello".getBytes(StandardCharsets.UTF_8));
        messages.add("Hello".getBytes(StandardCharsets.UTF_8));
        StringBuilder json = new StringBuilder();
        for (int i = 0; json.length() < 40_000; i++) {
            json.append("{\"id\":").append(i).append(",\"name\":\"user").append(random.nextInt(100))
                    .append("\",\"tags\":[\"a\",\"b\"]},");
        }
        messages.add(json.toString().getBytes(StandardCharsets.UTF_8));
        byte[] noise = new byte[70_000];
        random.nextBytes(noise);
        messages.add(noise);
        messages.add(new byte[200_000]);
        messages.add(json.substring(0, 1000).getBytes(StandardCharsets.UTF_8));
        return messages;
    }
}
