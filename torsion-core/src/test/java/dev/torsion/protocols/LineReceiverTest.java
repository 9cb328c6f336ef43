package dev.torsion.protocols;

import dev.torsion.testing.MemoryTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The line protocol gives the same lines whatever way the bytes were cut, as Twisted's tests demand. */
class LineReceiverTest {

    static final String INPUT = "hello\r\nworld\n\nsnowman \u2603 in a line\r\nlast one\r\n";
    static final List<String> LINES = List.of("hello", "world", "", "snowman \u2603 in a line", "last one");

    static class Collector extends LineReceiver {
        final List<String> lines = new ArrayList<>();

        @Override
        protected void lineReceived(String line) {
            lines.add(line);
            if (line.equals("echo me")) {
                sendLine("echo: " + line);
            }
        }

        @Override
        protected int maxLineLength() {
            return 64;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void everyChunkSizeGivesTheSameLines(int chunkSize) {
        Collector c = new Collector();
        MemoryTransport t = new MemoryTransport().connect(c);
        t.receiveInChunks(INPUT.getBytes(StandardCharsets.UTF_8), chunkSize);
        assertThat(c.lines).isEqualTo(LINES);
    }

    @Test
    void randomSplitPointsGiveTheSameLines() {
        byte[] bytes = INPUT.repeat(20).getBytes(StandardCharsets.UTF_8);
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Collector c = new Collector();
            MemoryTransport t = new MemoryTransport().connect(c);
            int i = 0;
            while (i < bytes.length) {
                int n = Math.min(bytes.length - i, 1 + random.nextInt(30));
                t.receive(ByteBuffer.wrap(bytes, i, n).slice());
                i += n;
            }
            List<String> expected = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                expected.addAll(LINES);
            }
            assertThat(c.lines).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void allLinesInOneReadAreEachDelivered() {
        Collector c = new Collector();
        new MemoryTransport().connect(c).receive(INPUT);
        assertThat(c.lines).isEqualTo(LINES);
    }

    @Test
    void sendLineWritesCrLf() {
        Collector c = new Collector();
        MemoryTransport t = new MemoryTransport().connect(c);
        t.receive("echo me\n");
        assertThat(t.writtenText()).isEqualTo("echo: echo me\r\n");
    }

    @Test
    void aLineTooLongClosesTheConnection() {
        Collector c = new Collector();
        MemoryTransport t = new MemoryTransport().connect(c);
        t.receive("x".repeat(65));
        assertThat(t.isDisconnecting()).isTrue();
        assertThat(c.lines).isEmpty();
    }

    @Test
    void aLineTooLongSplitAcrossReadsClosesTheConnection() {
        Collector c = new Collector();
        MemoryTransport t = new MemoryTransport().connect(c);
        t.receiveInChunks(("y".repeat(100) + "\n").getBytes(StandardCharsets.UTF_8), 7);
        assertThat(t.isDisconnecting()).isTrue();
        assertThat(c.lines).isEmpty();
    }
}
