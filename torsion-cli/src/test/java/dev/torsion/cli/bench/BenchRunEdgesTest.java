package dev.torsion.cli.bench;

import dev.torsion.cli.Main;
import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.server.WebSocketResource;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The edges of a run, as wrk has them: a run against nothing (no server, a web page) fails at once with the
 * reason instead of counting errors for its whole duration, and an interrupted run (Ctrl-C, SIGTERM) prints
 * what it measured until then.
 */
class BenchRunEdgesTest {

    private static StringWriter err;

    private static int bench(String... args) {
        err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.commandLine().setErr(new PrintWriter(err)).execute(all);
    }

    @Test
    void aRunAgainstNothingFailsAtOnceWithTheReason() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "ws://127.0.0.1:" + closed + "/";
        // a minute of warm-up and a minute of window: failing fast is all that ends this in time
        int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> bench("-d", "60s", "--warmup", "60s", "-q", url));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("torsion bench: cannot connect to " + url)
                .contains("Connection refused").contains("nothing was measured");
    }

    @Test
    void aRunAgainstAWebPageSaysItIsAPage() throws Exception {
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            ListeningPort port = reactor.listenTcp("127.0.0.1", 0, new Site(new Resource() {
                @Override
                protected void renderGet(Request request) {
                    request.finish("<html></html>".getBytes(StandardCharsets.UTF_8));
                }
            }));
            int code = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> bench("-d", "60s", "-q", "ws://127.0.0.1:" + port.port() + "/"));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("is a web page (HTTP), not a WebSocket endpoint");
        }
    }

    @Test
    void anInterruptedRunPrintsWhatItMeasured(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            java.util.concurrent.atomic.AtomicLong echoed = new java.util.concurrent.atomic.AtomicLong();
            ListeningPort port = reactor.listenTcp("127.0.0.1", 0,
                    new Site(WebSocketResource.builder(dev.torsion.websocket.WebSocketHandler.onBinary((s, data) -> {
                        echoed.incrementAndGet();
                        s.sendBinary(data);
                    })).build()));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path out = dir.resolve("out.txt");
            Path errors = dir.resolve("err.txt");
            Process bench = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "bench", "-c", "2", "-t", "1", "-d", "120s", "--warmup", "0",
                    "ws://127.0.0.1:" + port.port() + "/"))
                    .redirectOutput(out.toFile()).redirectError(errors.toFile()).start();
            try {
                // the probe is one connection, opened and closed; two at once are the run's own
                await().atMost(30, TimeUnit.SECONDS).until(() -> reactor.connectionCount() == 2);
                // and the measured window has begun (it begins once both are open): messages are flowing
                long flowing = echoed.get();
                await().atMost(30, TimeUnit.SECONDS).until(() -> echoed.get() > flowing + 1000);
                bench.destroy(); // SIGTERM, which runs the shutdown hooks as Ctrl-C does
                assertThat(bench.waitFor(20, TimeUnit.SECONDS)).as("the interrupted run ends promptly").isTrue();
            } finally {
                bench.destroyForcibly();
            }
            assertThat(Files.readString(errors)).contains("torsion bench: interrupted; what was measured until now:");
            assertThat(Files.readString(out)).contains("messages/s").contains("latency");
        }
    }
}
