import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.handshake.UpgradeDecision;
import dev.torsion.websocket.server.WebSocketResource;

/**
 * A handshake that checks a token and picks a subprotocol: {@code java TokenServer [PORT] [TOKEN]} accepts
 * {@code ws://127.0.0.1:PORT/ws} only with {@code Authorization: Bearer TOKEN} (or {@code ?token=TOKEN}, for a
 * browser), refusing anything else with 401 and a {@code WWW-Authenticate} challenge before any WebSocket
 * exists; it speaks {@code chat.v2} or {@code chat.v1}, preferring v2, and greets each client in the one chosen.
 */
public class TokenServer {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        String token = args.length > 1 ? args[1] : "secret";

        Resource root = new Resource();
        root.putChild("ws", WebSocketResource.builder(new WebSocketHandler() {
                    @Override
                    public void onOpen(WebSocketSession session) {
                        String spoken = session.subprotocol() != null ? session.subprotocol() : "none";
                        session.sendText("subprotocol: " + spoken);
                    }
                })
                .interceptor(request -> {                                    // before any WebSocket exists
                    String bearer = request.headers().get("Authorization");
                    boolean valid = ("Bearer " + token).equals(bearer) || token.equals(request.queryParameter("token"));
                    return valid ? UpgradeDecision.accept()
                            : UpgradeDecision.reject(401, "a valid token is needed")
                                    .withHeader("WWW-Authenticate", "Bearer realm=\"chat\"");
                })
                .subprotocols("chat.v2", "chat.v1")                      // the server's order of preference
                .build());

        try (Reactor reactor = Reactor.create()) {
            ListeningPort listening = reactor.listenTcp("127.0.0.1", port, new Site(root));
            System.out.println("checking tokens on ws://127.0.0.1:" + listening.port() + "/ws");
            reactor.run();
        }
    }
}
