package dev.torsion.websocket.topic;

import dev.torsion.websocket.PreparedMessage;

import java.util.List;
import java.util.Objects;

/**
 * What a backplane still holds of a topic after a given id ({@link TopicBackplane#readAfter}): the messages in
 * order, and whether that is everything published after the id ({@link #complete()}) or some messages are no
 * longer kept (the id is older than the backplane's retention, or unknown to it).
 *
 * <p><b>Threading.</b> Immutable.
 */
public final class Backlog {

    /** One retained message and its id. */
    public record Entry(String id, PreparedMessage message) {
        public Entry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(message, "message");
        }
    }

    private final boolean complete;
    private final List<Entry> entries;

    private Backlog(boolean complete, List<Entry> entries) {
        this.complete = complete;
        this.entries = List.copyOf(entries);
    }

    /** Every message published after the id, in order (possibly none). */
    public static Backlog complete(List<Entry> entries) {
        return new Backlog(true, entries);
    }

    /** The messages still kept after the id, in order; some published after it are gone. */
    public static Backlog gap(List<Entry> entries) {
        return new Backlog(false, entries);
    }

    /** False when some messages published after the id are no longer kept. */
    public boolean complete() {
        return complete;
    }

    public List<Entry> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return "Backlog[" + entries.size() + " messages" + (complete ? "" : ", with a gap before them") + "]";
    }
}
