package dev.torsion.cli.bench;

import dev.torsion.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line of {@code torsion bench}: options, defaults and refusals (nothing is run). */
class BenchCommandTest {

    private static BenchSettings parse(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void defaults() {
        BenchSettings s = parse("ws://127.0.0.1:8080/");
        assertThat(s.mode()).isEqualTo(BenchMode.echo);
        assertThat(s.connections()).isEqualTo(100);
        assertThat(s.size()).isEqualTo(32);
        assertThat(s.depth()).isEqualTo(1);
        assertThat(s.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.warmup()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.text()).isFalse();
        assertThat(s.client()).isEqualTo(EchoClient.lean);
        assertThat(s.sources()).isZero(); // only idle mode binds source addresses
        assertThat(s.port()).isEqualTo(8080);
    }

    @Test
    void everyOption() {
        BenchSettings s = parse("-c", "7", "-s", "16k", "--depth", "4", "-d", "500ms", "--warmup", "0",
                "--text", "--mode", "idle", "--sources", "3", "-t", "2", "--client", "session",
                "--server-pid", "42", "ws://localhost/chat");
        assertThat(s.connections()).isEqualTo(7);
        assertThat(s.size()).isEqualTo(16384);
        assertThat(s.depth()).isEqualTo(4);
        assertThat(s.duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.warmup()).isEqualTo(Duration.ZERO);
        assertThat(s.text()).isTrue();
        assertThat(s.mode()).isEqualTo(BenchMode.idle);
        assertThat(s.sources()).isEqualTo(3);
        assertThat(s.threads()).isEqualTo(2);
        assertThat(s.client()).isEqualTo(EchoClient.session);
        assertThat(s.serverPid()).isEqualTo(42);
        assertThat(s.port()).isEqualTo(80);
    }

    @Test
    void refusesBadSettings() {
        assertThatThrownBy(() -> parse("--depth", "0", "ws://127.0.0.1:1/"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--depth");
        assertThatThrownBy(() -> parse("wss://127.0.0.1:1/"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("ws://");
        assertThatThrownBy(() -> parse("--text", "--binary", "ws://127.0.0.1:1/"))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> parse("-s", "lots", "ws://127.0.0.1:1/"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("not a size");
    }

    @Test
    void isASubcommandOfTorsion() {
        assertThat(Main.commandLine().getSubcommands()).containsKeys("bench", "bench-http-server");
        assertThat(Main.commandLine().getSubcommands().get("bench-http-server").getCommandSpec().usageMessage().hidden())
                .isTrue();
    }

    @Test
    void units() {
        assertThat(BenchUnits.parseSize("32")).isEqualTo(32);
        assertThat(BenchUnits.parseSize("16KiB")).isEqualTo(16384);
        assertThat(BenchUnits.parseSize("1m")).isEqualTo(1 << 20);
        assertThat(BenchUnits.parseSize("2MB")).isEqualTo(2 << 20);
        assertThat(BenchUnits.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(BenchUnits.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(BenchUnits.parseDuration("3")).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> BenchUnits.parseDuration("soon")).isInstanceOf(IllegalArgumentException.class);
    }
}
