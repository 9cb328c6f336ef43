package dev.torsion.websocket.topic;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.FakeClock;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.PreparedMessage;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.TransportWebSocket;
import dev.torsion.websocket.WebSocketSession;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fan-out benchmark (a program, not a test): messages delivered per second to 1,000 and 10,000 subscribers,
 * framing once ({@link TopicRegistry#publish}, and a bare {@code sendPrepared} loop) against framing per
 * subscriber (a {@code sendText} loop). One thread plays the event loop; the transports discard what they
 * are given, so the figures are the library's cost per delivery, without the kernel's. See
 * docs/benchmarks-fanout.md for the command and the results. Each figure is the median of seven slices of the
 * run, after a warm-up round.
 *
 * <p>Arguments: {@code [seconds per run (default 3)] [payload sizes (default 64,1024)]}.
 */
public final class FanOutBenchmark {

    private static final int SLICES = 7;
    private static final WebSocketConfig CONFIG = WebSocketConfig.defaults().withPing(Duration.ZERO, Duration.ofSeconds(10));

    private FanOutBenchmark() {
    }

    /** One way of sending {@code text} to every session. */
    private interface Broadcast {
        void send(String text);
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        String[] sizes = (args.length > 1 ? args[1] : "64,1024").split(",");
        System.out.printf("%-28s %11s %8s %16s %10s%n", "mode", "subscribers", "payload", "deliveries/s", "ns/delivery");
        for (int round = 1; round <= 2; round++) {
            table(seconds, sizes, round == 2);     // the first round warms every path up and is not printed
        }
    }

    private static void table(double seconds, String[] sizes, boolean print) {
        for (int subscribers : new int[] {1_000, 10_000}) {
            for (String size : sizes) {
                String text = "x".repeat(Integer.parseInt(size.trim()));
                FakeClock loop = new FakeClock();
                List<WebSocketSession> sessions = connect(loop, subscribers);
                TopicRegistry topics = TopicRegistry.create();
                sessions.forEach(s -> topics.subscribe(s, "bench"));
                run(print, "frame once (TopicRegistry)", subscribers, text, seconds, t -> topics.publish("bench", t));
                run(print, "frame once (sendPrepared)", subscribers, text, seconds, t -> {
                    PreparedMessage m = PreparedMessage.text(t);
                    for (WebSocketSession s : sessions) {
                        s.sendPrepared(m);
                    }
                });
                run(print, "frame per subscriber", subscribers, text, seconds, t -> {
                    for (WebSocketSession s : sessions) {
                        s.sendText(t);
                    }
                });
            }
        }
    }

    private static void run(boolean print, String mode, int subscribers, String text, double seconds,
                            Broadcast broadcast) {
        measure(broadcast, text, seconds / 3);                        // warm-up
        if (!print) {
            return;
        }
        double[] rates = new double[SLICES];                          // the median slice resists a busy machine
        for (int i = 0; i < SLICES; i++) {
            long[] result = measure(broadcast, text, seconds / SLICES);
            rates[i] = (double) result[0] * subscribers / (result[1] / 1e9);
        }
        java.util.Arrays.sort(rates);
        double perSecond = rates[SLICES / 2];
        System.out.printf("%-28s %11d %8d %,16.0f %10.1f%n", mode, subscribers, text.length(), perSecond, 1e9 / perSecond);
    }

    /** Broadcasts for about {@code seconds}; returns {messages, nanos}. */
    private static long[] measure(Broadcast broadcast, String text, double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long messages = 0;
        long elapsed;
        do {
            for (int i = 0; i < 10; i++) {
                broadcast.send(text);
            }
            messages += 10;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return new long[] {messages, elapsed};
    }

    private static List<WebSocketSession> connect(FakeClock loop, int n) {
        List<WebSocketSession> sessions = new ArrayList<>(n);
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public void onOpen(WebSocketSession session) {
                sessions.add(session);
            }

            @Override
            public void onText(WebSocketSession session, String text) {
            }

            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
            }

            @Override
            public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
            }
        };
        for (int i = 0; i < n; i++) {
            TransportWebSocket protocol = TransportWebSocket.server(handler, CONFIG, null, HttpHeaders.empty());
            protocol.connectionMade(new DiscardTransport(loop));
        }
        return sessions;
    }
}
