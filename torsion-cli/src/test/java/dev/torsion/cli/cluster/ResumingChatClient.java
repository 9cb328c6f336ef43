package dev.torsion.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: a chat client (the JDK's WebSocket client) that behaves like the chat page: when its connection
 * drops it reconnects after a jittered delay and joins again with the id of the last message it got, so the
 * server sends what it missed. It records every {@code message} as {@code id|name|text}, in arrival order.
 *
 * <p><b>Threading.</b> Callbacks on the JDK client's threads, one at a time per connection; the records are
 * synchronized. <b>Lifecycle.</b> {@link #start} to {@link #close}.
 */
final class ResumingChatClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chat-client-reconnect");
        t.setDaemon(true);
        return t;
    });

    final String name;
    final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    final List<String> gaps = Collections.synchronizedList(new ArrayList<>());
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger welcomes = new AtomicInteger();
    final AtomicInteger disconnects = new AtomicInteger();
    private final String room;
    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile String lastId;
    private volatile WebSocket ws;
    private volatile boolean closed;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    ResumingChatClient(String url, String room, String name) {
        this.url = URI.create(url);
        this.room = room;
        this.name = name;
    }

    ResumingChatClient start() {
        connect();
        return this;
    }

    /** The id of the last room message this client got (its own joined first), or null. */
    String lastId() {
        return lastId;
    }

    List<String> snapshot() {
        synchronized (messages) {
            return new ArrayList<>(messages);
        }
    }

    /** Sends a say on the current connection (after the previous send, as the JDK client requires). */
    synchronized void say(String text) {
        WebSocket current = ws;
        String json = JSON.createObjectNode().put("type", "say").put("text", text).toString();
        sending = sending.handle((v, e) -> null).thenCompose(v -> current.sendText(json, true));
    }

    private void connect() {
        if (closed) {
            return;
        }
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(2)).buildAsync(url, new Listener())
                .whenComplete((socket, e) -> {
                    if (e != null) {
                        reconnectLater();
                    }
                });
    }

    private void reconnectLater() {
        if (!closed) {
            TIMER.schedule(this::connect, ThreadLocalRandom.current().nextLong(50, 300), TimeUnit.MILLISECONDS);
        }
    }

    private void join(WebSocket socket) {
        var join = JSON.createObjectNode().put("type", "join").put("room", room).put("name", name);
        if (lastId != null) {
            join.put("after", lastId);
        }
        synchronized (this) {
            sending = sending.handle((v, e) -> null).thenCompose(v -> socket.sendText(join.toString(), true));
        }
    }

    private void received(WebSocket socket, String text) throws Exception {
        JsonNode m = JSON.readTree(text);
        if (m.has("id")) {
            lastId = m.get("id").asText();
        }
        switch (m.get("type").asText()) {
            case "message":
                messages.add(m.get("id").asText() + "|" + m.get("name").asText() + "|" + m.get("text").asText());
                break;
            case "welcome":
                welcomes.incrementAndGet();
                break;
            case "gap":
                gaps.add(text);
                break;
            case "error":
                if (m.get("code").asText().equals("name-taken")) {   // our old connection is not gone yet
                    TIMER.schedule(() -> join(socket), 200, TimeUnit.MILLISECONDS);
                } else {
                    errors.add(text);
                }
                break;
            default:
                break;
        }
    }

    @Override
    public void close() {
        closed = true;
        WebSocket current = ws;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public String toString() {
        return name + " (" + messages.size() + " messages, " + welcomes + " welcomes, " + disconnects
                + " disconnects)";
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket socket) {
            ws = socket;
            join(socket);
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received(socket, partial.toString());
                } catch (Exception e) {
                    errors.add("unreadable: " + partial + " (" + e + ")");
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            disconnects.incrementAndGet();
            reconnectLater();
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            disconnects.incrementAndGet();
            reconnectLater();
        }
    }
}
