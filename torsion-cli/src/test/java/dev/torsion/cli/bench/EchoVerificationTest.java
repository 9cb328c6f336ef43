package dev.torsion.cli.bench;

import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.Role;
import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.handshake.WebSocketKey;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Echoes are checked byte for byte: payloads, the buffer comparison, and the lean client over a memory transport. */
class EchoVerificationTest {

    @Test
    void payloadsMatchOnlyTheirOwnEcho() {
        Payloads p = new Payloads(100, 4, false);
        ByteBuffer echo = ByteBuffer.wrap(p.bytes(2).clone());
        assertThat(p.matches(2, echo)).isTrue();
        assertThat(p.matches(1, echo)).isFalse();                          // another slot: out of order
        echo.put(77, (byte) (echo.get(77) ^ 1));
        assertThat(p.matches(2, echo)).isFalse();                          // one bit flipped
        assertThat(p.matches(2, ByteBuffer.wrap(p.bytes(2), 0, 99))).isFalse(); // truncated
        assertThat(p.slotOf(3, 1)).isZero();
        Payloads text = new Payloads(50, 2, true);
        assertThat(text.text(1)).hasSize(50).matches("[A-Za-z0-9_-]+");
        assertThat(text.matches(1, new String(text.bytes(1), StandardCharsets.US_ASCII))).isTrue();
        assertThat(text.matches(0, text.text(1))).isFalse();
    }

    @Test
    void byteCompareReadsDirectBuffersAtAnyOffset() {
        byte[] expected = new byte[37];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (i * 7);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        direct.position(5);
        direct.put(expected);
        assertThat(ByteCompare.equal(direct, 5, expected, 0, 37)).isTrue();
        assertThat(ByteCompare.equal(direct, 10, expected, 5, 20)).isTrue();
        assertThat(ByteCompare.equal(direct, 6, expected, 0, 20)).isFalse();
        assertThat(ByteCompare.equal(direct, 5, expected, 30, 10)).isFalse(); // runs past the expected bytes
    }

    @Test
    void leanClientCountsGoodEchoesAndMismatches() {
        BenchSettings settings = new BenchSettings(URI.create("ws://127.0.0.1:9/"), BenchMode.echo, 1, 40, 2,
                Duration.ofSeconds(1), Duration.ZERO, false, 1, 0, 0, null, EchoClient.lean, false, 0);
        Payloads payloads = new Payloads(40, 2, false);
        LoadStats stats = new LoadStats();
        LeanEchoConnection connection = new LeanEchoConnection(0, settings, payloads, new LeanFrames(payloads, false),
                stats, new AtomicBoolean(), new CountDownLatch(1));
        MemoryTransport transport = new MemoryTransport();
        transport.connect(connection);
        Matcher key = Pattern.compile("Sec-WebSocket-Key: (\\S+)").matcher(transport.writtenText());
        assertThat(key.find()).isTrue();
        transport.clear();
        transport.receive("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WebSocketKey.accept(key.group(1)) + "\r\n\r\n");
        assertThat(connection.opened()).isCompleted();
        assertThat(transport.written()).hasSize(2 * (2 + 4 + 40));         // two masked frames in flight

        FrameWriter server = new FrameWriter(Role.SERVER, new MaskGenerator());
        ByteArrayOutputStream echoes = new ByteArrayOutputStream();
        // message 0 (slot 0) comes back fragmented in two frames, byte for byte
        byte[] first = payloads.bytes(0);
        write(echoes, server.frame(Opcode.BINARY, false, 0, ByteBuffer.wrap(first, 0, 15)));
        write(echoes, server.frame(Opcode.CONTINUATION, true, 0, ByteBuffer.wrap(first, 15, 25)));
        // message 1 (slot 1) comes back with one byte changed
        byte[] second = payloads.bytes(1).clone();
        second[39] ^= 0x20;
        write(echoes, server.frame(Opcode.BINARY, true, 0, ByteBuffer.wrap(second)));
        transport.receiveInChunks(echoes.toByteArray(), 7);

        LoadStats.Counts counts = stats.counts();
        assertThat(counts.operations()).isEqualTo(1);
        assertThat(counts.bytes()).isEqualTo(40);
        assertThat(counts.errors()).isEqualTo(1);
        assertThat(stats.firstError()).contains("message 1 differs");
    }

    private static void write(ByteArrayOutputStream out, ByteBuffer frame) {
        byte[] b = new byte[frame.remaining()];
        frame.get(b);
        out.writeBytes(b);
    }
}
