package dev.torsion.websocket.deflate;

import dev.torsion.websocket.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Measures, for docs/permessage-deflate.md, what a sending window of 2^N bytes costs (N = 8 to 15; below 15
 * through {@link WindowedCompressor}): the compressed size as a share of the original and the compression
 * speed, for chat-like JSON messages with and without context takeover, 16 KiB JSON documents and 1 MiB of
 * log text, at level 6. One thread; speed is original bytes per second of the thread's CPU time (so that
 * other work on the machine matters less), the median of 5 timed rounds after 2 warm-up rounds. Not a test;
 * run it with
 *
 * <pre>
 * mvn -q -o -pl torsion-websocket -am test-compile
 * java -cp torsion-http/target/classes:torsion-websocket/target/classes:torsion-websocket/target/test-classes \
 *     dev.torsion.websocket.deflate.DeflateWindowHarness
 * </pre>
 */
public final class DeflateWindowHarness {

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private DeflateWindowHarness() {
    }

    record Workload(String name, boolean contextTakeover, List<byte[]> messages) {
        long bytes() {
            return messages.stream().mapToLong(m -> m.length).sum();
        }
    }

    public static void main(String[] args) {
        Random random = new Random(42);
        List<Workload> workloads = List.of(
                new Workload("chat 300 B, context takeover", true, chats(random)),
                new Workload("chat 300 B, no context takeover", false, chats(random)),
                new Workload("JSON 16 KiB, no context takeover", false, repeat(40, () -> json(random, 16 * 1024))),
                new Workload("log text 1 MiB, no context takeover", false, repeat(2, () -> log(random, 1 << 20))));
        System.out.printf("%-38s %4s %9s %8s %10s %8s%n", "workload", "N", "size", "vs N=15", "MB/s", "vs N=15");
        for (Workload workload : workloads) {
            double[] base = null;
            for (int bits = 15; bits >= 8; bits--) {
                double[] result = measure(workload, bits);
                if (base == null) {
                    base = result;
                }
                System.out.printf("%-38s %4d %8.1f%% %7.2fx %10.1f %7.2fx%n", workload.name(), bits,
                        100 * result[0], result[0] / base[0], result[1], result[1] / base[1]);
            }
        }
    }

    /** {compressed share of the original, MB/s of original bytes compressed}. */
    private static double[] measure(Workload workload, int bits) {
        CodecResources resources = new CodecResources(new DeflateSettings(6, 0, 1));
        try {
            DeflateAgreement agreement = new DeflateAgreement(!workload.contextTakeover(), false, bits, 15);
            long compressed = 0;
            long[] nanos = new long[7];
            for (int round = 0; round < nanos.length; round++) {
                PerMessageDeflate codec = new PerMessageDeflateExtension(Role.SERVER, agreement, List.of(), resources)
                        .newCodec(Long.MAX_VALUE);
                compressed = 0;
                long start = THREADS.getCurrentThreadCpuTime();
                for (byte[] message : workload.messages()) {
                    compressed += codec.compress(ByteBuffer.wrap(message)).remaining();
                }
                nanos[round] = THREADS.getCurrentThreadCpuTime() - start;
                codec.release();
            }
            long[] timed = java.util.Arrays.copyOfRange(nanos, 2, nanos.length);
            java.util.Arrays.sort(timed);
            double seconds = timed[timed.length / 2] / 1e9;
            return new double[] {compressed / (double) workload.bytes(), workload.bytes() / seconds / 1e6};
        } finally {
            resources.close();
        }
    }

    private static List<byte[]> chats(Random random) {
        return repeat(1000, () -> SampleMessages.chat(random, 300));
    }

    private static List<byte[]> repeat(int count, java.util.function.Supplier<byte[]> message) {
        List<byte[]> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(message.get());
        }
        return messages;
    }


    /** A JSON array of order records, about {@code size} bytes. */
    private static byte[] json(Random random, int size) {
        StringBuilder text = new StringBuilder("[");
        while (text.length() < size) {
            text.append("{\"order\":").append(random.nextInt(1_000_000)).append(",\"user\":\"")
                    .append(SampleMessages.word(random)).append("\",\"status\":\"")
                    .append(random.nextBoolean() ? "shipped" : "pending").append("\",\"total\":")
                    .append(random.nextInt(10_000) / 100.0).append(",\"items\":[")
                    .append(random.nextInt(50)).append(',').append(random.nextInt(50)).append("]},");
        }
        text.setCharAt(text.length() - 1, ']');
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Log lines with timestamps, levels, threads and messages, about {@code size} bytes. */
    private static byte[] log(Random random, int size) {
        String[] levels = {"INFO", "INFO", "INFO", "DEBUG", "WARN"};
        StringBuilder text = new StringBuilder();
        long millis = 1_700_000_000_000L;
        while (text.length() < size) {
            millis += random.nextInt(50);
            text.append(java.time.Instant.ofEpochMilli(millis)).append(' ')
                    .append(levels[random.nextInt(levels.length)]).append(" [loop-").append(random.nextInt(4))
                    .append("] ").append(SampleMessages.word(random)).append(' ')
                    .append(SampleMessages.word(random)).append(" id=").append(random.nextInt(100_000))
                    .append(" took ").append(random.nextInt(900)).append(" us\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
