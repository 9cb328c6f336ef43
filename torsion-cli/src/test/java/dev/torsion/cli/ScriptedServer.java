package dev.torsion.cli;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Site;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.server.WebSocketResource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket server for {@code torsion connect}'s tests that echoes, except for a few commands sent as text:
 * {@code headers NAME} answers that request header's values, {@code subprotocol} the agreed subprotocol,
 * {@code binary TEXT} answers TEXT's bytes as a binary message, {@code repeat N} answers a text of N times
 * 'x', {@code close-1011} closes with 1011.
 */
final class ScriptedServer implements AutoCloseable {

    final Reactor reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
    final ListeningPort port;

    ScriptedServer() throws Exception {
        port = reactor.listenTcp("127.0.0.1", 0, new Site(WebSocketResource.builder(new Script())
                .config(dev.torsion.websocket.WebSocketConfig.defaults().withKeepRequestHeaders(true))
                .subprotocols("chat").build()));
    }

    String url() {
        return "ws://127.0.0.1:" + port.port() + "/";
    }

    @Override
    public void close() {
        reactor.close();
    }

    private static final class Script implements WebSocketHandler {
        @Override
        public void onText(WebSocketSession session, String text) {
            if (text.startsWith("headers ")) {
                session.sendText(String.join(",", session.requestHeaders().getAll(text.substring(8))));
            } else if (text.equals("subprotocol")) {
                session.sendText(String.valueOf(session.subprotocol()));
            } else if (text.startsWith("binary ")) {
                session.sendBinary(text.substring(7).getBytes(StandardCharsets.UTF_8));
            } else if (text.startsWith("repeat ")) {
                session.sendText("x".repeat(Integer.parseInt(text.substring(7))));
            } else if (text.equals("close-1011")) {
                session.close(CloseCode.INTERNAL_ERROR, "scripted failure");
            } else {
                session.sendText(text);
            }
        }

        @Override
        public void onBinary(WebSocketSession session, ByteBuffer data) {
            session.sendBinary(data);
        }

        @Override
        public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        }
    }
}
