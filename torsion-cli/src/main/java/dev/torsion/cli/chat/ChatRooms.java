package dev.torsion.cli.chat;

import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.topic.TopicRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms of a chat server. A room is a topic of a {@link TopicRegistry} ({@code "chat/" + room}) plus the
 * names of the people in it; a room exists while someone is in it. Names are unique in a room, ignoring case.
 *
 * <p><b>Consistency.</b> Joining and leaving take the room's lock and publish their notice under it, so a
 * newcomer's member list and the notices it receives afterwards agree: a {@code joined} or {@code left}
 * published before the newcomer subscribed is already reflected in its list, and one published after reaches
 * it. The newcomer does not get its own {@code joined}.
 *
 * <p><b>Threading.</b> Thread-safe; called from the connections' loops. <b>Lifecycle.</b> One per server.
 */
public final class ChatRooms {

    private final TopicRegistry topics;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

    public ChatRooms(TopicRegistry topics) {
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    /** The topic that carries {@code room}'s messages. */
    public static String topic(String room) {
        return "chat/" + room;
    }

    /**
     * Puts {@code session} in {@code room} as {@code name}, tells the others, and returns who is there now (in
     * order of arrival, the newcomer last). Throws {@link ChatError#NAME_TAKEN} if the name is in use there.
     */
    public List<String> join(String room, String name, WebSocketSession session) throws ChatError {
        while (true) {
            Room r = rooms.computeIfAbsent(room, Room::new);
            synchronized (r) {
                if (r.closed) {
                    continue;   // emptied and removed meanwhile: take the new one
                }
                String key = name.toLowerCase(Locale.ROOT);
                if (r.members.containsKey(key)) {
                    throw new ChatError(ChatError.NAME_TAKEN, "someone in room \"" + room + "\" is already called \""
                            + r.members.get(key) + "\"; choose another name");
                }
                topics.publish(topic(room), ChatJson.joined(room, name));
                r.members.put(key, name);
                if (!topics.subscribe(session, topic(room))) {
                    r.members.remove(key);   // the session is closing: it will not hear anything
                    topics.publish(topic(room), ChatJson.left(room, name));
                    closeIfEmpty(r);
                }
                return new ArrayList<>(r.members.values());
            }
        }
    }

    /** Takes {@code name} out of {@code room} and tells the others; nothing happens if it was not there. */
    public void leave(String room, String name, WebSocketSession session) {
        Room r = rooms.get(room);
        if (r == null) {
            return;
        }
        synchronized (r) {
            if (r.members.remove(name.toLowerCase(Locale.ROOT)) == null) {
                return;
            }
            topics.unsubscribe(session, topic(room));
            topics.publish(topic(room), ChatJson.left(room, name));
            closeIfEmpty(r);
        }
    }

    /** Sends {@code name}'s {@code text} to everyone in {@code room}, the sender included (framed once). */
    public void say(String room, String name, String text) {
        topics.publish(topic(room), ChatJson.message(room, name, text));
    }

    /** The rooms that have people in them, sorted. */
    public Set<String> rooms() {
        return new TreeSet<>(rooms.keySet());
    }

    /** Who is in {@code room}, in order of arrival (empty if nobody). */
    public List<String> members(String room) {
        Room r = rooms.get(room);
        if (r == null) {
            return List.of();
        }
        synchronized (r) {
            return new ArrayList<>(r.members.values());
        }
    }

    private void closeIfEmpty(Room r) {
        if (r.members.isEmpty()) {
            r.closed = true;
            rooms.remove(r.name, r);
        }
    }

    /** One room: guarded by its own monitor. */
    private static final class Room {
        final String name;
        /** Lower-cased name to the name as given, in order of arrival. */
        final Map<String, String> members = new LinkedHashMap<>();
        boolean closed;

        Room(String name) {
            this.name = name;
        }
    }
}
