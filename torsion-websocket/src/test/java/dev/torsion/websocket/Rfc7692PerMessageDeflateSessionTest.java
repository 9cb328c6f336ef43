package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.ResponseHead;
import dev.torsion.testing.MemoryPipe;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;
import dev.torsion.websocket.deflate.PerMessageDeflateExtension;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.handshake.ClientHandshake;
import dev.torsion.websocket.handshake.ClientHandshakeResult;
import dev.torsion.websocket.handshake.HandshakeAccepted;
import dev.torsion.websocket.handshake.ServerHandshake;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * permessage-deflate wired into the connection (RFC 7692 sections 6 and 7): compressed messages both ways for
 * any split of the byte stream, RSV1 rules, the decompressed-size limit, and the release of zlib memory.
 */
class Rfc7692PerMessageDeflateSessionTest {

    static final WebSocketConfig CONFIG = WebSocketConfig.defaults().withPing(java.time.Duration.ZERO,
            java.time.Duration.ofSeconds(10));
    static final String TEXT = "the quick brown fox jumps over the lazy dog, again and again; ".repeat(40);

    record Agreed(PerMessageDeflateExtension server, PerMessageDeflateExtension client) {
    }

    static Agreed negotiate(boolean contextTakeover) throws Exception {
        PerMessageDeflateServer server = PerMessageDeflateServer.builder()
                .serverNoContextTakeover(!contextTakeover).requestClientNoContextTakeover(!contextTakeover).build();
        PerMessageDeflateClient client = PerMessageDeflateClient.builder().build();
        ClientHandshake handshake = ClientHandshake.builder(URI.create("ws://example.com/"))
                .extensions(client.offers()).build();
        HandshakeAccepted accepted = (HandshakeAccepted) ServerHandshake.builder().extension(server).build()
                .respond(handshake.request());
        ClientHandshakeResult verified = handshake.verify(new ResponseHead(101, "", accepted.headers()));
        return new Agreed((PerMessageDeflateExtension) accepted.extensions().get(0),
                client.accept(verified.extensions()).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 64, 100_000})
    void compressedEchoForEverySplit(int chunk) throws Exception {
        for (boolean takeover : new boolean[] {true, false}) {
            Agreed agreed = negotiate(takeover);
            RecordingHandler server = new RecordingHandler();
            server.onText = WebSocketSession::sendText;
            RecordingHandler client = new RecordingHandler();
            TransportWebSocket serverProtocol = TransportWebSocket.server(server, CONFIG, null, HttpHeaders.empty()).useExtensions(java.util.List.of(agreed.server()));
            TransportWebSocket clientProtocol = TransportWebSocket.client(client, CONFIG, null, HttpHeaders.empty()).useExtensions(java.util.List.of(agreed.client()));
            MemoryPipe pipe = MemoryPipe.connect(clientProtocol, serverProtocol, chunk);
            for (int i = 0; i < 3; i++) {
                client.session.sendText(TEXT + i);
            }
            client.session.sendText("short");
            pipe.pump();
            assertThat(client.events).containsExactly("open", "text:" + TEXT + 0, "text:" + TEXT + 1,
                    "text:" + TEXT + 2, "text:short");
            client.session.close();
            pipe.pump();
            assertThat(client.events).endsWith("close:1000:true");
        }
    }

    @Test
    void aCompressibleMessageGoesOutWithRsv1AndFewerBytes() throws Exception {
        Agreed agreed = negotiate(false);
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, CONFIG, null, HttpHeaders.empty()).useExtensions(java.util.List.of(agreed.server())));
        handler.session.sendText(TEXT);
        byte[] wire = transport.takeWritten();
        assertThat(wire[0] & 0xff).isEqualTo(0x80 | 0x40 | Opcode_TEXT);
        assertThat(wire.length).isLessThan(TEXT.length() / 4);
        handler.session.sendText("tiny");
        assertThat(transport.takeWritten()[0] & 0xff).as("below the threshold: not compressed").isEqualTo(0x81);
    }

    static final int Opcode_TEXT = 1;

    @Test
    void rsv1OnAContinuationFrameIsAProtocolError() throws Exception {
        Agreed agreed = negotiate(false);
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, CONFIG, null, HttpHeaders.empty()).useExtensions(java.util.List.of(agreed.server())));
        transport.receive(Frames.masked(0x01, false, 0, "Hel".getBytes()));          // text, not final
        transport.receive(Frames.masked(0x00, true, 4, "lo".getBytes()));            // continuation with RSV1
        assertThat(handler.closeCode).isEqualTo(CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void rsv1WithoutTheExtensionIsAProtocolError() {
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, CONFIG, null, HttpHeaders.empty()));
        transport.receive(Frames.masked(0x01, true, 4, new byte[] {(byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9,
                (byte) 0xc9, 0x07, 0x00}));
        assertThat(handler.closeCode).isEqualTo(CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void theRfcHelloExampleIsReceived() throws Exception {
        Agreed agreed = negotiate(false);
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = new MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, CONFIG, null, HttpHeaders.empty()).useExtensions(java.util.List.of(agreed.server())));
        byte[] frame = Frames.masked(0x01, true, 4, new byte[] {(byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9,
                (byte) 0xc9, 0x07, 0x00});
        transport.receiveInChunks(frame, 1);
        assertThat(handler.events).containsExactly("open", "text:Hello");
    }

    @Test
    void aBombIsCutOffWith1009WithoutInflatingIt() throws Exception {
        Agreed agreed = negotiate(false);
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = new MemoryTransport();
        WebSocketConfig small = CONFIG.withMaxMessageSize(1 << 20);
        transport.connect(TransportWebSocket.server(handler, small, null, HttpHeaders.empty()).useExtensions(java.util.List.of(agreed.server())));
        byte[] bomb = deflateZeros(256 << 20);     // 256 MiB of zeros, about 256 KiB compressed
        assertThat(bomb.length).isLessThan(1 << 20);
        long before = usedHeap();
        transport.receive(Frames.masked(0x02, true, 4, bomb));
        assertThat(handler.closeCode).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
        assertThat(usedHeap() - before).as("heap growth").isLessThan(64L << 20);
    }

    @Test
    void closingReleasesTheCodec() throws Exception {
        Agreed agreed = negotiate(true);
        RecordingHandler handler = new RecordingHandler();
        MemoryTransport transport = new MemoryTransport();
        TransportWebSocket protocol = TransportWebSocket.server(handler, CONFIG, null, HttpHeaders.empty()).useExtensions(java.util.List.of(agreed.server()));
        transport.connect(protocol);
        handler.session.sendText(TEXT);
        transport.abortConnection();
        assertThat(protocol.connection().deflateForTests().isReleased()).isTrue();
    }

    @Test
    void aPreparedMessageIsCompressedOnceForSessionsWithoutContextTakeover() throws Exception {
        PreparedMessage prepared = PreparedMessage.text(TEXT);
        byte[][] wires = new byte[3][];
        for (int i = 0; i < 3; i++) {
            Agreed agreed = negotiate(false);
            RecordingHandler handler = new RecordingHandler();
            MemoryTransport transport = new MemoryTransport();
            transport.connect(TransportWebSocket.server(handler, CONFIG, null, HttpHeaders.empty()).useExtensions(java.util.List.of(agreed.server())));
            handler.session.sendPrepared(prepared);
            wires[i] = transport.takeWritten();
        }
        assertThat(wires[0][0] & 0xff).isEqualTo(0xc1);
        assertThat(wires[1]).isEqualTo(wires[0]);
        assertThat(wires[2]).isEqualTo(wires[0]);
        // and a client decompresses it back to the text
        Agreed agreed = negotiate(false);
        RecordingHandler client = new RecordingHandler();
        MemoryTransport clientSide = new MemoryTransport();
        clientSide.connect(TransportWebSocket.client(client, CONFIG, null, HttpHeaders.empty()).useExtensions(java.util.List.of(agreed.client())));
        clientSide.receive(wires[0]);
        assertThat(client.events).containsExactly("open", "text:" + TEXT);
    }

    @Test
    void aPreparedMessageToASessionWithContextTakeoverIsCompressedWithItsOwnWindow() throws Exception {
        Agreed agreed = negotiate(true);
        RecordingHandler server = new RecordingHandler();
        RecordingHandler client = new RecordingHandler();
        MemoryPipe pipe = MemoryPipe.connect(
                TransportWebSocket.client(client, CONFIG, null, HttpHeaders.empty()).useExtensions(java.util.List.of(agreed.client())),
                TransportWebSocket.server(server, CONFIG, null, HttpHeaders.empty()).useExtensions(java.util.List.of(agreed.server())));
        PreparedMessage prepared = PreparedMessage.text(TEXT);
        server.session.sendPrepared(prepared);
        server.session.sendPrepared(prepared);
        pipe.pump();
        assertThat(client.events).containsExactly("open", "text:" + TEXT, "text:" + TEXT);
    }

    private static byte[] deflateZeros(int size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[1 << 20];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        for (int i = 0; i < size / zeros.length; i++) {
            deflater.setInput(zeros);
            int n;
            while ((n = deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH)) > 0) {
                out.write(buf, 0, n);
            }
        }
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buf, 0, n);
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOf(all, all.length - 4); // drop 00 00 ff ff as a sender does
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
