package dev.torsion.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.cli.Main;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.websocket.client.WebSocketClient;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The conformance client driver against a tiny fake of the suite's server protocol. */
class ConformanceClientTest {

    @Test
    void runsEveryCaseInTurnEchoesThemPrintsALinePerCaseAndUpdatesTheReports() throws Exception {
        try (FakeFuzzingServer suite = new FakeFuzzingServer();
             Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            ConformanceDriver driver = new ConformanceDriver(WebSocketClient.builder(reactor).build(),
                    URI.create(suite.url() + "/"), "torsion test", Duration.ofSeconds(1),
                    new PrintStream(printed, true, StandardCharsets.UTF_8));

            ConformanceDriver.Summary summary = driver.run(1, 0);

            List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines.get(0)).isEqualTo("the suite has 4 cases; running 1 to 4 as torsion test");
            assertThat(lines.get(1)).startsWith("case 1/4: OK (closed 1000 clean, ");
            assertThat(lines.get(2)).startsWith("case 2/4: OK (closed 1000 clean, ");
            assertThat(lines.get(3)).isEqualTo("case 3/4: TIMED OUT after 1000 ms");
            assertThat(lines.get(4)).startsWith("case 4/4: OK (closed 1000 clean, ");
            assertThat(lines.get(5)).startsWith("reports updated for torsion test; 4 cases: {OK=3}, 1 timed out");
            assertThat(suite.verdicts).containsEntry(1, "OK").containsEntry(2, "OK").containsEntry(4, "OK");
            assertThat(suite.agents).containsExactly("torsion test", "torsion test", "torsion test", "torsion test");
            assertThat(suite.reportsUpdated).containsExactly("torsion test");
            assertThat(suite.deflateOffered).containsValues(false).doesNotContainValue(true);
            assertThat(summary.cases()).isEqualTo(4);
            assertThat(summary.verdicts()).isEqualTo(Map.of("OK", 3));
            assertThat(summary.timedOut()).isEqualTo(1);
            assertThat(summary.allPassed()).isFalse();
        }
    }

    @Test
    void withDeflateEveryCaseOffersPermessageDeflateAndARangeRunsOnlyThoseCases() throws Exception {
        try (FakeFuzzingServer suite = new FakeFuzzingServer();
             Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
             PerMessageDeflateClient deflate = PerMessageDeflateClient.builder().build()) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            ConformanceDriver driver = new ConformanceDriver(WebSocketClient.builder(reactor).deflate(deflate).build(),
                    URI.create(suite.url()), "torsion", Duration.ofSeconds(30),
                    new PrintStream(printed, true, StandardCharsets.UTF_8));

            ConformanceDriver.Summary summary = driver.run(1, 2);

            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("case 1/4: OK", "case 2/4: OK")
                    .doesNotContain("case 3/4");
            assertThat(suite.deflateOffered).containsOnlyKeys(1, 2).doesNotContainValue(false);
            assertThat(summary.allPassed()).isTrue();
        }
    }

    @Test
    void theHiddenCommandRunsTheDriverAndExitsWithItsVerdict() throws Exception {
        try (FakeFuzzingServer suite = new FakeFuzzingServer()) {
            PrintStream stdout = System.out;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int status;
            try {
                System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
                status = Main.commandLine().execute("conformance-client", suite.url(), "--agent", "cli",
                        "--deflate", "--cases", "4");
            } finally {
                System.setOut(stdout);
            }
            assertThat(status).isZero();
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("case 4/4: OK", "reports updated for cli");
            assertThat(suite.reportsUpdated).containsExactly("cli");
            assertThat(suite.deflateOffered).containsEntry(4, true);
            assertThat(Main.commandLine().getUsageMessage()).doesNotContain("conformance-client");
        }
    }

    @Test
    void anUnreachableSuiteExitsWith2() {
        assertThat(Main.commandLine().execute("conformance-client", "ws://127.0.0.1:1", "--case-timeout", "2s"))
                .isEqualTo(2);
    }
}
