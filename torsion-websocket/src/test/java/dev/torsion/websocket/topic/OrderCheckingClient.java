package dev.torsion.websocket.topic;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: a client-side handler that expects text messages {@code "<publisher>:<seq>"} and checks that
 * each publisher's numbers arrive in order with none missing. Thread-safe for the test's reads.
 */
final class OrderCheckingClient implements WebSocketHandler {

    final AtomicInteger received = new AtomicInteger();
    final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    volatile CloseCode closedWith;
    private final int[] next;

    OrderCheckingClient(int publishers) {
        next = new int[publishers];
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        int colon = text.indexOf(':');
        int publisher = Integer.parseInt(text.substring(0, colon));
        int seq = Integer.parseInt(text.substring(colon + 1, indexOfEnd(text, colon + 1)));
        if (seq != next[publisher]) {
            problems.add("publisher " + publisher + ": expected " + next[publisher] + ", got " + seq);
        }
        next[publisher] = seq + 1;
        received.incrementAndGet();
    }

    private static int indexOfEnd(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        return i;
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        problems.add("unexpected binary message");
    }

    @Override
    public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        closedWith = code;
    }
}
