package dev.torsion.bench.peers;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12 WebSocket echo peer ({@code jetty-ws}): the Jetty WebSocket API on Jetty's core
 * handlers (no servlets), endpoint at {@code /}, text and binary messages up to 16 MiB, idle timeouts
 * raised to one hour so idle-connection runs are not cut short, Jetty's default thread pool,
 * permessage-deflate only with {@code --deflate} (Jetty would otherwise accept it by default).
 */
final class JettyWsPeer {

    private static final Duration IDLE_TIMEOUT = Duration.ofHours(1);

    private JettyWsPeer() {
    }

    static void run(Options options) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);

        ContextHandler context = new ContextHandler("/");
        boolean deflate = options.deflate();
        context.setHandler(WebSocketUpgradeHandler.from(server, context, container -> {
            container.setMaxTextMessageSize(Options.MAX_MESSAGE_BYTES);
            container.setMaxBinaryMessageSize(Options.MAX_MESSAGE_BYTES);
            container.setIdleTimeout(IDLE_TIMEOUT);
            container.addMapping("/", (request, response, callback) -> {
                if (!deflate) {
                    response.setExtensions(List.of());
                }
                return new Echo();
            });
        }));
        server.setHandler(context);
        server.setStopAtShutdown(true);
        server.setStopTimeout(2000);
        server.start();
        Peers.ready(options.host(), connector.getLocalPort());
        server.join();
    }

    /**
     * Echoes each whole message. A binary payload is sent back from Jetty's own buffer, which is
     * released (and the next frame demanded) only once the echo has been written.
     */
    public static final class Echo extends Session.Listener.AbstractAutoDemanding {
        @Override
        public void onWebSocketText(String message) {
            getSession().sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            getSession().sendBinary(payload, callback);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // Jetty has already closed with the matching code (1009 for a message over 16 MiB): nothing to add.
        }
    }
}
