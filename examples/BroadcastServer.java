import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.web.FileResource;
import dev.torsion.web.Site;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.server.WebSocketResource;
import dev.torsion.websocket.topic.TopicRegistry;

import java.nio.file.Path;

/**
 * A chat room that also serves a folder of pages, on one port: {@code java BroadcastServer [PORT] [FOLDER]}
 * serves FOLDER at {@code http://127.0.0.1:PORT/}, and every text sent to {@code ws://127.0.0.1:PORT/chat?name=ada}
 * goes to everyone in the room (a topic: each message is framed once for all its subscribers).
 */
public class BroadcastServer {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Path folder = Path.of(args.length > 1 ? args[1] : ".");
        TopicRegistry topics = TopicRegistry.create();

        FileResource pages = new FileResource(folder);                  // GET /, /app.js, ...
        pages.putChild("chat", WebSocketResource.builder(request -> {     // one handler per connection
            String name = request.getArg("name") != null ? request.getArg("name") : "anonymous";
            return new WebSocketHandler() {
                @Override
                public void onOpen(WebSocketSession session) {
                    topics.subscribe(session, "room");                    // unsubscribed when it closes
                    topics.publish("room", name + " joined");
                }

                @Override
                public void onText(WebSocketSession session, String text) {
                    topics.publish("room", name + ": " + text);
                }

                @Override
                public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
                    topics.publish("room", name + " left");
                }
            };
        }).build());

        try (Reactor reactor = Reactor.create()) {
            ListeningPort listening = reactor.listenTcp("127.0.0.1", port, new Site(pages));
            System.out.println("serving " + folder.toAbsolutePath() + " on http://127.0.0.1:" + listening.port()
                    + "/, chat on ws://127.0.0.1:" + listening.port() + "/chat?name=...");
            reactor.run();
        }
    }
}
