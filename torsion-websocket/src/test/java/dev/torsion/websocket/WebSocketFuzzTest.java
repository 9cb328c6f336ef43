package dev.torsion.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.websocket.deflate.DeflateNegotiationException;
import dev.torsion.websocket.deflate.PerMessageDeflate;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;
import dev.torsion.websocket.deflate.PerMessageDeflateExtension;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.handshake.ExtensionHeader;
import dev.torsion.websocket.handshake.MalformedHeaderException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Fuzz targets: the sans-I/O WebSocket connection (frame parser, message assembly, UTF-8, control frames,
 * closing, permessage-deflate) fed arbitrary bytes, as a server (masked frames in) and as a client, with and
 * without permessage-deflate. Properties: no exception escapes {@code receiveData} or {@code receiveEof}
 * (the protocol's failures become a close code); a connection that failed ends with a code the protocol
 * specifies; no message exceeds the configured limit, decompressed or not, and no control payload exceeds
 * 125 bytes; the state changes are those the closing handshake allows; the same bytes cut at random points
 * give the same events and the same bytes written. {@link #echoServer} runs the product's own path
 * ({@code torsion echo}'s handler on a {@link TransportWebSocket} over the in-memory transport).
 *
 * <p>The limits are small (frames of 1 KiB, messages of 4 KiB) so that the fuzzer reaches them.
 */
class WebSocketFuzzTest {

    private static final long MAX_FRAME = 1024;
    private static final long MAX_MESSAGE = 4096;
    private static final WebSocketConfig CONFIG =
            WebSocketConfig.defaults().withMaxFrameSize(MAX_FRAME).withMaxMessageSize(MAX_MESSAGE);
    /** The codes this end fails a connection with, plus 1006 (TCP ended) and 1005 (peer's close had no code). */
    private static final Set<Integer> OWN_CODES = Set.of(1002, 1005, 1006, 1007, 1009);

    /** The state changes RFC 6455's closing handshake allows (see {@link ConnectionState}). */
    private static final Set<String> LEGAL = Set.of("CONNECTING>OPEN", "OPEN>LOCAL_CLOSING", "OPEN>REMOTE_CLOSING",
            "OPEN>CLOSED", "LOCAL_CLOSING>CLOSED", "REMOTE_CLOSING>CLOSED");

    private static final PerMessageDeflateServer DEFLATE_SERVER = PerMessageDeflateServer.builder()
            .serverNoContextTakeover(false).build();
    private static final PerMessageDeflateClient DEFLATE_CLIENT = PerMessageDeflateClient.builder().build();

    @FuzzTest(maxDuration = "")
    void server(FuzzedDataProvider data) {
        run(Role.SERVER, false, data);
    }

    @FuzzTest(maxDuration = "")
    void client(FuzzedDataProvider data) {
        run(Role.CLIENT, false, data);
    }

    @FuzzTest(maxDuration = "")
    void serverWithDeflate(FuzzedDataProvider data) {
        run(Role.SERVER, true, data);
    }

    @FuzzTest(maxDuration = "")
    void clientWithDeflate(FuzzedDataProvider data) {
        run(Role.CLIENT, true, data);
    }

    /**
     * The product's own path: {@code torsion echo}'s handler on a {@link TransportWebSocket} over the in-memory
     * transport, permessage-deflate agreed, fed the bytes whole and in pieces. Properties: nothing escapes
     * the protocol's callbacks; after the peer's EOF and the close timeout the connection is gone (never
     * leaked); whole and pieces write the same bytes.
     */
    @FuzzTest(maxDuration = "")
    void echoServer(FuzzedDataProvider data) {
        long splitSeed = data.consumeInt();
        byte[] wire = data.consumeRemainingAsBytes();
        byte[] whole = echo(wire, List.of(wire.length));
        List<Integer> cuts = new java.util.ArrayList<>();
        Random random = new Random(splitSeed);
        for (int left = wire.length; left > 0; ) {
            int n = Math.min(left, 1 + random.nextInt(64));
            cuts.add(n);
            left -= n;
        }
        byte[] pieces = echo(wire, cuts);
        if (!Arrays.equals(whole, pieces)) {
            assertThat(Recorder.hex(pieces)).as("echo written, cut into pieces").isEqualTo(Recorder.hex(whole));
        }
    }

    /** Feeds {@code wire} cut after each of {@code cuts} bytes to an echo server; returns what it wrote. */
    private static byte[] echo(byte[] original, List<Integer> cuts) {
        byte[] wire = original.clone(); // the protocol may change its input in place
        dev.torsion.testing.FakeClock clock = new dev.torsion.testing.FakeClock();
        dev.torsion.testing.MemoryTransport transport = new dev.torsion.testing.MemoryTransport(clock);
        TransportWebSocket ws = TransportWebSocket.server(new dev.torsion.websocket.server.EchoHandler(),
                ECHO_CONFIG, null, dev.torsion.http.HttpHeaders.empty()).useExtensions(List.of(agreedByServer()));
        transport.connect(ws);
        int at = 0;
        for (int n : cuts) {
            transport.receive(ByteBuffer.wrap(wire, at, n));
            at += n;
        }
        transport.receiveEof();
        clock.advance(java.time.Duration.ofMinutes(5));
        check(transport.isLost(), "connection still open after EOF and the close timeout", 0);
        return transport.takeWritten();
    }

    private static final WebSocketConfig ECHO_CONFIG = CONFIG.withPing(java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(10));

    private static PerMessageDeflateExtension agreedByServer() {
        try {
            return (PerMessageDeflateExtension) DEFLATE_SERVER.negotiate(
                    ExtensionHeader.parse(List.of("permessage-deflate"))).orElseThrow();
        } catch (MalformedHeaderException e) {
            throw new AssertionError(e);
        }
    }

    private static void run(Role role, boolean deflate, FuzzedDataProvider data) {
        long splitSeed = data.consumeInt();
        byte[] wire = data.consumeRemainingAsBytes();

        // each run gets its own copy: a protocol may change its input in place (a server unmasks there)
        Recorder whole = new Recorder(role, deflate);
        whole.feed(wire.clone(), 0, wire.length);
        whole.finish();

        Recorder pieces = new Recorder(role, deflate);
        byte[] copy = wire.clone();
        Random random = new Random(splitSeed);
        int maxPiece = 1 + random.nextInt(32);
        for (int i = 0; i < wire.length; ) {
            int n = Math.min(wire.length - i, 1 + random.nextInt(maxPiece));
            pieces.feed(copy, i, n);
            i += n;
        }
        pieces.finish();
        if (!pieces.events.toString().equals(whole.events.toString())
                || !Arrays.equals(pieces.written.toByteArray(), whole.written.toByteArray())) {
            assertThat(pieces.transcript()).as("cut into pieces of at most %d bytes", maxPiece).isEqualTo(whole.transcript());
        }
    }

    /** Fails the fuzz input with {@code message} unless {@code condition} holds (cheaper than AssertJ per event). */
    private static void check(boolean condition, String message, long value) {
        if (!condition) {
            throw new AssertionError(message + ": " + value);
        }
    }

    private static PerMessageDeflate codec(Role role) {
        try {
            if (role == Role.SERVER) {
                return agreedByServer().newCodec(MAX_MESSAGE);
            }
            return DEFLATE_CLIENT.accept(ExtensionHeader.parse(List.of("permessage-deflate"))).orElseThrow()
                    .newCodec(MAX_MESSAGE);
        } catch (MalformedHeaderException | DeflateNegotiationException e) {
            throw new AssertionError(e);
        }
    }

    /** One connection, its events as text and the bytes it wrote, checking the limits as events come. */
    private static final class Recorder implements ConnectionListener, ConnectionOutput {

        private final WebSocketConnection connection;
        final StringBuilder events = new StringBuilder();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        Recorder(Role role, boolean deflate) {
            connection = new WebSocketConnection(role, CONFIG, this, this, new MaskGenerator(42));
            if (deflate) {
                connection.useExtension(codec(role));
            }
            connection.open();
        }

        void feed(byte[] wire, int from, int n) {
            connection.receiveData(ByteBuffer.wrap(wire, from, n));
        }

        /** Ends the input: EOF, then TCP lost (which releases the codec). */
        void finish() {
            connection.receiveEof();
            connection.transportLost("fuzz input ended");
            check(connection.state() == ConnectionState.CLOSED, "not closed after TCP was lost", 0);
            int code = connection.closeCode().code();
            check(OWN_CODES.contains(code) || CloseCode.isValidOnWire(code), "closed with code", code);
            events.append("closed ").append(code).append(connection.wasClean() ? " clean" : "");
        }

        /** The events and the bytes written, readable, for the message of a failed comparison. */
        String transcript() {
            return events + " wrote " + hex(written.toByteArray());
        }

        @Override
        public void onText(String text) {
            check(text.length() <= MAX_MESSAGE, "text message over the limit, chars", text.length());
            events.append("text ").append(text.length()).append(' ').append(text.hashCode()).append('\n');
        }

        @Override
        public void onBinary(ByteBuffer data) {
            check(data.remaining() <= MAX_MESSAGE, "binary message over the limit", data.remaining());
            events.append("binary ").append(digest(data)).append('\n');
        }

        @Override
        public void onPing(ByteBuffer payload) {
            check(payload.remaining() <= 125, "ping payload over 125 bytes", payload.remaining());
            events.append("ping ").append(digest(payload)).append('\n');
        }

        @Override
        public void onPong(ByteBuffer payload) {
            check(payload.remaining() <= 125, "pong payload over 125 bytes", payload.remaining());
            events.append("pong ").append(digest(payload)).append('\n');
        }

        private ConnectionState last = ConnectionState.CONNECTING;

        @Override
        public void stateChanged(ConnectionState next) {
            check(LEGAL.contains(last + ">" + next), "illegal state change " + last + " -> " + next, 0);
            last = next;
            events.append("state ").append(next).append('\n');
        }

        @Override
        public void onCloseReceived(int code, String reason) {
            events.append("close ").append(code).append(' ').append(reason).append('\n');
        }

        @Override
        public void write(ByteBuffer bytes) {
            if (bytes.hasArray()) {
                written.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                bytes.position(bytes.limit());
            } else {
                while (bytes.hasRemaining()) {
                    written.write(bytes.get());
                }
            }
        }

        @Override
        public void startCloseTimer() {
            events.append("startCloseTimer\n");
        }

        @Override
        public void closeTransport() {
            events.append("closeTransport\n");
        }

        /** Length and content hash: enough to tell two runs apart, far cheaper than hex. */
        private static String digest(ByteBuffer data) {
            return data.remaining() + "#" + data.hashCode();
        }

        static String hex(byte[] b) {
            StringBuilder s = new StringBuilder(b.length * 2);
            for (byte x : b) {
                s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            return s.toString();
        }
    }
}
