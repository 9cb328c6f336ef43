package dev.torsion.cli.chat;

import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One chat connection: reads the client's JSON messages (docs/chat.md), joins and leaves rooms, and answers
 * anything it cannot accept with a JSON {@code error} to that client only; the connection stays open.
 *
 * <p><b>Threading.</b> One instance per connection; its callbacks run on the connection's loop, so its
 * fields need no lock. <b>Lifecycle.</b> Leaves its room when the connection closes.
 */
public final class ChatHandler implements WebSocketHandler {

    private final ChatRooms rooms;
    private final ChatRequestParser parser;
    private final Consumer<String> log;
    private String room;
    private String name;

    /** A handler on {@code rooms}; {@code log} receives a line per join and leave (may ignore them). */
    public ChatHandler(ChatRooms rooms, ChatRequestParser parser, Consumer<String> log) {
        this.rooms = Objects.requireNonNull(rooms, "rooms");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        try {
            ChatRequest request = parser.parse(text);
            if (request instanceof ChatRequest.Join) {
                join(session, (ChatRequest.Join) request);
            } else if (request instanceof ChatRequest.Say) {
                requireJoined("say");
                rooms.say(room, name, ((ChatRequest.Say) request).text()).whenComplete((id, e) -> {
                    if (e != null) {
                        session.sendText(ChatJson.error(new ChatError(ChatError.UNAVAILABLE,
                                "your message was not sent: " + reason(e))));
                    }
                });
            } else {
                requireJoined("leave");
                leave(session);
            }
        } catch (ChatError e) {
            session.sendText(ChatJson.error(e));
        }
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        session.sendText(ChatJson.error(new ChatError(ChatError.UNSUPPORTED,
                "binary messages are not supported; send JSON text messages")));
    }

    @Override
    public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
        if (room != null) {
            rooms.leave(room, name, session);
            log.accept("- " + name + " left " + room + " (connection closed " + code.code() + ")");
            room = null;
        }
    }

    private void join(WebSocketSession session, ChatRequest.Join join) throws ChatError {
        if (room != null) {
            throw new ChatError(ChatError.ALREADY_JOINED, "already in room \"" + room + "\" as \"" + name
                    + "\"; send {\"type\":\"leave\"} first");
        }
        List<String> members = rooms.join(join.room(), join.name(), join.after(), session,
                list -> session.sendText(ChatJson.welcome(join.room(), join.name(), list)));
        room = join.room();
        name = join.name();
        log.accept("+ " + name + (join.after() == null ? " joined " : " rejoined ") + room + " ("
                + members.size() + " there)");
    }

    private void leave(WebSocketSession session) {
        rooms.leave(room, name, session);
        session.sendText(ChatJson.left(room, name));
        log.accept("- " + name + " left " + room);
        room = null;
        name = null;
    }

    private static String reason(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private void requireJoined(String type) throws ChatError {
        if (room == null) {
            throw new ChatError(ChatError.NOT_JOINED, "join a room before sending " + type
                    + " ({\"type\":\"join\",\"room\":...,\"name\":...})");
        }
    }
}
