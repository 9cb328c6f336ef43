package dev.torsion.bench.jmh;

import dev.torsion.http.HttpHeaders;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.Role;
import dev.torsion.websocket.SendCallback;
import dev.torsion.websocket.TransportWebSocket;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.server.EchoHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The echo round trip of one message through Torsion's WebSocket connection, in memory: a client
 * {@link TransportWebSocket} sends (masking), the server's parses, unmasks in place, hands the message to
 * {@link EchoHandler} and frames the echo, and the client parses it. Each end writes into a
 * {@link StagingTransport} (a reused direct buffer, as an event loop's), so what is measured is the WebSocket
 * code. Run with {@code -prof gc}: a binary echo should allocate nothing ({@code gc.alloc.rate.norm} about
 * 0 B/op) and a text one only the {@code String}s (one per end).
 *
 * <pre>{@code
 * mvn -B -q -Pbench -pl bench/jmh -am package -DskipTests
 * java -jar bench/jmh/target/benchmarks.jar EchoBenchmark -prof gc
 * }</pre>
 *
 * <p><b>Threading / lifecycle.</b> JMH state per benchmark thread, both ends on it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EchoBenchmark {

    private static final WebSocketConfig CONFIG = WebSocketConfig.defaults().withPing(Duration.ZERO, Duration.ofSeconds(10));

    @Param({"32"})
    int size;

    private final StagingTransport clientSide = new StagingTransport();
    private final StagingTransport serverSide = new StagingTransport();
    private final StagingTransport callbackSide = new StagingTransport();
    private TransportWebSocket client;
    private TransportWebSocket server;
    /** A server that echoes with a send callback (a shared one): its completions must allocate nothing either. */
    private TransportWebSocket callbackServer;
    private static final SendCallback IGNORED = failure -> { };
    private final Receiver receiver = new Receiver();
    private ByteBuffer binary;
    private String text;
    private ByteBuffer clientFrame;
    private ByteBuffer serverInput;

    @Setup
    public void setup() {
        server = TransportWebSocket.server(new EchoHandler(), CONFIG, null, HttpHeaders.empty());
        client = TransportWebSocket.client(receiver, CONFIG, null, HttpHeaders.empty());
        server.connectionMade(serverSide);
        callbackServer = TransportWebSocket.server(
                WebSocketHandler.onBinary((session, data) -> session.sendBinary(data, IGNORED)), CONFIG, null,
                HttpHeaders.empty());
        callbackServer.connectionMade(callbackSide);
        client.connectionMade(clientSide);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        binary = ByteBuffer.allocateDirect(size).put(bytes).flip();
        text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
        clientFrame = new FrameWriter(Role.CLIENT, new MaskGenerator(1)).frame(Opcode.BINARY, true, 0,
                ByteBuffer.wrap(bytes));
        serverInput = ByteBuffer.allocateDirect(clientFrame.capacity());
    }

    /** Client sends a binary message, server echoes it, client receives the echo. */
    @Benchmark
    public void binaryRoundTrip(Blackhole bh) {
        receiver.bh = bh;
        client.sendBinary(binary);
        clientSide.deliverTo(server);
        serverSide.deliverTo(client);
    }

    /** The same with a text message: the Strings (one made by each end's decoding) are all it allocates. */
    @Benchmark
    public void textRoundTrip(Blackhole bh) {
        receiver.bh = bh;
        client.sendText(text);
        clientSide.deliverTo(server);
        serverSide.deliverTo(client);
    }

    /** The server's share alone: a masked frame arrives in the read buffer, the echo goes to the output. */
    @Benchmark
    public void binaryServerEcho() {
        serverInput.clear();
        serverInput.put(0, clientFrame, 0, clientFrame.capacity()).limit(clientFrame.capacity());
        server.dataReceived(serverInput);
        serverSide.discard();
    }

    /** As {@link #binaryServerEcho}, the echo sent with a callback: reported once its bytes are handed over. */
    @Benchmark
    public void binaryServerEchoWithCallback() {
        serverInput.clear();
        serverInput.put(0, clientFrame, 0, clientFrame.capacity()).limit(clientFrame.capacity());
        callbackServer.dataReceived(serverInput);
        callbackSide.discard();
    }

    /** The client end: consumes echoes without keeping them. */
    static final class Receiver implements WebSocketHandler {
        Blackhole bh;

        @Override
        public void onText(WebSocketSession session, String text) {
            bh.consume(text);
        }

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            bh.consume(data.get(data.position()));
        }

        @Override
        public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        }
    }
}
