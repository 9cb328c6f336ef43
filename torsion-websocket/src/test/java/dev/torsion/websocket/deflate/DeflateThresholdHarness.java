package dev.torsion.websocket.deflate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Measures, for docs/permessage-deflate.md, what compression gains on small text messages: for each size,
 * the compressed payload length without context takeover (every message on its own) and with it (after 100
 * similar messages), and the time one compression takes. Not a test; run it with
 *
 * <pre>
 * mvn -q -o -pl torsion-websocket -am test-compile
 * java -cp torsion-http/target/classes:torsion-websocket/target/classes:torsion-websocket/target/test-classes \
 *     dev.torsion.websocket.deflate.DeflateThresholdHarness
 * </pre>
 */
public final class DeflateThresholdHarness {

    private DeflateThresholdHarness() {
    }

    public static void main(String[] args) throws Exception {
        try (PerMessageDeflateServer resetting = PerMessageDeflateServer.builder().build();
             PerMessageDeflateServer keeping = PerMessageDeflateServer.builder().serverNoContextTakeover(false).build()) {
            PerMessageDeflate noContext = codec(resetting);
            PerMessageDeflate context = codec(keeping);
            Random random = new Random(42);
            for (int i = 0; i < 100; i++) {
                context.compress(ByteBuffer.wrap(SampleMessages.chat(random, 300)));
            }
            System.out.printf("%6s %22s %22s %12s%n", "bytes", "no context takeover", "context takeover",
                    "ns/compress");
            for (int size : new int[] {16, 32, 48, 64, 96, 128, 192, 256, 512, 1024}) {
                long plain = 0;
                long withContext = 0;
                int samples = 200;
                for (int i = 0; i < samples; i++) {
                    byte[] message = SampleMessages.chat(random, size);
                    plain += noContext.compress(ByteBuffer.wrap(message)).remaining();
                    withContext += context.compress(ByteBuffer.wrap(message)).remaining();
                }
                byte[] message = SampleMessages.chat(random, size);
                long start = System.nanoTime();
                int rounds = 20_000;
                for (int i = 0; i < rounds; i++) {
                    noContext.compress(ByteBuffer.wrap(message));
                }
                long nanos = (System.nanoTime() - start) / rounds;
                System.out.printf("%6d %14.1f (%4.0f%%) %14.1f (%4.0f%%) %12d%n", size, plain / (double) samples,
                        100.0 * plain / samples / size, withContext / (double) samples,
                        100.0 * withContext / samples / size, nanos);
            }
            noContext.release();
            context.release();
        }
    }

    private static PerMessageDeflate codec(PerMessageDeflateServer server) {
        return ((PerMessageDeflateExtension) server.negotiate(Handshakes.parse("permessage-deflate")).orElseThrow())
                .newCodec(1 << 20);
    }
}
