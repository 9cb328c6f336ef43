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
        subcommands = {TcpEchoCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
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
