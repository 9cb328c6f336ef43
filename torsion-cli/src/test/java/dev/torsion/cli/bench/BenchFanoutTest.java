package dev.torsion.cli.bench;

import dev.torsion.cli.Main;
import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Site;
import dev.torsion.websocket.frame.Masking;
import dev.torsion.websocket.server.WebSocketResource;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fan-out mode of {@code torsion bench}: its options, its messages, its result, and one tiny real run. */
class BenchFanoutTest {

    private static FanoutSettings parse(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.fanoutSettings();
    }

    @Test
    void options() {
        FanoutSettings s = parse("--mode", "fanout", "-c", "10000", "--publishers", "4", "--rate", "500",
                "-s", "64", "-d", "3s", "ws://127.0.0.1:8080/");
        assertThat(s.subscribers()).isEqualTo(10_000);
        assertThat(s.publishers()).isEqualTo(4);
        assertThat(s.rate()).isEqualTo(500.0);
        assertThat(s.fixedRate()).isTrue();
        assertThat(s.common().size()).isEqualTo(64);
        assertThat(s.common().text()).isTrue(); // fan-out sends text
        FanoutSettings defaults = parse("--mode", "fanout", "ws://127.0.0.1:8080/");
        assertThat(defaults.publishers()).isEqualTo(1);
        assertThat(defaults.fixedRate()).isFalse();
        assertThat(defaults.common().size()).isEqualTo(32);
    }

    @Test
    void refusesBadOptions() {
        assertThatThrownBy(() -> parse("--mode", "fanout", "-s", "27", "ws://127.0.0.1:1/"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--size must be at least 28");
        assertThatThrownBy(() -> parse("--mode", "fanout", "--publishers", "0", "ws://127.0.0.1:1/"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--publishers");
        assertThatThrownBy(() -> parse("--mode", "fanout", "--rate", "-1", "ws://127.0.0.1:1/"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--rate");
        assertThatThrownBy(() -> parse("--mode", "fanout", "-c", "25000", "ws://127.0.0.1:1/"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("at most 25000");
        assertThatThrownBy(() -> parse("--mode", "fanout", "--binary", "ws://127.0.0.1:1/"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("text");
        assertThatThrownBy(() -> parse("--publishers", "2", "ws://127.0.0.1:1/"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--mode fanout");
    }

    @Test
    void theServerIsAHiddenSubcommand() {
        CommandLine server = Main.commandLine().getSubcommands().get("bench-fanout-server");
        assertThat(server).isNotNull();
        assertThat(server.getCommandSpec().usageMessage().hidden()).isTrue();
    }

    @Test
    void aMessageCarriesItsHeaderThroughMaskingAndPieces() {
        ByteBuffer frame = FanoutMessage.frame(40, 0x12a, 0x2a, 0x3b9aca00L, 0x01020304);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        assertThat(bytes[0]).isEqualTo((byte) 0x81); // FIN, text
        assertThat(bytes[1]).isEqualTo((byte) (0x80 | 40)); // masked, 40 bytes
        Masking.mask(bytes, 6, 40, 0x01020304, 0); // unmask
        String payload = new String(bytes, 6, 40, StandardCharsets.US_ASCII);
        assertThat(payload).startsWith("F12a00000000002a00003b9aca00").hasSize(40);

        FanoutMessage.Header header = new FanoutMessage.Header();
        header.reset();
        ByteBuffer in = ByteBuffer.wrap(bytes, 6, 40);
        for (int i = 6; i < 46; i += 5) { // in pieces of 5 bytes
            header.take(in, i, Math.min(5, 46 - i));
        }
        assertThat(header.parse()).isTrue();
        assertThat(header.publisher).isEqualTo(0x12a);
        assertThat(header.sequence).isEqualTo(0x2a);
        assertThat(header.nanos).isEqualTo(0x3b9aca00L);

        header.reset();
        header.take(ByteBuffer.wrap("G12a00000000002a00003b9aca00".getBytes(StandardCharsets.US_ASCII)), 0, 28);
        assertThat(header.parse()).as("wrong magic").isFalse();
        header.reset();
        header.take(ByteBuffer.wrap("F12a0000000000".getBytes(StandardCharsets.US_ASCII)), 0, 14);
        assertThat(header.parse()).as("incomplete").isFalse();
    }

    @Test
    void jsonHasEveryFigure() {
        BenchSettings common = new BenchSettings(URI.create("ws://127.0.0.1:9/"), BenchMode.fanout, 1000, 64, 1,
                Duration.ofSeconds(2), Duration.ZERO, true, 1, 0, 0, null, EchoClient.lean, false, 0);
        Histogram h = new Histogram(3);
        h.recordValue(250_000);
        FanoutResult r = new FanoutResult(new FanoutSettings(common, 2, 0), 2.0,
                new LoadStats.Counts(400_000, 400_000 * 64L, 0), 400, 3, 1, Latency.of(h), 1.5, 2.0, "a \"bad\" one");
        assertThat(r.deliveriesPerSecond()).isEqualTo(200_000.0);
        assertThat(r.clean()).isFalse();
        assertThat(r.toJson()).startsWith("{\"mode\":\"fanout\",\"url\":\"ws://127.0.0.1:9/\",\"subscribers\":1000,"
                        + "\"publishers\":2,\"size\":64,\"rate_limit\":0,")
                .contains("\"deliveries\":400000", "\"deliveries_per_s\":200000,", "\"published\":400",
                        "\"published_per_s\":200,", "\"mb_per_s\":12.800", "\"missed\":3", "\"errors\":1",
                        "\"p99\":250", "\"client_cpu_s\":1.500", "\"server_cpu_s\":2",
                        "\"first_error\":\"a \\\"bad\\\" one\"")
                .endsWith("}");
        assertThat(r.toText()).contains("deliveries/s 200,000", "missed       3", "closed loop");
    }

    @ParameterizedTest(name = "per subscriber: {0}")
    @ValueSource(booleans = {false, true})
    void aTinyRunDeliversEveryMessageToEverySubscriber(boolean perSubscriber) throws Exception {
        Reactor server = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        try {
            ListeningPort port = server.listenTcp("127.0.0.1", 0,
                    new Site(WebSocketResource.builder(new FanoutHandler(perSubscriber)).build()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BenchCommand command = new BenchCommand(new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream()));
            int status = new CommandLine(command).execute("--mode", "fanout", "-c", "20", "--publishers", "2",
                    "-d", "300ms", "--warmup", "0", "-t", "1", "--json", "-q", "ws://127.0.0.1:" + port.port() + "/");
            String json = out.toString(StandardCharsets.UTF_8);
            assertThat(status).as(json).isZero();
            assertThat(json).contains("\"subscribers\":20", "\"missed\":0", "\"errors\":0");
            long deliveries = Long.parseLong(json.replaceAll(".*\"deliveries\":(\\d+).*\\s*", "$1"));
            long published = Long.parseLong(json.replaceAll(".*\"published\":(\\d+).*\\s*", "$1"));
            assertThat(published).isPositive();
            // deliveries in the window: about 20 per message published in it (some on their way at the edges)
            assertThat(deliveries).isBetween(20 * published - 20 * 40, 20 * published + 20 * 40);
        } finally {
            server.close();
        }
    }
}
