package dev.torsion.cli.conformance;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.client.WebSocketClient;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the standard WebSocket conformance suite's client tests (the suite runs as a server, its
 * "fuzzingserver" mode): asks {@code /getCaseCount}, then for each case connects to
 * {@code /runCase?case=N&agent=AGENT} and echoes everything the case sends until it closes, then asks
 * {@code /getCaseStatus?case=N&agent=AGENT} for the verdict, and finally calls
 * {@code /updateReports?agent=AGENT} so the suite writes its reports. Cases run one after another; a case
 * that has not closed within the per-case timeout is closed with 1001 and reported as timed out.
 *
 * <p>It prints one line per case, for example {@code case 42/517: OK (closed 1000 clean, 12 ms)}, and a summary
 * of the verdicts.
 *
 * <p><b>Threading.</b> {@link #run} blocks the calling thread; the connections run on the client's reactor.
 * <b>Lifecycle.</b> One run per instance.
 */
public final class ConformanceDriver {

    private static final Pattern BEHAVIOR = Pattern.compile("\"behavior\"\\s*:\\s*\"([^\"]*)\"");
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);

    private final WebSocketClient client;
    private final String base;
    private final String agent;
    private final Duration caseTimeout;
    private final PrintStream out;

    /**
     * A driver for the suite at {@code server} (for example {@code ws://127.0.0.1:9001}), reporting as
     * {@code agent}, giving each case at most {@code caseTimeout}, printing to {@code out}.
     */
    public ConformanceDriver(WebSocketClient client, URI server, String agent, Duration caseTimeout, PrintStream out) {
        String s = server.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.client = client;
        this.agent = agent;
        this.caseTimeout = caseTimeout;
        this.out = out;
    }

    /** What a run found. */
    public record Summary(int cases, Map<String, Integer> verdicts, int timedOut, int failedToRun) {

        /** True when every case ran to its end and none was judged FAILED. */
        public boolean allPassed() {
            return timedOut == 0 && failedToRun == 0 && !verdicts.containsKey("FAILED")
                    && !verdicts.containsKey("UNKNOWN");
        }
    }

    /**
     * Runs cases {@code first} to {@code last} (1-based, inclusive; {@code last} 0 for all), then updates the
     * reports.
     *
     * @throws Exception when the suite cannot be reached or does not answer its control requests
     */
    public Summary run(int first, int last) throws Exception {
        int count = Integer.parseInt(control("/getCaseCount").trim());
        int to = last <= 0 ? count : Math.min(last, count);
        out.println("the suite has " + count + " cases; running " + Math.max(first, 1) + " to " + to + " as " + agent);
        Map<String, Integer> verdicts = new TreeMap<>();
        int timedOut = 0;
        int failedToRun = 0;
        for (int n = Math.max(first, 1); n <= to; n++) {
            String line = "case " + n + "/" + count + ": ";
            long start = System.nanoTime();
            EchoBack echo = new EchoBack();
            WebSocketSession session;
            try {
                session = client.connect(URI.create(base + "/runCase?case=" + n + "&agent=" + encode(agent)), echo)
                        .get(caseTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                failedToRun++;
                out.println(line + "FAILED TO RUN (" + describe(e) + ")");
                continue;
            }
            String ending;
            try {
                EchoBack.Ending end = echo.closed.get(caseTimeout.toMillis(), TimeUnit.MILLISECONDS);
                ending = "closed " + end.code().code() + (end.clean() ? " clean" : " unclean");
            } catch (TimeoutException e) {
                session.close(CloseCode.GOING_AWAY, "");
                timedOut++;
                out.println(line + "TIMED OUT after " + caseTimeout.toMillis() + " ms");
                continue;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String verdict = verdict(n);
            verdicts.merge(verdict, 1, Integer::sum);
            out.println(line + verdict + " (" + ending + ", " + millis + " ms)");
        }
        FirstText reports = new FirstText();
        client.connect(URI.create(base + "/updateReports?agent=" + encode(agent)), reports)
                .get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        reports.closed.get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Summary summary = new Summary(to - Math.max(first, 1) + 1, verdicts, timedOut, failedToRun);
        out.println("reports updated for " + agent + "; " + summary.cases() + " cases: " + verdicts
                + ", " + timedOut + " timed out, " + failedToRun + " failed to run");
        return summary;
    }

    /** The suite's verdict on case {@code n} ({@code OK}, {@code NON-STRICT}, {@code FAILED}, ...), or UNKNOWN. */
    private String verdict(int n) {
        try {
            Matcher m = BEHAVIOR.matcher(control("/getCaseStatus?case=" + n + "&agent=" + encode(agent)));
            return m.find() ? m.group(1) : "UNKNOWN";
        } catch (Exception e) {
            return "UNKNOWN";
        }
    }

    /** The text message a control endpoint answers with. */
    private String control(String pathAndQuery) throws Exception {
        FirstText answer = new FirstText();
        WebSocketSession session = client.connect(URI.create(base + pathAndQuery), answer)
                .get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return answer.text.get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (session.isOpen()) {
                session.close();
            }
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof TimeoutException ? "no connection within the case timeout" : String.valueOf(cause.getMessage());
    }
}
