import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.web.FileResource;
import dev.torsion.web.Site;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.server.WebSocketResource;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A WebSocket echo server that also serves a folder of pages, on one port:
 * {@code java EchoServer [PORT] [FOLDER]} serves FOLDER (default: the current folder) at
 * {@code http://127.0.0.1:PORT/} and echoes at {@code ws://127.0.0.1:PORT/echo}. Ctrl-C closes the
 * connections cleanly (1001) before the process ends.
 */
public class EchoServer {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Path folder = Path.of(args.length > 1 ? args[1] : ".");

        FileResource pages = new FileResource(folder);                  // GET /, /app.js, ...
        pages.putChild("echo", WebSocketResource.builder(                 // ws://127.0.0.1:PORT/echo
                WebSocketHandler.onMessage(WebSocketSession::sendText, WebSocketSession::sendBinary)).build());

        try (Reactor reactor = Reactor.create()) {
            ListeningPort listening = reactor.listenTcp("127.0.0.1", port, new Site(pages));
            System.out.println("serving " + folder.toAbsolutePath() + " on http://127.0.0.1:" + listening.port()
                    + "/, echoing on ws://127.0.0.1:" + listening.port() + "/echo");
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
                    reactor.shutdownGracefully(Duration.ofSeconds(5)).join()));
            reactor.run();
        }
    }
}
