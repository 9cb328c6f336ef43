import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.TlsConfig;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.client.WebSocketClient;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds N idle WebSocket connections over TLS (wss://) open against a server, for bench/idle-memory.sh: the
 * C load generator speaks no TLS, so this client runs in a JVM of its own and only the server is measured.
 * Run from the repository root with the command's jar on the class path (single-file source launch):
 *
 * <pre>java -cp torsion-cli/target/torsion.jar bench/IdleTlsClient.java N wss://127.0.0.1:PORT/ READY-FILE HOLD-SECONDS</pre>
 *
 * It trusts any certificate (a benchmark against a development certificate), keeps at most 64 handshakes in
 * flight, writes the number of open connections to READY-FILE once all are open, holds them (answering
 * pings) for HOLD-SECONDS, then closes them and exits 0 (1 if any connection failed).
 */
public final class IdleTlsClient {

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: IdleTlsClient N wss://HOST:PORT/PATH READY-FILE HOLD-SECONDS");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        URI uri = URI.create(args[1]);
        Path ready = Path.of(args[2]);
        long holdSeconds = Long.parseLong(args[3]);
        AtomicInteger failed = new AtomicInteger();
        WebSocketHandler quiet = new WebSocketHandler() {
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
        try (Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1))) {
            WebSocketClient client = WebSocketClient.builder(reactor).tls(TlsConfig.insecureClient()).build();
            Semaphore inFlight = new Semaphore(64);
            List<CompletableFuture<WebSocketSession>> sessions = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                CompletableFuture<WebSocketSession> s = client.connect(uri, quiet);
                s.whenComplete((session, error) -> {
                    inFlight.release();
                    if (error != null && failed.getAndIncrement() < 5) {
                        System.err.println("connection failed: " + error);
                    }
                });
                sessions.add(s);
            }
            int open = 0;
            for (CompletableFuture<WebSocketSession> s : sessions) {
                try {
                    s.get(60, TimeUnit.SECONDS);
                    open++;
                } catch (Exception e) {
                    // counted in failed
                }
            }
            Files.writeString(ready, open + "\n");
            System.out.println("HOLDING conns=" + open + " failed=" + failed.get());
            TimeUnit.SECONDS.sleep(holdSeconds);
            for (CompletableFuture<WebSocketSession> s : sessions) {
                WebSocketSession session = s.getNow(null);
                if (session != null) {
                    session.close(CloseCode.NORMAL_CLOSURE, "done");
                }
            }
            TimeUnit.SECONDS.sleep(1);
        }
        System.exit(failed.get() == 0 ? 0 : 1);
    }
}
