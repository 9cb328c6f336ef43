package dev.torsion.cli.bench;

import dev.torsion.http.MalformedResponseException;
import dev.torsion.http.ResponseHead;
import dev.torsion.http.ResponseHeadParser;
import dev.torsion.websocket.handshake.ClientHandshake;
import dev.torsion.websocket.handshake.HandshakeFailedException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Opens one WebSocket connection for idle mode from a chosen source address: a blocking
 * {@link SocketChannel} bound to {@code source} (port chosen by the kernel) before it connects, then the
 * Torsion client handshake ({@link ClientHandshake}, checked strictly) done by hand on that channel.
 *
 * <p>Why not the reactor: {@code Reactor.connectTcp} has no way to bind the local address, and one source
 * address gives at most one ephemeral port range (about 28,000 ports) towards one server. Binding to
 * 127.0.0.2, 127.0.0.3, ... lifts that limit on loopback. (A core hook that would make this unnecessary:
 * a {@code connectTcp} overload taking a local {@code SocketAddress}.)
 *
 * <p><b>Threading / lifecycle.</b> Stateless; {@link #open} may be called from any number of threads at
 * once and blocks the caller until the handshake is done or has failed.
 */
final class IdleConnector {

    private IdleConnector() {
    }

    /**
     * Connects to {@code server} from {@code source} (null: the kernel's choice), does the opening handshake
     * for {@code uri}, and returns the channel, still blocking, positioned after the 101 response.
     *
     * @throws IOException naming what failed: bind, connect, a malformed or refused handshake
     */
    static SocketChannel open(URI uri, InetSocketAddress server, InetAddress source) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (source != null) {
                channel.bind(new InetSocketAddress(source, 0));
            }
            channel.connect(server);
            ClientHandshake handshake = ClientHandshake.builder(uri).build();
            ByteBuffer request = ByteBuffer.wrap(handshake.request().toHttpText().getBytes(StandardCharsets.ISO_8859_1));
            while (request.hasRemaining()) {
                channel.write(request);
            }
            ResponseHeadParser parser = new ResponseHeadParser();
            ByteBuffer in = ByteBuffer.allocate(1024);
            ResponseHead response = null;
            while (response == null) {
                in.clear();
                if (channel.read(in) < 0) {
                    throw new IOException("the server closed the connection during the handshake");
                }
                in.flip();
                response = parser.feed(in);
            }
            handshake.verify(response);
            return channel;
        } catch (MalformedResponseException | HandshakeFailedException e) {
            close(channel);
            throw new IOException("handshake failed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
