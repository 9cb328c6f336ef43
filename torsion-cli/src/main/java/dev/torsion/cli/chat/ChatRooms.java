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
 * it. The newcomer gets its welcome (the list) before any message of the room, then its own {@code joined},
 * whose id is its first position in the room.
 *
 * <p><b>Several servers.</b> Messages and notices go through the registry's backplane to every server; the
 * member lists and the name check are this server's (the people connected to it).
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
        return join(room, name, null, session, members -> { });
    }

    /**
     * Puts {@code session} in {@code room} as {@code name}: gives {@code welcome} who is there (in order of
     * arrival, the newcomer last) before anything of the room can reach the session, then publishes the
     * newcomer's {@code joined}. With {@code after} (the last message id the client saw), the session first
     * gets what the room said after it ({@link TopicRegistry#resume}). Throws {@link ChatError#NAME_TAKEN} if
     * the name is in use there.
     */
    public List<String> join(String room, String name, String after, WebSocketSession session,
                             java.util.function.Consumer<List<String>> welcome) throws ChatError {
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
                r.members.put(key, name);
                List<String> members = new ArrayList<>(r.members.values());
                welcome.accept(members);
                boolean in = after == null ? topics.subscribe(session, topic(room)) : resume(session, room, after);
                if (!in) {
                    r.members.remove(key);   // the session is closing: it will not hear anything
                    closeIfEmpty(r);
                    return members;
                }
                topics.publish(topic(room), ChatJson.joined(room, name));
                return members;
            }
        }
    }

    /** Subscribes {@code session} to {@code room} after message {@code after}; false if it is closing. */
    private boolean resume(WebSocketSession session, String room, String after) {
        java.util.concurrent.CompletableFuture<dev.torsion.websocket.topic.Resumption> resumed =
                topics.resume(session, topic(room), after).toCompletableFuture();
        return !resumed.isDone() || resumed.join().subscribed();
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

    /**
     * Sends {@code name}'s {@code text} to everyone in {@code room}, the sender included (framed once); the
     * stage fails when the backplane refuses it (its broker away and its buffer full).
     */
    public java.util.concurrent.CompletionStage<String> say(String room, String name, String text) {
        return topics.publish(topic(room), ChatJson.message(room, name, text));
    }

    /** The room of a chat topic ({@code "chat/lobby"} to {@code "lobby"}). */
    public static String room(String topic) {
        return topic.startsWith("chat/") ? topic.substring(5) : topic;
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
