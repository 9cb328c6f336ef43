package dev.torsion.cli.chat;

/**
 * A valid message from a chat client (see docs/chat.md), as {@link ChatRequestParser} makes it.
 *
 * <p><b>Threading.</b> Immutable values.
 */
public interface ChatRequest {

    /** {@code {"type":"join","room":"lobby","name":"alice"}}: enter a room under a name. */
    record Join(String room, String name) implements ChatRequest {
    }

    /** {@code {"type":"say","text":"hello"}}: send a message to the room. */
    record Say(String text) implements ChatRequest {
    }

    /** {@code {"type":"leave"}}: leave the room. */
    record Leave() implements ChatRequest {
    }
}
