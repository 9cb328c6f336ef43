package dev.torsion.cli;

import picocli.CommandLine;

/**
 * Converters for the options every command shares, so each gets the same check and the same one-line
 * answer: {@link Port} (0 to 65535; 0 picks a free port) and {@link Count} (1 or more, for {@code --loops}
 * and the like).
 *
 * <p>Stateless; picocli instantiates the nested converters.
 */
public final class Options {

    private Options() {
    }

    /** A TCP port: 0 to 65535. */
    public static final class Port implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port = integer(value, "a port");
            if (port < 0 || port > 65535) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a port (0 to 65535)");
            }
            return port;
        }
    }

    /** A count of at least one. */
    public static final class Count implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = integer(value, "a count");
            if (n < 1) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a count (1 or more)");
            }
            return n;
        }
    }

    private static int integer(String value, String what) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not " + what);
        }
    }
}
