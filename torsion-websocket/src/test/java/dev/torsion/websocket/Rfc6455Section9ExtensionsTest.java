package dev.torsion.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.http.HttpHeaders;
import dev.torsion.testing.MemoryPipe;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.extension.XorExtension;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.handshake.ClientExtension;
import dev.torsion.websocket.handshake.ClientHandshake;
import dev.torsion.websocket.handshake.ClientHandshakeResult;
import dev.torsion.websocket.handshake.ExtensionOffer;
import dev.torsion.websocket.handshake.HandshakeAccepted;
import dev.torsion.websocket.handshake.NegotiatedExtension;
import dev.torsion.websocket.handshake.ReservedBit;
import dev.torsion.websocket.handshake.ServerHandshake;
import dev.torsion.http.ResponseHead;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 section 9 (extensions) through the connection core: an agreed extension's reserved bits are
 * allowed on frames and its codec transforms messages both ways. Shown with a test extension, {@code x-xor}
 * (RSV2, every byte XORed with a negotiated key), alone and beside permessage-deflate (RSV1), fed at every
 * cut; and the failures: the bits on a continuation frame, the bits of two extensions on one message, bits
 * no extension claimed.
 */
class Rfc6455Section9ExtensionsTest {

    private static final int KEY = 90;

    /** A server connection using x-xor (and permessage-deflate first when {@code withDeflate}). */
    private static Harness server(boolean withDeflate) throws Exception {
        Harness server = new Harness(Role.SERVER, WebSocketConfig.defaults(), false);
        if (withDeflate) {
            server.connection.useExtension(Rfc7692PerMessageDeflateSessionTest.negotiate(true).server()
                    .newCodec(1 << 20));
        }
        server.connection.useExtension(xorCodec());
        server.connection.open();
        return server;
    }

    private static XorExtension.Codec xorCodec() {
        return (XorExtension.Codec) XorExtension.negotiator(Integer.MAX_VALUE)
                .negotiate(List.of(new ExtensionOffer(XorExtension.NAME,
                        List.of(dev.torsion.websocket.handshake.ExtensionParameter.of("key", "90")))))
                .orElseThrow().codec(1 << 20).orElseThrow();
    }

    private static byte[] xor(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] ^= KEY;
        }
        return bytes;
    }

    @Test
    void aMessageWithTheExtensionsBitsIsDecodedAtEveryCut() throws Exception {
        byte[] frame = Frames.masked(Opcode.TEXT, true, 2, xor("Hello, \u00e9t\u00e9"));
        for (List<byte[]> cut : Cuts.of(frame)) {
            Harness server = server(false);
            server.feed(cut);
            assertThat(server.events).as("cut into %d pieces", cut.size()).containsExactly("text:Hello, \u00e9t\u00e9");
        }
    }

    @Test
    void everyFrameOfAFragmentedMessageIsDecodedAtEveryCut() throws Exception {
        byte[] first = Frames.masked(Opcode.TEXT, false, 2, xor("frag"));
        byte[] ping = Frames.masked(0x9, true, 0, "p".getBytes(StandardCharsets.US_ASCII));
        byte[] last = Frames.masked(Opcode.CONTINUATION, true, 0, xor("mented"));
        byte[] stream = concat(first, ping, last);
        for (List<byte[]> cut : Cuts.of(stream)) {
            Harness server = server(false);
            server.feed(cut);
            assertThat(server.events).contains("text:fragmented");
        }
    }

    @Test
    void aMessageSentWholeGoesOutEncodedWithTheBitsAndAMessageWithoutThemAsItIs() throws Exception {
        Harness server = server(false);
        server.connection.sendText("Hello");
        byte[] plain = Frames.masked(Opcode.BINARY, true, 0, new byte[] {1, 2, 3});
        server.feed(plain);
        assertThat(Frames.decode(server.takeWritten(), Role.SERVER))
                .containsExactly("TEXT fin rsv2 " + Hex.of(xor("Hello")));
        assertThat(server.events).containsExactly("binary:010203");
    }

    @Test
    void beforePermessageDeflateLongMessagesAreCompressedAndShortOnesXored() throws Exception {
        Harness server = server(true);
        server.connection.sendText("short");
        server.connection.sendText("long enough to be compressed by permessage-deflate, ".repeat(5));
        List<String> frames = Frames.decode(server.takeWritten(), Role.SERVER);
        assertThat(frames.get(0)).isEqualTo("TEXT fin rsv2 " + Hex.of(xor("short")));
        assertThat(frames.get(1)).startsWith("TEXT fin rsv4 ");
    }

    @Test
    void theCodecIsReleasedOnceWhenTheConnectionEnds() throws Exception {
        Harness server = new Harness(Role.SERVER, WebSocketConfig.defaults(), false);
        XorExtension.Codec codec = xorCodec();
        server.connection.useExtension(codec);
        server.connection.open();
        server.connection.transportLost("test");
        server.connection.transportLost("again");
        assertThat(codec.releases()).isEqualTo(1);
    }

    @Test
    void theBitsOnAContinuationFrameFailWith1002() throws Exception {
        Harness server = server(false);
        server.feed(concat(Frames.masked(Opcode.TEXT, false, 0, xor("a")),
                Frames.masked(Opcode.CONTINUATION, true, 2, xor("b"))));
        assertThat(Frames.decode(server.takeWritten(), Role.SERVER)).containsExactly(Frames.close(1002));
    }

    @Test
    void theBitsOfTwoExtensionsOnOneMessageFailWith1002() throws Exception {
        Harness server = server(true);
        server.feed(Frames.masked(Opcode.TEXT, true, 4 | 2, xor("Hello")));
        assertThat(Frames.decode(server.takeWritten(), Role.SERVER)).containsExactly(Frames.close(1002));
    }

    @Test
    void bitsThatNoExtensionClaimedFailWith1002() throws Exception {
        Harness server = server(false);
        server.feed(Frames.masked(Opcode.TEXT, true, 1, "Hello".getBytes(StandardCharsets.US_ASCII)));
        assertThat(Frames.decode(server.takeWritten(), Role.SERVER)).containsExactly(Frames.close(1002));
    }

    @Test
    void anExtensionWithoutACodecOnlyClaimsItsBits() throws Exception {
        NegotiatedExtension bitsOnly = NegotiatedExtension.of("x-bits", List.of(), Set.of(ReservedBit.RSV3));
        RecordingHandler handler = new RecordingHandler();
        dev.torsion.testing.MemoryTransport transport = new dev.torsion.testing.MemoryTransport();
        transport.connect(TransportWebSocket.server(handler, Rfc7692PerMessageDeflateSessionTest.CONFIG, null,
                HttpHeaders.empty()).useExtensions(List.of(bitsOnly)));
        transport.receive(Frames.masked(Opcode.TEXT, true, 1, "as is".getBytes(StandardCharsets.US_ASCII)));
        assertThat(handler.events).containsExactly("open", "text:as is");
    }

    /** Both extensions negotiated by the real handshake objects, echoed over a MemoryPipe at every chunk size. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 100_000})
    void anEchoThroughBothExtensionsSurvivesEverySplit(int chunk) throws Exception {
        try (PerMessageDeflateServer deflateServer = PerMessageDeflateServer.builder().build();
             PerMessageDeflateClient deflateClient = PerMessageDeflateClient.builder().build()) {
            ClientExtension xorClient = XorExtension.client(KEY, 127);
            List<ClientExtension> clientSide = List.of(deflateClient, xorClient);
            List<ExtensionOffer> offers = new ArrayList<>();
            clientSide.forEach(e -> offers.addAll(e.offers()));
            ClientHandshake handshake = ClientHandshake.builder(URI.create("ws://example.com/")).extensions(offers)
                    .build();
            HandshakeAccepted accepted = (HandshakeAccepted) ServerHandshake.builder().extension(deflateServer)
                    .extension(XorExtension.negotiator(127)).build().respond(handshake.request());
            assertThat(accepted.extensions()).extracting(NegotiatedExtension::name)
                    .containsExactly("permessage-deflate", XorExtension.NAME);
            ClientHandshakeResult verified = handshake.verify(new ResponseHead(101, "", accepted.headers()));
            List<NegotiatedExtension> clientAgreed = new ArrayList<>();
            for (ClientExtension extension : clientSide) {
                Optional<? extends NegotiatedExtension> agreed = extension.accept(verified.extensions());
                agreed.ifPresent(clientAgreed::add);
            }
            assertThat(clientAgreed).hasSize(2);

            RecordingHandler server = new RecordingHandler();
            server.onText = WebSocketSession::sendText;
            RecordingHandler client = new RecordingHandler();
            TransportWebSocket serverProtocol = TransportWebSocket.server(server, Rfc7692PerMessageDeflateSessionTest.CONFIG,
                    null, HttpHeaders.empty()).useExtensions(accepted.extensions());
            TransportWebSocket clientProtocol = TransportWebSocket.client(client, Rfc7692PerMessageDeflateSessionTest.CONFIG,
                    null, HttpHeaders.empty()).useExtensions(clientAgreed);
            MemoryPipe pipe = MemoryPipe.connect(clientProtocol, serverProtocol, chunk);
            String longText = Rfc7692PerMessageDeflateSessionTest.TEXT;
            client.session.sendText("short \u2603");
            client.session.sendText(longText);
            client.session.sendText("");
            pipe.pump();
            assertThat(client.events).containsExactly("open", "text:short \u2603", "text:" + longText, "text:");
            client.session.close();
            pipe.pump();
            assertThat(client.events).endsWith("close:1000:true");
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
