package dev.torsion.websocket.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.deflate.PerMessageDeflateClient;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.deflate.SampleMessages;
import dev.torsion.websocket.extension.XorExtension;
import dev.torsion.websocket.server.EchoHandler;
import dev.torsion.websocket.server.WebSocketResource;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 section 9 over real sockets: a custom extension ({@code x-xor}, RSV2, see {@link XorExtension})
 * beside permessage-deflate, configured on {@code WebSocketResource} and {@code WebSocketClient}. A raw socket
 * shows the server really puts the transform on the wire; the Torsion client echoes every kind of message
 * through both extensions.
 */
class Rfc6455Section9ExtensionsOverSocketsTest {

    static Reactor reactor;
    static ListeningPort port;
    static PerMessageDeflateServer deflate;

    @BeforeAll
    static void start() throws Exception {
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
        deflate = PerMessageDeflateServer.builder().build();
        Resource root = new Resource();
        root.putChild("echo", WebSocketResource.builder(new EchoHandler()).deflate(deflate)
                .extension(XorExtension.negotiator(127)).build());
        port = reactor.listenTcp("127.0.0.1", 0, new Site(root));
    }

    @AfterAll
    static void stop() {
        reactor.close();
        deflate.close();
    }

    @Test
    void theServerAgreesAndPutsTheTransformOnTheWire() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: x-xor; key=7\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101").contains("x-xor; key=7");
            byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
            byte[] frame = new byte[2 + 4 + hello.length];
            frame[0] = (byte) (0x80 | 0x20 | 0x1);            // FIN, RSV2, text
            frame[1] = (byte) (0x80 | hello.length);          // masked with key 00 00 00 00
            for (int i = 0; i < hello.length; i++) {
                frame[6 + i] = (byte) (hello[i] ^ 7);
            }
            out.write(frame);
            assertThat(in.readUnsignedByte()).as("FIN, RSV2, text").isEqualTo(0x80 | 0x20 | 0x1);
            assertThat(in.readUnsignedByte()).isEqualTo(hello.length);
            byte[] back = new byte[hello.length];
            in.readFully(back);
            for (int i = 0; i < back.length; i++) {
                back[i] ^= 7;
            }
            assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("hello");
        }
    }

    @Test
    void theClientEchoesEveryKindOfMessageThroughBothExtensions() throws Exception {
        try (PerMessageDeflateClient compression = PerMessageDeflateClient.builder().build()) {
            Recording handler = new Recording();
            WebSocketSession session = WebSocketClient.builder(reactor).deflate(compression)
                    .extension(XorExtension.client(90, 127)).build()
                    .connect(URI.create("ws://127.0.0.1:" + port.port() + "/echo"), handler).get(10, TimeUnit.SECONDS);
            session.sendText("short \u2603");
            assertThat(handler.next()).isEqualTo("short \u2603");
            for (byte[] message : SampleMessages.of(9)) {
                session.sendBinary(ByteBuffer.wrap(message));
                assertThat((byte[]) handler.next()).isEqualTo(message);
            }
            session.close(CloseCode.NORMAL_CLOSURE, "");
            assertThat(handler.closed.get(10, TimeUnit.SECONDS)).startsWith("1000 clean");
        }
    }
}
