package dev.torsion.websocket.deflate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test helper: 120 messages of every kind a compressor meets (JSON-like text, incompressible bytes, a block
 * repeated at a distance of 200 to 40,000 bytes, long runs, tiny and empty ones, repeats of earlier messages
 * that only context takeover can refer to), the same for the same seed.
 */
public final class SampleMessages {

    private SampleMessages() {
    }

    /** The messages for {@code seed}. */
    public static List<byte[]> of(long seed) {
        Random random = new Random(seed);
        List<byte[]> messages = new ArrayList<>();
        String[] words = {"permessage", "deflate", "window", "bits", "torsion", "{\"id\":", "\"text\":", "}",
            "the", "quick", "brown", "fox", "\u00e9t\u00e9", "\u2603"};
        for (int i = 0; i < 120; i++) {
            int kind = i % 6;
            byte[] message;
            if (kind == 0) { // JSON-like text
                StringBuilder text = new StringBuilder();
                int length = 50 + random.nextInt(3000);
                while (text.length() < length) {
                    text.append(words[random.nextInt(words.length)]).append(random.nextInt(100)).append(' ');
                }
                message = text.toString().getBytes(StandardCharsets.UTF_8);
            } else if (kind == 1) { // random bytes: incompressible
                message = new byte[random.nextInt(5000)];
                random.nextBytes(message);
            } else if (kind == 2) { // a random block repeated at a distance of 200 to 40000 bytes
                int distance = 200 + random.nextInt(40_000);
                byte[] block = new byte[Math.min(distance, 300)];
                random.nextBytes(block);
                message = new byte[distance + block.length];
                random.nextBytes(message);
                System.arraycopy(block, 0, message, 0, block.length);
                System.arraycopy(block, 0, message, distance, block.length);
            } else if (kind == 3) { // long runs
                message = new byte[random.nextInt(70_000)];
                java.util.Arrays.fill(message, (byte) ('a' + random.nextInt(26)));
            } else if (kind == 4) { // tiny, and empty
                message = new byte[random.nextInt(4)];
                random.nextBytes(message);
            } else { // the previous message again: only context takeover can refer to it
                message = messages.get(i - 1 - random.nextInt(3)).clone();
            }
            messages.add(message);
        }
        return messages;
    }

    /** Words for chat-like JSON messages. */
    private static final String[] WORDS = {"the", "price", "of", "order", "user", "alice", "bob", "status",
        "shipped", "pending", "total", "item", "quantity", "update", "message", "hello", "world", "chat"};

    /** One of the chat words, at random. */
    static String word(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    /** A JSON chat-like message of exactly {@code size} bytes. */
    public static byte[] chat(Random random, int size) {
        StringBuilder text = new StringBuilder("{\"type\":\"msg\",\"id\":").append(random.nextInt(100_000))
                .append(",\"text\":\"");
        while (text.length() < size) {
            text.append(word(random)).append(' ');
        }
        text.setLength(Math.max(0, size - 2));
        text.append("\"}");
        return text.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }
}
