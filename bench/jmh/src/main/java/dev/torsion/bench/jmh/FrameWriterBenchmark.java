package dev.torsion.bench.jmh;

import dev.torsion.websocket.Role;
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

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * {@link FrameWriter#frame}: one frame of {@code size} payload bytes encoded into a new buffer, as a server
 * (header + copy) and as a client (header + copy + masking).
 *
 * <p><b>Threading / lifecycle.</b> JMH state per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameWriterBenchmark {

    @Param({"32", "1024", "16384"})
    int size;

    private ByteBuffer payload;
    private final FrameWriter server = new FrameWriter(Role.SERVER, null);
    private final FrameWriter client = new FrameWriter(Role.CLIENT, new MaskGenerator(7));

    @Setup
    public void setup() {
        payload = ByteBuffer.wrap(new byte[size]);
    }

    @Benchmark
    public ByteBuffer serverFrame() {
        payload.rewind();
        return server.frame(Opcode.BINARY, true, 0, payload);
    }

    @Benchmark
    public ByteBuffer clientFrame() {
        payload.rewind();
        return client.frame(Opcode.BINARY, true, 0, payload);
    }
}
