package dev.torsion.bench.jmh;

import dev.torsion.websocket.text.Utf8Validator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@link Utf8Validator#validate}: {@code size} bytes of ASCII (the fast path, 8 bytes at a time) and of
 * mixed text (Latin, Greek, CJK and emoji: the DFA byte by byte).
 *
 * <p><b>Threading / lifecycle.</b> JMH state per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Utf8ValidatorBenchmark {

    @Param({"32", "1024", "16384"})
    int size;

    private byte[] ascii;
    private byte[] mixed;

    @Setup
    public void setup() {
        ascii = fill("The quick brown fox jumps over the lazy dog. ", size);
        mixed = fill("héllo κόσμε 世界 🌍 ", size);
    }

    private static byte[] fill(String unit, int size) {
        StringBuilder s = new StringBuilder();
        while (s.toString().getBytes(StandardCharsets.UTF_8).length < size) {
            s.append(unit);
        }
        byte[] all = s.toString().getBytes(StandardCharsets.UTF_8);
        int end = size;
        while (end > 0 && (all[end] & 0xC0) == 0x80) {
            end--; // do not cut a character
        }
        return java.util.Arrays.copyOf(all, end);
    }

    @Benchmark
    public int ascii() {
        return Utf8Validator.validate(Utf8Validator.ACCEPT, ascii, 0, ascii.length);
    }

    @Benchmark
    public int mixed() {
        return Utf8Validator.validate(Utf8Validator.ACCEPT, mixed, 0, mixed.length);
    }
}
