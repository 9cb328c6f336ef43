package dev.torsion.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.websocket.Role;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 7692 sections 7.1.2.1 and 7.1.2.2: a side that agreed to a window of 2^N bytes compresses so that its
 * peer can inflate with exactly that window. Checked two ways over many messages of every kind, with and
 * without context takeover: an independent decoder ({@link DeflateStreamReader}) that measures every
 * back-reference distance (N = 8 to 15), and zlib itself (Python's {@code zlib.decompressobj(-N)}, which
 * fails with "invalid distance too far back" past the window) for N = 8 to 15.
 */
class Rfc7692Section7_1_2WindowBitsTest {

    private final List<CodecResources> pools = new ArrayList<>();

    @AfterEach
    void close() {
        pools.forEach(CodecResources::close);
    }

    private PerMessageDeflate sender(int bits, boolean contextTakeover, int level) {
        DeflateAgreement agreement = new DeflateAgreement(!contextTakeover, !contextTakeover, bits, bits);
        CodecResources codecResources = new CodecResources(new DeflateSettings(level, 0, 2));
        pools.add(codecResources);
        return new PerMessageDeflateExtension(Role.SERVER, agreement, List.of(), codecResources)
                .newCodec(Long.MAX_VALUE);
    }

    private static List<byte[]> compressAll(PerMessageDeflate sender, List<byte[]> messages) {
        List<byte[]> payloads = new ArrayList<>();
        for (byte[] message : messages) {
            ByteBuffer payload = sender.compress(ByteBuffer.wrap(message));
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            payloads.add(bytes);
        }
        return payloads;
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14, 15})
    void noBackReferenceReachesPastTheWindow(int bits) {
        for (boolean takeover : new boolean[] {true, false}) {
            for (int level : new int[] {1, 6, 9}) {
                List<byte[]> messages = SampleMessages.of(bits * 31L + level);
                PerMessageDeflate sender = sender(bits, takeover, level);
                List<byte[]> payloads = compressAll(sender, messages);
                DeflateStreamReader peer = new DeflateStreamReader();
                for (int i = 0; i < messages.size(); i++) {
                    if (!takeover) {
                        peer.forgetHistory();
                    }
                    assertThat(peer.message(payloads.get(i))).as("message %d, N=%d, takeover=%s, level=%d", i,
                            bits, takeover, level).isEqualTo(messages.get(i));
                }
                assertThat(peer.maxDistance()).as("longest distance, N=%d takeover=%s level=%d", bits, takeover,
                        level).isLessThanOrEqualTo(1 << bits);
                sender.release();
            }
        }
    }

    @Test
    void contextTakeoverReachesIntoThePreviousMessage() {
        byte[] message = "a message that is long enough to be found again in the window: 0123456789"
                .repeat(3).getBytes(StandardCharsets.US_ASCII);
        for (int bits = 9; bits <= 14; bits++) {
            PerMessageDeflate keeps = sender(bits, true, 6);
            PerMessageDeflate resets = sender(bits, false, 6);
            compressAll(keeps, List.of(message));
            int again = compressAll(keeps, List.of(message)).get(0).length;
            int fresh = compressAll(resets, List.of(message, message)).get(1).length;
            assertThat(again).as("N=%d", bits).isLessThan(fresh / 4);
            keeps.release();
            resets.release();
        }
    }

    @Test
    void zlibInflatesEveryWindowAtExactlyItsSize(@TempDir Path dir) throws Exception {
        List<String> expected = new ArrayList<>();
        List<Stream> streams = new ArrayList<>();
        for (int bits = 8; bits <= 15; bits++) {
            for (boolean takeover : new boolean[] {true, false}) {
                List<byte[]> messages = SampleMessages.of(bits * 17L + (takeover ? 1 : 0));
                PerMessageDeflate sender = sender(bits, takeover, 6);
                streams.add(new Stream(bits, takeover, compressAll(sender, messages)));
                sender.release();
                expected.add(bits + " " + takeover + " " + digest(messages));
            }
        }
        assertThat(zlib(dir, streams)).isEqualTo(expected);
    }

    @Test
    void theZlibCheckRefusesA15BitStreamAtASmallerWindow(@TempDir Path dir) throws Exception {
        List<byte[]> messages = SampleMessages.of(3);
        PerMessageDeflate sender = sender(15, true, 6);
        List<String> output = zlib(dir, List.of(new Stream(12, true, compressAll(sender, messages))));
        sender.release();
        assertThat(output).singleElement().asString().contains("invalid distance too far back");
    }

    /** One connection's compressed messages, as Python will inflate them: window, context takeover. */
    private record Stream(int bits, boolean takeover, List<byte[]> payloads) {
    }

    private static String digest(List<byte[]> messages) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] message : messages) {
            digest.update(ByteBuffer.allocate(4).putInt(message.length).array());
            digest.update(message);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Inflates every stream with Python's zlib at exactly its window: one line per stream, digest or error. */
    private static List<String> zlib(Path dir, List<Stream> streams) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            throw new AssertionError("/usr/bin/python3 is missing: install python3 (.ci/run does)");
        }
        Path file = dir.resolve("streams.bin");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            for (Stream stream : streams) {
                out.writeByte(stream.bits());
                out.writeByte(stream.takeover() ? 1 : 0);
                out.writeInt(stream.payloads().size());
                for (byte[] payload : stream.payloads()) {
                    out.writeInt(payload.length);
                    out.write(payload);
                }
            }
        }
        Path script = dir.resolve("inflate.py");
        // zlib checks a distance against its window plus what the current call has output: inflating in
        // steps of STEP bytes makes it refuse any distance past 2^N + STEP - 1 ("invalid distance too far back")
        Files.writeString(script, """
                import hashlib, struct, sys, zlib
                STEP = 16
                def inflate(inflater, payload):
                    parts = []
                    for i in range(0, len(payload), 64):
                        pending = payload[i:i + 64]
                        while True:
                            part = inflater.decompress(pending, STEP)
                            pending = inflater.unconsumed_tail
                            if part:
                                parts.append(part)
                            elif not pending:
                                break
                    return b"".join(parts)
                data = open(sys.argv[1], "rb").read()
                pos = 0
                while pos < len(data):
                    bits, takeover, count = struct.unpack_from(">BBI", data, pos); pos += 6
                    digest = hashlib.sha256()
                    inflater = zlib.decompressobj(-bits)
                    for i in range(count):
                        (n,) = struct.unpack_from(">I", data, pos); pos += 4
                        if not takeover:
                            inflater = zlib.decompressobj(-bits)
                        try:
                            message = inflate(inflater, data[pos:pos + n] + b"\\x00\\x00\\xff\\xff")
                        except zlib.error as e:
                            print(bits, bool(takeover), "message", i, "zlib error:", e); sys.exit(1)
                        pos += n
                        digest.update(struct.pack(">I", len(message)) + message)
                    print(bits, "true" if takeover else "false", digest.hexdigest())
                """);
        // output to a file read after the wait: reading the pipe first would leave the wait's timeout no chance
        Path out = Files.createTempFile("torsion-inflate-", ".out");
        Process process = new ProcessBuilder(python.toString(), script.toString(), file.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        assertThat(exited).as("python exited (it printed: %s)", output).isTrue();
        return output.lines().toList();
    }

    @Test
    void heapReadOnlyAndDirectMessagesCompressTheSameAndAreConsumed() {
        byte[] message = SampleMessages.of(4).get(0);
        ByteBuffer inMiddle = ByteBuffer.allocate(message.length + 20).position(7);
        inMiddle.put(message).flip().position(7);
        ByteBuffer[] inputs = {ByteBuffer.wrap(message), inMiddle.slice(), ByteBuffer.wrap(message).asReadOnlyBuffer(),
            ByteBuffer.allocateDirect(message.length).put(message).flip()};
        List<byte[]> payloads = new ArrayList<>();
        for (ByteBuffer input : inputs) {
            PerMessageDeflate sender = sender(9, false, 6);
            ByteBuffer payload = sender.compress(input);
            assertThat(input.hasRemaining()).isFalse();
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            payloads.add(bytes);
            sender.release();
        }
        assertThat(payloads).allSatisfy(p -> assertThat(p).isEqualTo(payloads.get(0)));
        DeflateStreamReader peer = new DeflateStreamReader();
        assertThat(peer.message(payloads.get(0))).isEqualTo(message);
    }

    @Test
    void withoutContextTakeoverEqualMessagesCompressEquallySoTheyCanBeShared() {
        PerMessageDeflate a = sender(10, false, 6);
        PerMessageDeflate b = sender(10, false, 6);
        byte[] message = SampleMessages.of(5).get(0);
        compressAll(a, SampleMessages.of(6));
        assertThat(compressAll(a, List.of(message)).get(0)).isEqualTo(compressAll(b, List.of(message)).get(0));
        assertThat(a.sharingProfile()).contains(new CompressionProfile(6, 10));
        a.release();
        b.release();
    }
}
