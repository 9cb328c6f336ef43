package dev.torsion.websocket.server;

import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;

import java.nio.ByteBuffer;

/**
 * Sends every text and binary message back unchanged: the handler behind {@code torsion echo} and a handy
 * peer in tests. Stateless: one instance serves every connection.
 *
 * <p>It is the zero-copy path: a binary message arrives as a view of the read buffer and
 * {@code sendBinary} copies it once, straight into the transport's output; a text message is decoded once
 * into its {@code String} and encoded once from it into the output.
 *
 * <p>Backpressure comes from the session: while the peer does not read its echoes, the transport stops
 * reading new messages from it, so the send queue stays bounded.
 *
 * <p><b>Threading.</b> Thread-safe (no state).
 */
public class EchoHandler implements WebSocketHandler {

    @Override
    public void onText(WebSocketSession session, String text) {
        session.sendText(text);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        session.sendBinary(data);
    }
}
