package dev.torsion.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code torsion} command: a WebSocket echo server by default, and the tools around the library.
 *
 * <p>Every command behaves the same way on errors: a bad option, or a situation the user must fix (a port in
 * use, a file that exists), is one line on standard error, {@code torsion COMMAND: what is wrong}, and exit
 * status 2; only a bug prints a stack trace. {@code --version} works on every command.
 *
 * <p><b>Threading / lifecycle.</b> A process entry point: parses the arguments, runs one subcommand and exits
 * with its status.
 */
@Command(name = "torsion", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Torsion: event-driven networking for Java, WebSocket first.",
        subcommands = {EchoCommand.class, ChatCommand.class, ConnectCommand.class, CertCommand.class,
                WebCommand.class, TcpEchoCommand.class, dev.torsion.cli.bench.BenchCommand.class,
                dev.torsion.cli.bench.BenchHttpServerCommand.class,
                dev.torsion.cli.bench.BenchFanoutServerCommand.class,
                dev.torsion.cli.conformance.ConformanceClientCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(withDefaultCommand(args)));
    }

    /**
     * {@code echo} is the default command: {@code torsion} and {@code torsion --port 9000} run the echo
     * server; {@code torsion --help} and {@code --version} still describe the whole command.
     */
    static String[] withDefaultCommand(String[] args) {
        if (args.length == 0 || args[0].startsWith("-") && !java.util.Set.of("-h", "--help", "-V", "--version")
                .contains(args[0])) {
            String[] withEcho = new String[args.length + 1];
            withEcho[0] = "echo";
            System.arraycopy(args, 0, withEcho, 1, args.length);
            return withEcho;
        }
        return args;
    }

    /** The command line with every subcommand, for tests and embedding. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(Main::badOptions);
        cl.setExecutionExceptionHandler(Main::failed);
        Version version = new Version();
        cl.getCommandSpec().versionProvider(version);
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(version);
            sub.getCommandSpec().exitCodeOnInvalidInput(CliError.USAGE);
        }
        return cl;
    }

    /** A bad command line: one line naming the command and the problem, status 2. */
    private static int badOptions(CommandLine.ParameterException e, String[] args) {
        return report(e.getCommandLine(), e.getMessage(), CliError.USAGE);
    }

    /** A command failed: one line for what it expected ({@link CliError}), a stack trace for a bug. */
    private static int failed(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof CommandLine.ParameterException) {
            return report(cl, e.getMessage(), CliError.USAGE);
        }
        if (e instanceof CliError) {
            return report(cl, e.getMessage(), ((CliError) e).exitCode());
        }
        cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": unexpected failure (a bug; please report it):");
        e.printStackTrace(cl.getErr());
        cl.getErr().flush();
        return CliError.FAILED;
    }

    private static int report(CommandLine cl, String message, int exitCode) {
        cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + message);
        cl.getErr().flush();
        return exitCode;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
