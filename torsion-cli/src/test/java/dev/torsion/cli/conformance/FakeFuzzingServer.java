package dev.torsion.cli.conformance;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.MessageStream;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.server.WebSocketResource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny fake of the conformance suite's server side (its "fuzzingserver" mode), for the driver's tests: the
 * four endpoints, and four cases that check the client echoes what they send.
 *
 * <ol>
 *   <li>a text and a binary message: echoed as text and binary, unchanged, then the case closes with 1000;</li>
 *   <li>a text message in three fragments and a 1 MiB binary: echoed whole;</li>
 *   <li>nothing at all, and no close: the driver's case timeout must end it;</li>
 *   <li>a close with 1000 at once.</li>
 * </ol>
 *
 * It records each case's verdict ({@code OK} when the echoes matched, {@code FAILED} otherwise), the agent
 * names seen, which cases offered permessage-deflate, and the {@code /updateReports} calls.
 *
 * <p><b>Threading.</b> Its handlers run on its own reactor's loop; the records are thread-safe.
 */
final class FakeFuzzingServer implements AutoCloseable {

    static final int CASES = 4;
    static final byte[] BIG = new byte[1 << 20];

    static {
        new java.util.Random(7).nextBytes(BIG);
    }

    final Map<Integer, String> verdicts = new ConcurrentHashMap<>();
    final Map<Integer, Boolean> deflateOffered = new ConcurrentHashMap<>();
    final List<String> agents = new CopyOnWriteArrayList<>();
    final List<String> reportsUpdated = new CopyOnWriteArrayList<>();
    private final Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
    private final ListeningPort port;

    FakeFuzzingServer() throws Exception {
        Resource root = new Resource();
        PerMessageDeflateServer deflate = PerMessageDeflateServer.builder().build();
        root.putChild("getCaseCount", endpoint(request -> new SaysAndCloses(Integer.toString(CASES)), deflate));
        root.putChild("runCase", endpoint(this::runCase, deflate));
        root.putChild("getCaseStatus", endpoint(request -> new SaysAndCloses(
                "{\"behavior\": \"" + verdicts.getOrDefault(caseNumber(request), "UNKNOWN") + "\"}"), deflate));
        root.putChild("updateReports", endpoint(request -> {
            reportsUpdated.add(request.getArg("agent"));
            return new SaysAndCloses(null);
        }, deflate));
        port = reactor.listenTcp("127.0.0.1", 0, new Site(root));
    }

    String url() {
        return "ws://127.0.0.1:" + port.port();
    }

    private static WebSocketResource endpoint(Function<Request, WebSocketHandler> handlers, PerMessageDeflateServer deflate) {
        return WebSocketResource.builder(handlers).deflate(deflate).build();
    }

    private static int caseNumber(Request request) {
        return Integer.parseInt(request.getArg("case"));
    }

    private WebSocketHandler runCase(Request request) {
        int n = caseNumber(request);
        agents.add(request.getArg("agent"));
        deflateOffered.put(n, String.valueOf(request.requestHeaders().get("Sec-WebSocket-Extensions"))
                .contains("permessage-deflate"));
        return new Case(n);
    }

    @Override
    public void close() {
        reactor.close();
    }

    /** A control endpoint: sends {@code text} (if any) and closes with 1000. */
    private static final class SaysAndCloses implements WebSocketHandler {
        private final String text;

        SaysAndCloses(String text) {
            this.text = text;
        }

        @Override
        public void onOpen(WebSocketSession session) {
            if (text != null) {
                session.sendText(text);
            }
            session.close();
        }

        @Override
        public void onText(WebSocketSession session, String message) {
        }

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
        }

        @Override
        public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        }
    }

    /** One test case: sends its messages, compares what comes back, closes when all came back. */
    private final class Case implements WebSocketHandler {
        private final int n;
        private final List<Object> expected = new ArrayList<>();
        private boolean ok = true;

        Case(int n) {
            this.n = n;
        }

        @Override
        public void onOpen(WebSocketSession session) {
            switch (n) {
                case 1 -> {
                    session.sendText("Hello, conformance \u00e9");
                    session.sendBinary(new byte[] {1, 2, 3, (byte) 0xff});
                    expected.add("Hello, conformance \u00e9");
                    expected.add(new byte[] {1, 2, 3, (byte) 0xff});
                }
                case 2 -> {
                    MessageStream stream = session.startText();
                    stream.write("frag");
                    stream.write("men");
                    stream.write("ted");
                    stream.finish();
                    session.sendBinary(BIG);
                    expected.add("fragmented");
                    expected.add(BIG);
                }
                case 3 -> {
                    // silent and never closes
                }
                default -> {
                    verdicts.put(n, "OK");
                    session.close();
                }
            }
        }

        @Override
        public void onText(WebSocketSession session, String text) {
            check(session, text);
        }

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            check(session, bytes);
        }

        private void check(WebSocketSession session, Object echoed) {
            Object want = expected.isEmpty() ? null : expected.remove(0);
            boolean same = want instanceof byte[] w && echoed instanceof byte[] e ? Arrays.equals(w, e)
                    : want != null && want.equals(echoed);
            ok &= same;
            if (expected.isEmpty() || !same) {
                verdicts.put(n, ok ? "OK" : "FAILED");
                session.close();
            }
        }

        @Override
        public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
            verdicts.putIfAbsent(n, "FAILED");
        }
    }
}
