package dev.torsion.bench.jmh;

import dev.torsion.websocket.frame.Masking;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * {@link Masking#mask}: (un)masking {@code size} bytes in place, eight at a time.
 *
 * <p><b>Threading / lifecycle.</b> JMH state per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MaskingBenchmark {

    @Param({"32", "1024", "16384", "1048576"})
    int size;

    private byte[] bytes;
    private java.nio.ByteBuffer direct;

    @Setup
    public void setup() {
        bytes = new byte[size];
        direct = java.nio.ByteBuffer.allocateDirect(size);
    }

    /** In place in a direct buffer, as a frame is unmasked where it lies in the event loop's read buffer. */
    @Benchmark
    public java.nio.ByteBuffer maskDirect() {
        Masking.mask(direct, 0, size, 0x12345678, 0);
        return direct;
    }

    @Benchmark
    public byte[] mask() {
        Masking.mask(bytes, 0, bytes.length, 0x12345678, 0);
        return bytes;
    }

    /** An odd start and phase: the unaligned case. */
    @Benchmark
    public byte[] maskUnaligned() {
        Masking.mask(bytes, 1, bytes.length - 1, 0x12345678, 3);
        return bytes;
    }
}
