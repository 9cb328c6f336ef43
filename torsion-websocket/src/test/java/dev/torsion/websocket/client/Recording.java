package dev.torsion.websocket.client;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test handler: queues every message (text as String, binary as byte[]) and records the close. */
class Recording implements WebSocketHandler {
    final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    volatile boolean opened;

    @Override
    public void onOpen(WebSocketSession session) {
        opened = true;
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        messages.add(text);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        messages.add(b);
    }

    @Override
    public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        closed.complete(code.code() + (clean ? " clean" : " unclean") + (reason.isEmpty() ? "" : " " + reason));
    }

    Object next() throws InterruptedException {
        Object m = messages.poll(30, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 30 s");
        }
        return m;
    }
}
