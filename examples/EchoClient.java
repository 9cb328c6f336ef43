import dev.torsion.websocket.CloseStatus;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.client.WebSocketClient;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

/**
 * A WebSocket client that sends three messages, prints the three answers and exits:
 * {@code java EchoClient [URL]} (default {@code ws://127.0.0.1:8080/echo}). The client owns its event loop,
 * so nothing needs shutting down: the JVM exits once the session has finished closing.
 */
public class EchoClient {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/echo");
        CountDownLatch answers = new CountDownLatch(3);

        WebSocketClient client = WebSocketClient.builder().build();
        WebSocketSession session = client.connect(uri, WebSocketHandler.onText((s, text) -> {
            System.out.println("got: " + text);                          // on the client's event loop
            answers.countDown();
        })).get();                                                        // open, or why it could not be

        for (String message : new String[] {"one", "two", "three"}) {
            session.sendText(message);
        }
        answers.await();
        CloseStatus closed = session.close().toCompletableFuture().get(); // 1000, answered by the server
        System.out.println("closed: " + closed);                         // main returns, the JVM exits
    }
}
