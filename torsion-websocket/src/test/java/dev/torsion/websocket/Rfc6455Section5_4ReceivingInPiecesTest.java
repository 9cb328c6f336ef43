package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryPipe;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.frame.FrameWriter;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 section 5.4 ("a fragmented message ... may be processed ... as the fragments arrive") as an
 * application's choice: {@link WebSocketConfig#receiveInPieces()} gives each message in pieces as TCP delivers
 * it, with demand ({@link WebSocketSession#request}): the same bytes at every cut of the stream, no character
 * split, nothing assembled, and the limits (1009, 1007) still enforced.
 */
class Rfc6455Section5_4ReceivingInPiecesTest {

    static final WebSocketConfig PIECES = TransportWebSocketTest.NO_PING.withReceiveInPieces(true);
    private static final FrameWriter CLIENT = new FrameWriter(Role.CLIENT, new MaskGenerator(5));

    /** Collects pieces into whole messages, and optionally asks for more after each piece. */
    static class Collector extends RecordingHandler {
        final List<String> messages = new ArrayList<>();
        final List<Integer> pieceSizes = new ArrayList<>();
        final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        final StringBuilder text = new StringBuilder();
        boolean requestEach = true;

        @Override
        public void onOpen(WebSocketSession session) {
            super.onOpen(session);
        }

        @Override
        public void onTextPiece(WebSocketSession session, String piece, boolean last) {
            text.append(piece);
            pieceSizes.add(piece.length());
            if (last) {
                messages.add("text:" + text);
                text.setLength(0);
            }
            more(session);
        }

        @Override
        public void onBinaryPiece(WebSocketSession session, ByteBuffer piece, boolean last) {
            assertThat(piece.isReadOnly()).isTrue();
            pieceSizes.add(piece.remaining());
            byte[] b = new byte[piece.remaining()];
            piece.get(b);
            binary.write(b, 0, b.length);
            if (last) {
                messages.add("binary:" + Hex.of(binary.toByteArray()));
                binary.reset();
            }
            more(session);
        }

        void more(WebSocketSession session) {
            if (requestEach) {
                session.request(1);
            }
        }
    }

    private static byte[] frame(int opcode, boolean fin, byte[] payload) {
        return CLIENT.frame(opcode, fin, 0, ByteBuffer.wrap(payload)).array();
    }

    /** A text message in three fragments whose cuts fall inside characters, then a binary in two, then one whole. */
    static final String TEXT = "h\u00e9llo w\u00f6rld \u2603 and \ud83d\ude00!";
    static byte[] stream() {
        byte[] t = TEXT.getBytes(StandardCharsets.UTF_8);
        return Hex.concat(
                frame(Opcode.TEXT, false, java.util.Arrays.copyOfRange(t, 0, 2)),          // "h" + half of é
                frame(Opcode.PING, true, new byte[] {7}),                                   // a ping between
                frame(Opcode.CONTINUATION, false, java.util.Arrays.copyOfRange(t, 2, 20)),
                frame(Opcode.CONTINUATION, true, java.util.Arrays.copyOfRange(t, 20, t.length)),
                frame(Opcode.BINARY, false, new byte[] {1, 2, 3}),
                frame(Opcode.CONTINUATION, true, new byte[] {4, 5}),
                frame(Opcode.BINARY, true, new byte[] {6}),
                frame(Opcode.TEXT, true, new byte[0]));
    }

    static final List<String> MESSAGES = List.of("text:" + TEXT, "binary:0102030405", "binary:06", "text:");

    private static Collector server(MemoryTransport transport) {
        Collector collector = new Collector();
        transport.connect(TransportWebSocket.server(collector, PIECES, null, HttpHeaders.empty()));
        return collector;
    }

    @Test
    void everyCutOfTheStreamGivesTheSameMessagesAndNoCharacterIsSplit() {
        for (List<byte[]> cut : Cuts.of(stream())) {
            MemoryTransport transport = new MemoryTransport();
            Collector collector = server(transport);
            for (byte[] piece : cut) {
                transport.receive(piece);
            }
            assertThat(collector.messages).as("cut into %d", cut.size()).isEqualTo(MESSAGES);
            assertThat(collector.events).containsExactly("open", "ping:07");
            assertThat(collector.session.isOpen()).isTrue();
        }
    }

    @Test
    void piecesComeOnlyWithDemandAndTheRestWaitsUnread() {
        MemoryTransport transport = new MemoryTransport();
        Collector collector = server(transport);
        collector.requestEach = false;
        transport.receive(stream());                       // everything in one read
        assertThat(collector.pieceSizes).as("one piece to start with").hasSize(1);
        assertThat(transport.isReadingPaused()).isTrue();
        assertThat(collector.events).as("the ping behind it is not read yet").containsExactly("open");
        int pieces = 1;
        while (collector.messages.size() < MESSAGES.size()) {
            collector.session.request(1);
            pieces++;
            assertThat(collector.pieceSizes).hasSize(pieces);
            assertThat(pieces).isLessThan(20);
        }
        assertThat(collector.messages).isEqualTo(MESSAGES);
        assertThat(collector.events).containsExactly("open", "ping:07");
        collector.session.request(1);
        assertThat(transport.isReadingPaused()).isFalse();
    }

    @Test
    void demandFromInsideAPieceCallbackWhileHeldInputIsParsedOnlyAddsToIt() {
        MemoryTransport transport = new MemoryTransport();
        Collector collector = new Collector() {
            int pieces;

            @Override
            void more(WebSocketSession session) {
                if (++pieces % 2 == 1) {
                    session.request(1);   // every other piece asks for the next itself
                }
            }
        };
        transport.connect(TransportWebSocket.server(collector, PIECES, null, HttpHeaders.empty()));
        transport.receive(stream());
        for (int i = 0; i < 20 && collector.messages.size() < MESSAGES.size(); i++) {
            collector.session.request(1);   // the others from outside, parsing what was held
        }
        assertThat(collector.messages).isEqualTo(MESSAGES);
        assertThat(collector.events).containsExactly("open", "ping:07");
    }

    @Test
    void aHandlerThatClosesMidMessageWithoutDemandStillReadsThePeersCloseAndEndsCleanly() {
        MemoryTransport transport = new MemoryTransport();
        FakeClock clock = (FakeClock) transport.scheduler();
        Collector collector = new Collector() {
            @Override
            void more(WebSocketSession session) {
                if (pieceSizes.size() == 1) {
                    session.close(CloseCode.NORMAL_CLOSURE, "enough");   // from the piece callback, asking no more
                }
            }
        };
        transport.connect(TransportWebSocket.server(collector, PIECES, null, HttpHeaders.empty()));
        transport.receive(Hex.concat(frame(Opcode.BINARY, false, new byte[] {1}),
                frame(Opcode.CONTINUATION, false, new byte[] {2}),
                frame(Opcode.CONTINUATION, true, new byte[] {3})));
        clock.runPending();
        assertThat(collector.pieceSizes).as("once closing, the rest of the peer's data is read").hasSize(3);
        assertThat(transport.isReadingPaused()).isFalse();
        transport.receive(frame(Opcode.CLOSE, true, new byte[] {0x03, (byte) 0xE8}));   // the peer's answer: 1000
        clock.runPending();
        assertThat(collector.events).containsExactly("open", "close:1000:true");
    }

    @Test
    void aCloseFromAnotherThreadWithoutDemandAlsoReadsOnToThePeersClose() throws Exception {
        MemoryTransport transport = new MemoryTransport();
        FakeClock clock = (FakeClock) transport.scheduler();
        Collector collector = server(transport);
        collector.requestEach = false;
        transport.receive(Hex.concat(frame(Opcode.BINARY, true, new byte[] {1}), frame(Opcode.BINARY, true, new byte[] {2})));
        assertThat(transport.isReadingPaused()).as("no demand after the first piece").isTrue();
        Thread closer = new Thread(() -> collector.session.close());   // like a client's main thread
        closer.start();
        closer.join();
        clock.runPending();
        assertThat(collector.messages).as("the data held back is read").hasSize(2);
        assertThat(transport.isReadingPaused()).isFalse();
        transport.receive(frame(Opcode.CLOSE, true, new byte[] {0x03, (byte) 0xE8}));
        clock.runPending();
        assertThat(collector.events).containsExactly("open", "close:1000:true");
    }

    @Test
    void unboundedDemandGivesEveryPieceAsItArrives() {
        MemoryTransport transport = new MemoryTransport();
        Collector collector = server(transport);
        collector.requestEach = false;
        collector.session.request(Long.MAX_VALUE);
        for (List<byte[]> cut : List.of(Cuts.of(stream()).get(1))) {   // one byte per read
            for (byte[] b : cut) {
                transport.receive(b);
            }
        }
        assertThat(collector.messages).isEqualTo(MESSAGES);
        assertThat(transport.isReadingPaused()).isFalse();
    }

    @Test
    void aMessageOverTheLimitFailsWith1009AfterItsPiecesAddUpToMore() {
        MemoryTransport transport = new MemoryTransport();
        Collector collector = new Collector();
        transport.connect(TransportWebSocket.server(collector, PIECES.withMaxMessageSize(10), null, HttpHeaders.empty()));
        transport.receive(Hex.concat(frame(Opcode.BINARY, false, new byte[6]), frame(Opcode.CONTINUATION, true, new byte[6])));
        assertThat(collector.pieceSizes).containsExactly(6);
        assertThat(collector.events).endsWith("close:1009:false");
    }

    @Test
    void invalidUtf8FailsWith1007EvenWhenItsBytesAreInTwoPieces() {
        MemoryTransport transport = new MemoryTransport();
        Collector collector = server(transport);
        transport.receive(frame(Opcode.TEXT, false, new byte[] {'o', 'k', (byte) 0xE2, (byte) 0x82}));
        transport.receive(frame(Opcode.CONTINUATION, true, new byte[] {'x'}));
        assertThat(collector.pieceSizes).containsExactly(2);
        assertThat(collector.events).endsWith("close:1007:false");
    }

    @Test
    void nothingIsAssembledWhateverTheMessagesSize() {
        MemoryTransport transport = new MemoryTransport();
        Collector collector = new Collector();
        TransportWebSocket protocol = TransportWebSocket.server(collector, PIECES.withMaxMessageSize(64L << 20), null,
                HttpHeaders.empty());
        transport.connect(protocol);
        collector.requestEach = false;
        collector.session.request(Long.MAX_VALUE);
        byte[] big = frame(Opcode.BINARY, true, new byte[8 << 20]);
        int reads = 0;
        for (int at = 0; at < big.length; at += 64 * 1024) {
            transport.receive(java.util.Arrays.copyOfRange(big, at, Math.min(big.length, at + 64 * 1024)));
            assertThat(protocol.connection().assemblingCapacity()).isZero();
            reads++;
        }
        assertThat(collector.pieceSizes).hasSize(reads).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(64 * 1024));
        assertThat(collector.messages).hasSize(1);
    }

    @Test
    void aCompressedMessageArrivesDecompressedInPiecesAtEveryChunkSize() throws Exception {
        String text = Rfc7692PerMessageDeflateSessionTest.TEXT.repeat(20);
        for (int chunk : new int[] {1, 7, 100, 4096, 1 << 20}) {
            Rfc7692PerMessageDeflateSessionTest.Agreed agreed = Rfc7692PerMessageDeflateSessionTest.negotiate(true);
            Collector server = new Collector();
            RecordingHandler client = new RecordingHandler();
            TransportWebSocket serverEnd = TransportWebSocket.server(server, PIECES, null, HttpHeaders.empty())
                    .useExtensions(List.of(agreed.server()));
            TransportWebSocket clientEnd = TransportWebSocket.client(client, TransportWebSocketTest.NO_PING, null,
                    HttpHeaders.empty()).useExtensions(List.of(agreed.client()));
            MemoryPipe pipe = MemoryPipe.connect(clientEnd, serverEnd, chunk);
            client.session.sendText(text);
            client.session.sendText("second");
            pipe.pump();
            assertThat(server.messages).as("chunk %d", chunk).containsExactly("text:" + text, "text:second");
        }
    }
}
