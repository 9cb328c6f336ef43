package dev.torsion.cli;

/**
 * A failure a command reports as one line on standard error ({@code torsion echo: cannot listen on ...}),
 * with the exit status to end with: {@link #USAGE} (2) for what the user fixes in the command line or its
 * surroundings (a bad option, a port in use, a file that exists), {@link #FAILED} (1) when the work itself
 * failed. {@link Main} prints it; no stack trace, since it describes the situation, not a bug.
 *
 * <p>Immutable once thrown.
 */
public final class CliError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit status for a usage problem. */
    public static final int USAGE = 2;
    /** Exit status for work that failed. */
    public static final int FAILED = 1;

    private final int exitCode;

    /** A failure with {@code exitCode} and a one-line {@code message} (without the command's name). */
    public CliError(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** The exit status. */
    public int exitCode() {
        return exitCode;
    }
}
