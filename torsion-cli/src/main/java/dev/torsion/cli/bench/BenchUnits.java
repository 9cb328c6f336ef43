package dev.torsion.cli.bench;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads the load generator's quantities from the command line: sizes such as {@code 32}, {@code 16k},
 * {@code 16KiB}, {@code 1m}, {@code 1MiB} (binary multiples: k = 1024) and durations such as {@code 500ms},
 * {@code 10s}, {@code 2m} or a bare number of seconds.
 *
 * <p><b>Threading / lifecycle.</b> Stateless; the nested converters are what picocli instantiates.
 */
public final class BenchUnits {

    private BenchUnits() {
    }

    /** The number of bytes {@code text} names; throws {@link IllegalArgumentException} if it names none. */
    public static int parseSize(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("ib")) {
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("b")) {
            v = v.substring(0, v.length() - 1);
        }
        long multiplier = 1;
        if (v.endsWith("k")) {
            multiplier = 1024;
        } else if (v.endsWith("m")) {
            multiplier = 1024 * 1024;
        }
        if (multiplier != 1) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            long bytes = Long.parseLong(v.trim()) * multiplier;
            if (bytes < 0 || bytes > Integer.MAX_VALUE - 64) {
                throw new IllegalArgumentException("size out of range: " + text);
            }
            return (int) bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 32, 16k, 1MiB)");
        }
    }

    /** The duration {@code text} names; throws {@link IllegalArgumentException} if it names none. */
    public static Duration parseDuration(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 10s, 2m)");
        }
    }

    /** picocli converter for sizes. */
    public static final class SizeConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return parseSize(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** picocli converter for durations. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
