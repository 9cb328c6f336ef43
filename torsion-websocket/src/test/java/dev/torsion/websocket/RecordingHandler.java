package dev.torsion.websocket;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Test helper: a handler that records its callbacks as strings and can run an action on each text. */
class RecordingHandler implements WebSocketHandler {

    final List<String> events = new ArrayList<>();
    WebSocketSession session;
    BiConsumer<WebSocketSession, String> onText = (s, t) -> { };
    CloseCode closeCode;
    String closeReason;
    Boolean clean;

    @Override
    public void onOpen(WebSocketSession session) {
        this.session = session;
        events.add("open");
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        events.add("text:" + text);
        onText.accept(session, text);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        events.add("binary:" + Harness.hexOf(data));
    }

    @Override
    public void onPing(WebSocketSession session, ByteBuffer payload) {
        events.add("ping:" + Harness.hexOf(payload));
    }

    @Override
    public void onPong(WebSocketSession session, ByteBuffer payload) {
        events.add("pong");
    }

    @Override
    public void onDrain(WebSocketSession session) {
        events.add("drain");
    }

    @Override
    public void onError(WebSocketSession session, Throwable error) {
        events.add("error:" + error.getMessage());
    }

    @Override
    public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        events.add("close:" + code.code() + ":" + clean);
        this.closeCode = code;
        this.closeReason = reason;
        this.clean = clean;
    }
}
