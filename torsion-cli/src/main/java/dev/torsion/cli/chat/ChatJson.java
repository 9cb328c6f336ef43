package dev.torsion.cli.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * The server's messages to chat clients, as JSON text (see docs/chat.md for the format):
 * {@code welcome}, {@code joined}, {@code left}, {@code message} and {@code error}.
 *
 * <p><b>Threading.</b> Stateless and thread-safe.
 */
public final class ChatJson {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ChatJson() {
    }

    /** To a client that joined: its room, its name and who is there (itself included), in order of arrival. */
    public static String welcome(String room, String name, Collection<String> members) {
        ObjectNode node = typed("welcome").put("room", room).put("name", name);
        ArrayNode list = node.putArray("members");
        members.forEach(list::add);
        return write(node);
    }

    /** To a room: {@code name} came in. */
    public static String joined(String room, String name) {
        return write(typed("joined").put("room", room).put("name", name));
    }

    /** To a room (and to the one leaving): {@code name} went away. */
    public static String left(String room, String name) {
        return write(typed("left").put("room", room).put("name", name));
    }

    /** To a room: {@code name} said {@code text}. */
    public static String message(String room, String name, String text) {
        return write(typed("message").put("room", room).put("name", name).put("text", text));
    }

    /**
     * To one client, before the messages of a resumed room: messages published after {@code afterId} are no
     * longer kept, so some were missed.
     */
    public static String gap(String room, String afterId) {
        return write(typed("gap").put("room", room).put("after", afterId).put("message",
                "messages after " + afterId + " are no longer kept: some were missed"));
    }

    /**
     * {@code json} (one of this class's objects) with {@code "id":ID} as its first field: how a room's message
     * carries its id.
     */
    public static String withId(String json, String id) {
        return "{\"id\":\"" + id + "\"," + json.substring(1);
    }

    /** To one client: its message was refused. */
    public static String error(ChatError error) {
        return write(typed("error").put("code", error.code()).put("message", error.getMessage()));
    }

    private static ObjectNode typed(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);   // cannot happen for a tree of strings
        }
    }
}
