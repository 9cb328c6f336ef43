package dev.torsion.web.http2;


import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a specified answer, never a crash: thousands of random frame sequences (random types,
 * flags, streams, lengths and payloads, some with valid header blocks) sent to a server connection whose
 * streams answer at once. Whatever comes, the connection throws nothing, and it either goes on or ends with
 * GOAWAY carrying an error code (or closes after the peer's own GOAWAY).
 */
class Http2RandomFramesTest {

    private static byte[] randomFrame(Random r) {
        int type = r.nextInt(11);
        int flags = r.nextInt(256);
        int stream = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(12);
        byte[] payload;
        if (type == FrameType.HEADERS && r.nextBoolean()) {
            payload = Wire.get("/r" + r.nextInt(3));
            flags = (flags & ~FrameType.FLAG_PADDED & ~FrameType.FLAG_PRIORITY) | (r.nextBoolean() ? FrameType.FLAG_END_HEADERS : 0);
        } else {
            payload = new byte[r.nextInt(4) == 0 ? r.nextInt(20_000) : r.nextInt(12)];
            r.nextBytes(payload);
        }
        return Wire.wire().frame(type, flags, stream, payload).bytes();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {42, 7, 2024})
    void random_frames_never_crash_the_connection(long seed) {
        Random r = new Random(seed);
        int endedWithGoAway = 0;
        for (int round = 0; round < 2000; round++) {
            ServerHarness h = new ServerHarness().answerWith(rec -> {
                rec.stream.sendHeaders(new Http2Headers().add(":status", "200"), false);
                rec.stream.write(ByteBuffer.wrap(new byte[r.nextInt(100)]));
                rec.stream.loseConnection();
            }).handshake();
            int frames = 1 + r.nextInt(8);
            boolean peerWentAway = false;
            for (int i = 0; i < frames && !h.transport.isDisconnecting(); i++) {
                byte[] f = randomFrame(r);
                // a well-formed GOAWAY from the peer: the server may close without one of its own
                peerWentAway |= f[3] == FrameType.GOAWAY && f[8] == 0 && f.length >= 17;
                int cut = r.nextInt(f.length + 1);
                h.send(java.util.Arrays.copyOfRange(f, 0, cut));
                h.send(java.util.Arrays.copyOfRange(f, cut, f.length));
                h.clock.runPending();
            }
            List<Wire.Frame> out = h.frames();
            if (h.transport.isDisconnecting() && !h.transport.isAborted() && !peerWentAway) {
                Wire.Frame last = out.stream().filter(f -> f.type() == FrameType.GOAWAY).reduce((a, b) -> b)
                        .orElseThrow(() -> new AssertionError("closed without GOAWAY: " + out));
                assertThat(last.errorCode()).isBetween(0, 0xd);
                endedWithGoAway++;
            }
        }
        assertThat(endedWithGoAway).as("most random sequences break a rule").isGreaterThan(500);
    }
}
