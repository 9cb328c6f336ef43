package dev.torsion.websocket.client;

import dev.torsion.http.HttpHeaders;
import dev.torsion.reactor.ConnectionDone;
import dev.torsion.reactor.ConnectionLost;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.TransportWebSocket;
import dev.torsion.websocket.WebSocketSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconnection on a {@link FakeClock}: no sockets and no sleeping. Each attempt is answered by the test:
 * refused, or opened as a real client {@link TransportWebSocket} over a {@link MemoryTransport} that the test
 * then drops or closes.
 */
class ReconnectingWebSocketTest {

    static final WebSocketConfig NO_PINGS = WebSocketConfig.defaults().withPing(Duration.ZERO, Duration.ofSeconds(10));
    static final ReconnectPolicy POLICY = ReconnectPolicy.defaults().withDelays(Duration.ofSeconds(1), Duration.ofSeconds(8))
            .withJitter(0);

    FakeClock clock;
    ArrayDeque<Pending> attempts;
    List<String> events;
    List<String> handlerEvents;
    WebSocketHandler handler;
    ReconnectListener listener;

    record Pending(WebSocketHandler link, CompletableFuture<WebSocketSession> future) {
    }

    @BeforeEach
    void setUp() {
        clock = new FakeClock();
        attempts = new ArrayDeque<>();
        events = new ArrayList<>();
        handlerEvents = new ArrayList<>();
        handler = new WebSocketHandler() {
            @Override
            public void onOpen(WebSocketSession session) {
                handlerEvents.add("open");
            }

            @Override
            public void onText(WebSocketSession session, String text) {
                handlerEvents.add("text " + text);
            }

            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
            }

            @Override
            public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
                handlerEvents.add("close " + code.code() + (clean ? " clean" : " unclean"));
            }
        };
        listener = new ReconnectListener() {
            @Override
            public void attemptStarted(int attempt) {
                events.add("attempt " + attempt);
            }

            @Override
            public void attemptFailed(int attempt, Throwable cause) {
                events.add("failed " + attempt + ": " + cause.getMessage());
            }

            @Override
            public void connected(WebSocketSession session, int attempt) {
                events.add("connected " + attempt);
            }

            @Override
            public void disconnected(CloseCode code, String reason, boolean clean) {
                events.add("disconnected " + code.code() + (clean ? " clean" : " unclean"));
            }

            @Override
            public void retryScheduled(int nextAttempt, Duration delay) {
                events.add("retry " + nextAttempt + " in " + delay.toMillis() + " ms");
            }

            @Override
            public void gaveUp(int count, Throwable lastCause) {
                events.add("gave up after " + count);
            }

            @Override
            public void stopped() {
                events.add("stopped");
            }
        };
    }

    ReconnectingWebSocket start(ReconnectPolicy policy) {
        return ReconnectingWebSocket.builder(link -> {
            CompletableFuture<WebSocketSession> f = new CompletableFuture<>();
            attempts.add(new Pending(link, f));
            return f;
        }, clock, handler).policy(policy).listener(listener).random(new Random(1)).start();
    }

    void refuse() {
        attempts.remove().future().completeExceptionally(new ConnectException("connection refused"));
        clock.runPending();
    }

    MemoryTransport accept() {
        Pending p = attempts.remove();
        TransportWebSocket protocol = TransportWebSocket.client(p.link(), NO_PINGS, null, HttpHeaders.empty());
        MemoryTransport transport = new MemoryTransport(clock).connect(protocol);
        p.future().complete(protocol.session());
        clock.runPending();
        return transport;
    }

    /** The next attempt starts exactly {@code delay} after now, not a millisecond earlier. */
    void expectAttemptAfter(Duration delay) {
        clock.advance(delay.minusMillis(1));
        assertThat(attempts).as("no attempt before %s", delay).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(attempts).as("an attempt at %s", delay).hasSize(1);
    }

    @Test
    void failedAttemptsBackOffExponentiallyUpToTheCap() {
        start(POLICY);
        assertThat(attempts).hasSize(1);
        for (long seconds : new long[] {1, 2, 4, 8, 8}) {
            refuse();
            expectAttemptAfter(Duration.ofSeconds(seconds));
        }
        assertThat(events).startsWith("attempt 1", "failed 1: connection refused", "retry 2 in 1000 ms", "attempt 2",
                "failed 2: connection refused", "retry 3 in 2000 ms", "attempt 3");
        assertThat(events).contains("retry 6 in 8000 ms");
    }

    @Test
    void itGivesUpAfterMaxAttempts() {
        ReconnectingWebSocket ws = start(POLICY.withMaxAttempts(3));
        refuse();
        clock.advance(Duration.ofSeconds(1));
        refuse();
        clock.advance(Duration.ofSeconds(2));
        refuse();
        assertThat(events).endsWith("failed 3: connection refused", "gave up after 3");
        assertThat(ws.isRunning()).isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(attempts).isEmpty();
    }

    @Test
    void aGoodConnectionResetsTheBackoff() {
        start(POLICY);
        refuse();
        clock.advance(Duration.ofSeconds(1));
        refuse();
        clock.advance(Duration.ofSeconds(2));
        MemoryTransport t = accept();
        assertThat(events).contains("connected 3");
        clock.advance(Duration.ofMinutes(5));
        t.simulateConnectionLost(new ConnectionLost("connection reset"));
        clock.runPending();
        assertThat(events).endsWith("disconnected 1006 unclean", "retry 1 in 1000 ms");
        expectAttemptAfter(Duration.ofSeconds(1));
        assertThat(events).endsWith("attempt 1");
    }

    @Test
    void aConnectionShorterThanTheGoodTimeKeepsBackingOff() {
        start(POLICY.withGoodConnection(Duration.ofSeconds(10)));
        refuse();
        clock.advance(Duration.ofSeconds(1));
        MemoryTransport t = accept(); // attempt 2
        clock.advance(Duration.ofSeconds(3));
        t.simulateConnectionLost(new ConnectionLost("connection reset"));
        clock.runPending();
        assertThat(events).endsWith("retry 3 in 2000 ms");
        expectAttemptAfter(Duration.ofSeconds(2));
    }

    @Test
    void aServerGoingAwayIsFollowedByAReconnectButANormalCloseIsNot() {
        ReconnectingWebSocket ws = start(POLICY);
        MemoryTransport first = accept();
        closeFromServer(first, 1001);
        assertThat(events).contains("disconnected 1001 clean", "retry 1 in 1000 ms");
        clock.advance(Duration.ofSeconds(1));
        MemoryTransport second = accept();
        closeFromServer(second, 1000);
        assertThat(events).endsWith("disconnected 1000 clean", "stopped");
        assertThat(ws.isRunning()).isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(attempts).isEmpty();
        assertThat(handlerEvents).containsExactly("open", "close 1001 clean", "open", "close 1000 clean");
    }

    @Test
    void closeStopsRetryingAndItCanBeStartedAgain() {
        ReconnectingWebSocket ws = start(POLICY);
        refuse();
        ws.close();
        clock.advance(Duration.ofMinutes(1));
        assertThat(attempts).isEmpty();
        assertThat(events).endsWith("retry 2 in 1000 ms", "stopped");
        ws.start();
        MemoryTransport t = accept();
        assertThat(events).endsWith("attempt 1", "connected 1");
        assertThat(ws.session()).isPresent();
        t.receive(new byte[] {(byte) 0x81, 0x02, 'h', 'i'});
        ws.close();
        assertThat(t.writtenText()).isNotEmpty();
        t.simulateConnectionLost(new ConnectionDone("closed by peer"));
        clock.runPending();
        assertThat(ws.session()).isEmpty();
        assertThat(handlerEvents).containsExactly("open", "text hi", "close 1006 unclean");
        clock.advance(Duration.ofMinutes(1));
        assertThat(attempts).as("no reconnect after close()").isEmpty();
    }

    @Test
    void aSessionThatOpensAfterCloseIsClosedAndNeverShownToTheHandler() {
        ReconnectingWebSocket ws = start(POLICY);
        ws.close();
        MemoryTransport late = accept();
        assertThat(handlerEvents).isEmpty();
        assertThat(late.written()).as("a close frame").isNotEmpty();
        assertThat(ws.session()).isEmpty();
    }

    @Test
    void anOpenerThatThrowsCountsAsAFailedAttempt() {
        ReconnectingWebSocket.builder(link -> {
            throw new IllegalStateException("no network");
        }, clock, handler).policy(POLICY.withMaxAttempts(2)).listener(listener).start();
        clock.advance(Duration.ofSeconds(1));
        assertThat(events).containsExactly("attempt 1", "failed 1: no network", "retry 2 in 1000 ms", "attempt 2",
                "failed 2: no network", "gave up after 2");
    }

    private void closeFromServer(MemoryTransport t, int code) {
        t.receive(new byte[] {(byte) 0x88, 0x02, (byte) (code >> 8), (byte) code});
        t.simulateConnectionLost(new ConnectionDone("closed by peer"));
        clock.runPending();
    }
}
