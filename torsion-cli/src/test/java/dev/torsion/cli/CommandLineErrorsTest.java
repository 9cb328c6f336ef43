package dev.torsion.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One behaviour for every command: a bad option or a port in use is one line on standard error, naming the
 * command and what is wrong (never a stack trace or an internal method name), and exit status 2; {@code
 * --version} works on every command.
 */
class CommandLineErrorsTest {

    /** Every command that listens, with the arguments it needs besides --port. */
    private static final List<List<String>> SERVERS = List.of(List.of("echo"), List.of("chat"),
            List.of("web", "--path", "."), List.of("tcp-echo"), List.of("bench-http-server"),
            List.of("bench-fanout-server"));

    record Result(int code, String err) {
    }

    static Result run(List<String> args) {
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err)).execute(args.toArray(String[]::new));
        return new Result(code, err.toString());
    }

    private static void assertOneLine(Result r, String command, String... fragments) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("torsion " + command + ": ").contains(fragments)
                .doesNotContain("Exception").doesNotContain("listenTcp").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999", "-5", "65536", "eighty"})
    void aBadPortIsOneLineAndStatus2OnEveryServerCommand(String port) {
        for (List<String> server : SERVERS) {
            List<String> args = new ArrayList<>(server);
            args.addAll(List.of("--port", port));
            assertOneLine(run(args), server.get(0), "--port", "'" + port + "' is not a port");
        }
    }

    @Test
    void zeroLoopsOrThreadsIsOneLineAndStatus2() {
        for (List<String> args : List.of(List.of("echo", "--loops", "0"), List.of("chat", "--loops", "-1"),
                List.of("bench-http-server", "--port", "0", "--loops", "0"),
                List.of("bench-fanout-server", "--port", "0", "--loops", "0"))) {
            assertOneLine(run(args), args.get(0), "--loops", "is not a count (1 or more)");
        }
        assertOneLine(run(List.of("bench", "--threads", "0", "ws://127.0.0.1:1/")), "bench", "--threads");
        assertOneLine(run(List.of("bench", "-c", "0", "ws://127.0.0.1:1/")), "bench", "connections");
    }

    @Test
    void aPortInUseIsOneLineAndStatus2OnEveryServerCommand() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            for (List<String> server : SERVERS) {
                List<String> args = new ArrayList<>(server);
                args.addAll(List.of("--port", String.valueOf(port)));
                assertOneLine(run(args), server.get(0), "cannot listen on 127.0.0.1:" + port + ": the port is in use");
            }
        }
    }

    @Test
    void anIpv6AddressIsWrittenInBrackets() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("::1", 0));
            int port = taken.getLocalPort();
            assertOneLine(run(List.of("echo", "--host", "::1", "--port", String.valueOf(port))), "echo",
                    "cannot listen on [::1]:" + port + ": the port is in use");
        }
    }

    @Test
    void anAddressOfAnotherMachineOrAnUnknownHostIsSaidSo() {
        assertOneLine(run(List.of("tcp-echo", "--host", "192.0.2.1", "--port", "0")), "tcp-echo",
                "cannot listen on 192.0.2.1:0: that is not an address of this machine");
        assertOneLine(run(List.of("web", "--path", ".", "--host", "no-such-host.invalid", "--port", "0")), "web",
                "unknown host");
    }

    @Test
    void everyCommandPrintsTheVersion() {
        String expected = "torsion " + System.getProperty("torsion.build.version");
        List<String> names = new ArrayList<>(Main.commandLine().getSubcommands().keySet());
        assertThat(names).contains("echo", "chat", "connect", "cert", "web", "tcp-echo", "bench");
        for (String name : names) {
            StringWriter out = new StringWriter();
            int code = Main.commandLine().setOut(new PrintWriter(out)).execute(name, "--version");
            assertThat(code).as(name).isZero();
            assertThat(out.toString().strip()).as(name + " --version").isEqualTo(expected);
        }
    }

    @Test
    void anUnknownOptionIsOneLine() {
        assertOneLine(run(List.of("echo", "--no-such-option")), "echo", "--no-such-option");
        assertOneLine(run(List.of("web")), "web", "--path");
    }
}
