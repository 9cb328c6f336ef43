package dev.torsion.cli.chat;

/**
 * A valid message from a chat client (see docs/chat.md), as {@link ChatRequestParser} makes it.
 *
 * <p><b>Threading.</b> Immutable values.
 */
public interface ChatRequest {

    /**
     * {@code {"type":"join","room":"lobby","name":"alice"}}: enter a room under a name; with
     * {@code "after":"ID"} (a message id this client saw last), also get what the room said after it.
     */
    record Join(String room, String name, String after) implements ChatRequest {
        /** A join without resume. */
        public Join(String room, String name) {
            this(room, name, null);
        }
    }

    /** {@code {"type":"say","text":"hello"}}: send a message to the room. */
    record Say(String text) implements ChatRequest {
    }

    /** {@code {"type":"leave"}}: leave the room. */
    record Leave() implements ChatRequest {
    }
}
