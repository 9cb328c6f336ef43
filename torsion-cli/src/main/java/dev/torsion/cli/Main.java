package dev.torsion.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code torsion} command: a WebSocket echo server by default, and the tools around the library.
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
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
