package dev.torsion.websocket.client;

import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receiving in pieces end to end: a Torsion client with {@code receiveInPieces} gets large messages echoed by a
 * real server (Python websockets, node ws with permessage-deflate) over TCP in many pieces, none of them the
 * whole message, its demand given from another thread one piece at a time, and every byte arrives in order.
 */
class Rfc6455Section5_4ReceivingInPiecesOverSocketsTest {

    static Reactor reactor;
    static ExecutorService worker;

    @BeforeAll
    static void start() {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        worker = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
        reactor.close();
    }

    /** Digests each message as its pieces come, and asks for the next piece from the worker thread. */
    static final class Pieces implements WebSocketHandler {
        private MessageDigest digest = sha256();
        private final StringBuilder text = new StringBuilder();
        final CompletableFuture<byte[]> binary = new CompletableFuture<>();
        final CompletableFuture<String> whole = new CompletableFuture<>();
        volatile int pieces;
        volatile int largest;

        @Override
        public void onBinaryPiece(WebSocketSession session, ByteBuffer piece, boolean last) {
            count(piece.remaining());
            digest.update(piece);
            if (last) {
                binary.complete(digest.digest());
                digest = sha256();
            }
            worker.execute(() -> session.request(1));
        }

        @Override
        public void onTextPiece(WebSocketSession session, String piece, boolean last) {
            count(piece.length());
            text.append(piece);
            if (last) {
                whole.complete(text.toString());
            }
            worker.execute(() -> session.request(1));
        }

        private void count(int size) {
            pieces++;
            largest = Math.max(largest, size);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node --compression"})
    void largeMessagesFromARealServerArriveInPiecesWithDemand(String peer) throws Exception {
        boolean compression = peer.endsWith("--compression");
        Process server = ClientInteropTest.startServer(peer);
        try {
            int port = ClientInteropTest.port(server, peer);
            WebSocketClient.Builder builder = WebSocketClient.builder(reactor)
                    .config(WebSocketConfig.defaults().withReceiveInPieces(true).withMaxMessageSize(64L << 20));
            if (compression) {
                builder.deflate(PerMessageDeflateClient.builder().build());
            }
            Pieces handler = new Pieces();
            WebSocketSession session = builder.build()
                    .connect(URI.create("ws://127.0.0.1:" + port + "/"), handler).get(10, TimeUnit.SECONDS);

            byte[] data = new byte[8 << 20];
            new Random(14).nextBytes(data);
            session.sendBinary(data);
            assertThat(handler.binary.get(30, TimeUnit.SECONDS)).isEqualTo(sha256().digest(data));
            assertThat(handler.pieces).as("pieces of 8 MiB").isGreaterThan(8);
            assertThat(handler.largest).as("the largest piece: nothing was assembled").isLessThan(1 << 20);

            String text = randomText(new Random(5), 400_000);   // cuts fall inside characters
            int before = handler.pieces;
            session.sendText(text);
            assertThat(handler.whole.get(30, TimeUnit.SECONDS)).isEqualTo(text);
            assertThat(handler.pieces - before).as("pieces of %d bytes of text",
                    text.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(1);

            assertThat(session.close(CloseCode.NORMAL_CLOSURE, "done").toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .clean()).isTrue();
        } finally {
            server.destroyForcibly();
        }
    }

    /** Characters of one to four UTF-8 bytes in random order (so that even compressed it spans many reads). */
    private static String randomText(Random random, int length) {
        String[] alphabet = {"a", "z", " ", "\u00e9", "\u00df", "\u20ac", "\u2603", "\ud83d\ude00", "\ud834\udd1e"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
