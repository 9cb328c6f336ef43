import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.client.WebSocketClient;

import java.net.URI;
import java.nio.ByteBuffer;
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
        WebSocketSession session = client.connect(uri, new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession session, String text) {
                System.out.println("got: " + text);                      // on the client's event loop
                answers.countDown();
            }

            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
            }

            @Override
            public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
                System.out.println("closed: " + code.code() + (clean ? "" : " (not clean)"));
            }
        }).get();                                                         // open, or why it could not be

        for (String message : new String[] {"one", "two", "three"}) {
            session.sendText(message);
        }
        answers.await();
        session.close();                                                  // 1000; main returns, the JVM exits
    }
}
