package dev.torsion.cli.conformance;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.websocket.OverflowPolicy;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.client.WebSocketClient;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code torsion conformance-client ws://127.0.0.1:9001 --agent torsion [--deflate]} (hidden): runs the
 * standard WebSocket conformance suite's client tests against Torsion's {@link WebSocketClient}, with the
 * suite running as a server ({@code wstest -m fuzzingserver}). See {@link ConformanceDriver} and
 * {@code docs/testing.md}.
 *
 * <p>Exit status: 0 when every case ran and none was judged FAILED; 1 otherwise; 2 when the suite could not be
 * reached; 64 for bad options.
 *
 * <p><b>Lifecycle.</b> One run, on a reactor of one loop that is closed before returning.
 */
@Command(name = "conformance-client", hidden = true, mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 64,
        description = {"Run the WebSocket conformance suite's client cases against Torsion's client: the suite "
                + "runs as a server; each case is echoed, one after another, then the reports are updated.", "",
                "  torsion conformance-client ws://127.0.0.1:9001 --agent torsion --deflate"})
public final class ConformanceClientCommand implements Callable<Integer> {

    /** Messages of the suite's largest cases (16 MiB) must fit, with room. */
    private static final long LIMIT = 64L << 20;

    @Parameters(index = "0", paramLabel = "URL", description = "The suite's server, e.g. ws://127.0.0.1:9001")
    URI server;

    @Option(names = "--agent", paramLabel = "NAME", defaultValue = "torsion",
            description = "The name the suite files the results under (default: ${DEFAULT-VALUE}).")
    String agent;

    @Option(names = "--deflate", description = "Offer permessage-deflate (the suite's 12.x and 13.x cases).")
    boolean deflate;

    @Option(names = "--case-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = dev.torsion.cli.DurationConverter.class,
            description = "The longest a case may take before it is closed and reported (default: ${DEFAULT-VALUE}).")
    Duration caseTimeout;

    @Option(names = "--cases", paramLabel = "FIRST[-LAST]",
            description = "Run only these cases (1-based, inclusive), e.g. 1-20.")
    String cases;

    @Override
    public Integer call() throws Exception {
        int first = 1;
        int last = 0;
        if (cases != null) {
            String[] range = cases.split("-", 2);
            first = Integer.parseInt(range[0].trim());
            last = range.length > 1 ? Integer.parseInt(range[1].trim()) : first;
        }
        WebSocketConfig config = WebSocketConfig.defaults()
                .withMaxFrameSize(LIMIT)
                .withMaxMessageSize(LIMIT)
                .withSendQueue(4 * LIMIT, OverflowPolicy.FAIL_SEND)
                .withPing(Duration.ZERO, Duration.ofSeconds(10)); // no pings of our own in the middle of a case
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
             PerMessageDeflateClient compression = deflate ? PerMessageDeflateClient.builder().build() : null) {
            WebSocketClient.Builder builder = WebSocketClient.builder(reactor).config(config);
            if (compression != null) {
                builder.deflate(compression);
            }
            ConformanceDriver driver = new ConformanceDriver(builder.build(), server, agent, caseTimeout, System.out);
            ConformanceDriver.Summary summary;
            try {
                summary = driver.run(first, last);
            } catch (Exception unreachable) {
                System.err.println("conformance-client: the suite at " + server + " did not answer: "
                        + unreachable.getMessage());
                return 2;
            }
            return summary.allPassed() ? 0 : 1;
        }
    }
}
