package dev.torsion.bench.peers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Java-WebSocket echo peer ({@code java-websocket}): RFC 6455 draft only, frames (and fragmented
 * messages) up to 16 MiB, any path, one selector thread plus one decoder thread, the library's
 * default 60 s lost-connection ping, permessage-deflate only with {@code --deflate}.
 */
final class JavaWebSocketPeer extends WebSocketServer {

    private final String host;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;

    private JavaWebSocketPeer(Options options) {
        super(new InetSocketAddress(options.host(), options.port()), 1, List.of(draft(options.deflate())));
        this.host = options.host();
        setReuseAddr(true);
        setTcpNoDelay(true);
    }

    private static Draft draft(boolean deflate) {
        List<IExtension> extensions = deflate ? List.of(new PerMessageDeflateExtension()) : List.of();
        return new Draft_6455(extensions, Options.MAX_MESSAGE_BYTES);
    }

    static void run(Options options) throws Exception {
        JavaWebSocketPeer server = new JavaWebSocketPeer(options);
        server.start();
        server.started.await();
        if (server.startFailure != null) {
            throw server.startFailure;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "peer-shutdown"));
        Peers.ready(server.host, server.getPort());
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        conn.send(message);
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        conn.send(message);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            // The server itself failed (for example, the port is taken): report it to run().
            startFailure = ex;
            started.countDown();
        }
    }
}
