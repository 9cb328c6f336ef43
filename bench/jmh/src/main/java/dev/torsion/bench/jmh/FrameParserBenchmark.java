package dev.torsion.bench.jmh;

import dev.torsion.websocket.Role;
import dev.torsion.websocket.frame.FrameParser;
import dev.torsion.websocket.frame.FrameSink;
import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * {@link FrameParser} as a server uses it: a read buffer holding 16 masked client frames of {@code size}
 * payload bytes each, parsed into a sink that only looks at the headers and payload lengths (the payload is
 * handed over in place, so this measures header work and the parser's bookkeeping, per frame).
 *
 * <p><b>Threading / lifecycle.</b> JMH state per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameParserBenchmark {

    static final int FRAMES = 16;

    @Param({"32", "1024", "16384"})
    int size;

    private ByteBuffer input;
    private FrameParser parser;
    private Sink sink;

    /** Counts what the parser reports. */
    static final class Sink implements FrameSink {
        Blackhole blackhole;

        @Override
        public void onFrameHeader(boolean fin, int rsv, int opcode, long length, boolean masked, int maskKey) {
            blackhole.consume(length);
        }

        @Override
        public void onFramePayload(ByteBuffer buffer, int index, int length, long frameOffset) {
            blackhole.consume(length);
        }

        @Override
        public void onFrameEnd() {
        }
    }

    @Setup
    public void setup(Blackhole blackhole) {
        FrameWriter client = new FrameWriter(Role.CLIENT, new MaskGenerator(42));
        ByteBuffer all = ByteBuffer.allocateDirect(FRAMES * (size + 14));
        for (int i = 0; i < FRAMES; i++) {
            all.put(client.frame(Opcode.BINARY, true, 0, ByteBuffer.wrap(new byte[size])));
        }
        input = all.flip();
        parser = new FrameParser(Role.SERVER, 16 << 20);
        sink = new Sink();
        sink.blackhole = blackhole;
    }

    /** Parses 16 frames (divide by 16 for one frame). */
    @Benchmark
    public void parse16Frames() {
        input.rewind();
        parser.parse(input, sink);
    }
}
