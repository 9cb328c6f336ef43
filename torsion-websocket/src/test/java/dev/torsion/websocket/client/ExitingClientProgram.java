package dev.torsion.websocket.client;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;

import java.net.URI;
import java.nio.ByteBuffer;

/**
 * A client program as a user writes it, with no reactor of its own and no shutdown code, run in a child JVM
 * by {@link ClientJvmExitTest}: {@code send-and-close URI} sends three messages, closes and returns from
 * {@code main}; {@code wait-for-bye URI} sends "waiting", prints "main returned" and returns with the session
 * still open, then answers the server's "bye" with "got bye" and closes.
 */
public final class ExitingClientProgram {

    private ExitingClientProgram() {
    }

    public static void main(String[] args) throws Exception {
        WebSocketClient client = WebSocketClient.builder().build();
        WebSocketSession session = client.connect(URI.create(args[1]), new WebSocketHandler() {
            @Override
            public void onText(WebSocketSession s, String text) {
                if (text.equals("bye")) {
                    s.sendText("got bye");
                    s.close();
                }
            }

            @Override
            public void onBinary(WebSocketSession s, ByteBuffer data) {
            }

            @Override
            public void onClose(WebSocketSession s, CloseCode code, String reason, boolean clean) {
            }
        }).get();
        if (args[0].equals("send-and-close")) {
            session.sendText("one");
            session.sendText("two");
            session.sendText("three");
            session.close();
        } else {
            session.sendText("waiting");
            System.out.println("main returned");
            System.out.flush();
        }
    }
}
