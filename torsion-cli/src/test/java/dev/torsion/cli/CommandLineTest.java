package dev.torsion.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's shape: echo is the default, options reach the right command, bad input is explained. */
class CommandLineTest {

    @Test
    void echoIsTheDefaultCommand() {
        assertThat(Main.withDefaultCommand(new String[0])).containsExactly("echo");
        assertThat(Main.withDefaultCommand(new String[] {"--port", "9000"})).containsExactly("echo", "--port", "9000");
        assertThat(Main.withDefaultCommand(new String[] {"--help"})).containsExactly("--help");
        assertThat(Main.withDefaultCommand(new String[] {"web", "--path", "."})).containsExactly("web", "--path", ".");
    }

    @Test
    void echoOptionsParse() {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult r = cl.parseArgs("echo", "--host", "0.0.0.0", "--port", "0", "--path", "/ws",
                "--shutdown-timeout", "500ms");
        EchoCommand echo = (EchoCommand) r.subcommand().commandSpec().userObject();
        assertThat(echo.host).isEqualTo("0.0.0.0");
        assertThat(echo.port).isZero();
        assertThat(echo.path).isEqualTo("/ws");
        assertThat(echo.shutdownTimeout).hasMillis(500);
    }

    @Test
    void aBadDurationIsExplained() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine().setErr(new PrintWriter(err));
        int code = cl.execute("echo", "--shutdown-timeout", "soon");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("not a duration: 'soon'");
    }

    @Test
    void versionIsTheBuildsVersion() {
        StringWriter out = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).execute("--version");
        assertThat(code).isZero();
        String expected = System.getProperty("torsion.build.version");
        assertThat(expected).as("surefire passes the pom's version").isNotBlank();
        assertThat(out.toString().strip()).isEqualTo("torsion " + expected);
    }

    @Test
    void webHelpStatesTheSafeDefaultsAndTheirSwitches() {
        String help = Main.commandLine().getSubcommands().get("web").getUsageMessage();
        assertThat(help).contains("dotfiles and dot-folders (.git/, .env) are not served")
                .contains("--dotfiles").contains("--listing").contains("is not listed");
        CommandLine.ParseResult r = Main.commandLine().parseArgs("web", "--path", ".", "--dotfiles", "--listing");
        WebCommand web = (WebCommand) r.subcommand().commandSpec().userObject();
        assertThat(web.dotfiles).isTrue();
        assertThat(web.listing).isTrue();
        WebCommand plain = (WebCommand) Main.commandLine().parseArgs("web", "--path", ".").subcommand()
                .commandSpec().userObject();
        assertThat(plain.dotfiles).isFalse();
        assertThat(plain.listing).isFalse();
    }

    @Test
    void webNeedsAFolder() {
        int code = Main.commandLine().execute("web", "--path", "/definitely/not/here");
        assertThat(code).isEqualTo(2);
    }
}
