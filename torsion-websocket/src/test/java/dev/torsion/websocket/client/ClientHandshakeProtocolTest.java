package dev.torsion.websocket.client;

import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.handshake.ClientHandshake;
import dev.torsion.websocket.handshake.HandshakeFailedException;
import dev.torsion.websocket.handshake.HandshakeFailedException.Check;
import dev.torsion.websocket.handshake.WebSocketKey;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's side of RFC 6455 section 4.1 over a memory transport, for every split of the response. */
class ClientHandshakeProtocolTest {

    static final byte[] HELLO_FRAME = {(byte) 0x81, 0x05, 'H', 'e', 'l', 'l', 'o'};

    record Attempt(ClientHandshake handshake, MemoryTransport transport, Recording handler,
                   CompletableFuture<WebSocketSession> result, FakeClock clock) {
    }

    static Attempt start() {
        ClientHandshake handshake = ClientHandshake.builder(URI.create("ws://example.com/chat")).build();
        Recording handler = new Recording();
        CompletableFuture<WebSocketSession> result = new CompletableFuture<>();
        FakeClock clock = new FakeClock();
        MemoryTransport transport = new MemoryTransport(clock);
        transport.connect(new ClientHandshakeProtocol(handshake, handler, WebSocketConfig.defaults(),
                Duration.ofSeconds(5), result));
        return new Attempt(handshake, transport, handler, result, clock);
    }

    static byte[] response(String accept) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void writesTheRequestAtOnce() {
        Attempt a = start();
        String request = a.transport().writtenText();
        assertThat(request).startsWith("GET /chat HTTP/1.1\r\n").contains("Host: example.com\r\n")
                .contains("Sec-WebSocket-Key: " + a.handshake().key()).endsWith("\r\n\r\n");
    }

    @Test
    void everySplitOfTheResponseOpensTheSessionAndKeepsTheFrameBehindIt() throws Exception {
        for (int cut = 0; cut <= 200; cut++) {
            Attempt a = start();
            byte[] head = response(WebSocketKey.accept(a.handshake().key()));
            byte[] all = new byte[head.length + HELLO_FRAME.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(HELLO_FRAME, 0, all, head.length, HELLO_FRAME.length);
            int at = Math.min(cut, all.length);
            a.transport().receive(ByteBuffer.wrap(all, 0, at).slice());
            a.transport().receive(ByteBuffer.wrap(all, at, all.length - at).slice());
            assertThat(a.result()).as("cut %d", cut).isCompleted();
            assertThat(a.handler().opened).isTrue();
            assertThat(a.handler().messages.poll()).as("cut %d", cut).isEqualTo("Hello");
        }
    }

    @Test
    void aWrongAcceptFailsNamingTheCheck() {
        Attempt a = start();
        a.transport().receive(response(WebSocketKey.accept("dGhlIHNhbXBsZSBub25jZQ==")));
        assertThatThrownBy(() -> a.result().get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(HandshakeFailedException.class)
                .satisfies(e -> assertThat(((HandshakeFailedException) e).check()).isEqualTo(Check.ACCEPT));
        assertThat(a.transport().isAborted()).isTrue();
        assertThat(a.handler().opened).isFalse();
    }

    @Test
    void aRefusalStatusFailsWithTheStatus() {
        Attempt a = start();
        a.transport().receive("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        assertThatThrownBy(() -> a.result().get()).cause().isInstanceOf(HandshakeFailedException.class)
                .satisfies(e -> assertThat(((HandshakeFailedException) e).status()).isEqualTo(403));
    }

    /** The refusal a server sends with a body, in each of the body's framings. */
    static final String[] REFUSALS = {
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"chat\"\r\nContent-Length: 13\r\n\r\n"
                + "log in first.",
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"chat\"\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "7;ext=1\r\nlog in \r\n6\r\nfirst.\r\n0\r\n\r\n",
    };

    @Test
    void aRefusalKeepsItsHeadersAndBodyAtEverySplit() {
        for (String refusal : REFUSALS) {
            byte[] all = refusal.getBytes(StandardCharsets.US_ASCII);
            for (int cut = 0; cut <= all.length; cut++) {
                Attempt a = start();
                a.transport().receive(ByteBuffer.wrap(all, 0, cut).slice());
                if (cut <= refusal.indexOf("\r\n\r\n") + 4) {
                    assertThat(a.result()).as("cut %d", cut).isNotDone();   // the body is still coming
                }
                a.transport().receive(ByteBuffer.wrap(all, cut, all.length - cut).slice());
                assertThatThrownBy(() -> a.result().get()).as("cut %d", cut).cause()
                        .isInstanceOfSatisfying(HandshakeFailedException.class, e -> {
                            assertThat(e.status()).isEqualTo(401);
                            assertThat(e.headers().get("www-authenticate")).isEqualTo("Bearer realm=\"chat\"");
                            assertThat(e.body()).isEqualTo("log in first.");
                        });
                assertThat(a.transport().isAborted()).isTrue();
            }
        }
    }

    @Test
    void aRefusalWithoutALengthEndsWhenTheServerCloses() {
        Attempt a = start();
        a.transport().receive("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\n\r\nslow ");
        a.transport().receive("down");
        assertThat(a.result()).isNotDone();
        a.transport().receiveEof();
        assertThatThrownBy(() -> a.result().get()).cause().isInstanceOfSatisfying(HandshakeFailedException.class, e -> {
            assertThat(e.headers().get("Retry-After")).isEqualTo("30");
            assertThat(e.body()).isEqualTo("slow down");
        });
    }

    @Test
    void aRefusalWhoseBodyNeverEndsFailsAtTheTimeoutWithWhatCame() {
        Attempt a = start();
        a.transport().receive("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 1000\r\n\r\nback soon");
        a.clock().advance(Duration.ofSeconds(6));
        assertThatThrownBy(() -> a.result().get()).cause().isInstanceOfSatisfying(HandshakeFailedException.class,
                e -> assertThat(e.body()).isEqualTo("back soon"));
    }

    @Test
    void aLongRefusalBodyIsCutAtTheLimit() {
        Attempt a = start();
        a.transport().receive("HTTP/1.1 403 Forbidden\r\n\r\n" + "x".repeat(HandshakeFailedException.MAX_BODY + 10));
        assertThatThrownBy(() -> a.result().get()).cause().isInstanceOfSatisfying(HandshakeFailedException.class,
                e -> assertThat(e.body()).hasSize(HandshakeFailedException.MAX_BODY));
    }

    @Test
    void anAcceptedSessionKnowsItsUriAndTheResponseHeaders() throws Exception {
        Attempt a = start();
        a.transport().receive(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WebSocketKey.accept(a.handshake().key()) + "\r\nSet-Cookie: id=1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        WebSocketSession session = a.result().get();
        assertThat(session.requestUri()).isEqualTo(URI.create("ws://example.com/chat"));
        assertThat(session.responseHeaders().get("set-cookie")).isEqualTo("id=1");
    }

    @Test
    void aSilentServerTimesOut() {
        Attempt a = start();
        a.clock().advance(Duration.ofSeconds(6));
        assertThatThrownBy(() -> a.result().get()).cause().hasMessageContaining("timed out");
        assertThat(a.transport().isAborted()).isTrue();
    }

    @Test
    void aServerThatClosesMidHandshakeFailsTheAttempt() {
        Attempt a = start();
        a.transport().receive("HTTP/1.1 101 Switching");
        a.transport().receiveEof();
        assertThatThrownBy(() -> a.result().get()).cause().hasMessageContaining("closed the connection");
    }

    @Test
    void garbageInsteadOfHttpFails() {
        Attempt a = start();
        a.transport().receive("SSH-2.0-OpenSSH_9.2\r\n\r\n");
        assertThatThrownBy(() -> a.result().get()).cause().hasMessageContaining("malformed");
    }
}
