package dev.torsion.websocket.deflate;

import dev.torsion.websocket.handshake.ExtensionOffer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the memory one connection's permessage-deflate state costs, for docs/permessage-deflate.md: N
 * codecs each compress one message and decompress one, then heap used (after GC, through
 * {@link MemoryMXBean}) and the process's resident set (Linux {@code VmRSS}, which also sees zlib's native
 * memory) are compared with the figures before. Not a test; run it with
 *
 * <pre>
 * mvn -q -o -pl torsion-websocket -am test-compile
 * for s in takeover takeover12 default none; do
 *   java -Xms1g -Xmx1g -XX:+AlwaysPreTouch \
 *       -cp torsion-http/target/classes:torsion-websocket/target/classes:torsion-websocket/target/test-classes \
 *       dev.torsion.websocket.deflate.DeflateMemoryHarness $s 2000 65536
 * done
 * </pre>
 *
 * <p>One scenario per JVM: memory that zlib frees stays resident in the C allocator and would hide the next
 * scenario's cost. {@code -XX:+AlwaysPreTouch} makes the Java heap resident from the start, so the RSS
 * difference is native memory only.
 */
public final class DeflateMemoryHarness {

    private static final String UNIT = "{\"type\":\"chat\",\"user\":\"alice\",\"text\":\"the quick brown fox "
            + "jumps over the lazy dog\"}";

    private static byte[] MESSAGE = UNIT.repeat(10).getBytes(StandardCharsets.UTF_8);

    private DeflateMemoryHarness() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "default";
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        if (args.length > 2) {
            MESSAGE = varied(Integer.parseInt(args[2]));
        }
        switch (scenario) {
            case "takeover" -> measure("context takeover both ways", connections, false, false, 15);
            case "takeover12" -> measure("context takeover, server_max_window_bits=12", connections, false, false, 12);
            case "default" -> measure("server_no_context_takeover, client keeps context", connections, true, false, 15);
            case "none" -> measure("no context takeover either way", connections, true, true, 15);
            default -> throw new IllegalArgumentException("scenario must be takeover, takeover12, default or none");
        }
    }

    private static void measure(String label, int connections, boolean serverResets, boolean clientResets,
                                int serverWindowBits) throws Exception {
        try (PerMessageDeflateServer server = PerMessageDeflateServer.builder().serverNoContextTakeover(serverResets)
                .build();
             PerMessageDeflateClient client = PerMessageDeflateClient.builder().clientNoContextTakeover(clientResets)
                     .requestServerMaxWindowBits(serverWindowBits).build()) {
            PerMessageDeflateExtension serverSide = (PerMessageDeflateExtension) server.negotiate(client.offers())
                    .orElseThrow();
            PerMessageDeflate peer = client.accept(List.of(new ExtensionOffer(serverSide.name(),
                    serverSide.parameters()))).orElseThrow().newCodec(1 << 20);
            ByteBuffer fromClient = peer.compress(ByteBuffer.wrap(MESSAGE));
            warmUp(serverSide, fromClient);
            long heapBefore = heapAfterGc();
            long rssBefore = residentSetBytes();
            List<PerMessageDeflate> codecs = new ArrayList<>(connections);
            for (int i = 0; i < connections; i++) {
                PerMessageDeflate codec = serverSide.newCodec(1 << 20);
                codec.compress(ByteBuffer.wrap(MESSAGE));
                codec.decompressMessage(fromClient.duplicate());
                codecs.add(codec);
            }
            long heap = heapAfterGc() - heapBefore;
            long rss = residentSetBytes() - rssBefore;
            System.out.printf("%-50s %6d conns, %6d-byte message: heap %5d B/conn, RSS %7d B/conn%n", label,
                    connections, MESSAGE.length, heap / connections, rss / connections);
            codecs.forEach(PerMessageDeflate::release);
            peer.release();
        }
    }

    private static void warmUp(PerMessageDeflateExtension serverSide, ByteBuffer fromClient) throws Exception {
        for (int i = 0; i < 200; i++) {
            PerMessageDeflate codec = serverSide.newCodec(1 << 20);
            codec.compress(ByteBuffer.wrap(MESSAGE));
            codec.decompressMessage(fromClient.duplicate());
            codec.release();
        }
    }

    /** Text of {@code size} bytes that fills a 32 KiB window with varied content (numbered records). */
    private static byte[] varied(int size) {
        StringBuilder text = new StringBuilder(size + 100);
        for (int i = 0; text.length() < size; i++) {
            text.append(UNIT, 0, 40).append(i * 7919L).append(',');
        }
        return text.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long residentSetBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
