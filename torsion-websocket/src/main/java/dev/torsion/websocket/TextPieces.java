package dev.torsion.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a text message that is delivered in pieces: each piece's validated UTF-8 becomes a {@code String} up
 * to its last whole character, and the bytes of a character cut by the piece's end (at most three) are carried
 * to the next piece, so no character is split between two strings.
 *
 * <p><b>Threading.</b> Not thread-safe: one per connection, on its loop. <b>Lifecycle.</b> Reset between
 * messages ({@link #reset()}).
 */
final class TextPieces {

    private final byte[] carry = new byte[3];
    private int carried;

    /** Forgets a carried partial character (a new message, or a discarded one). */
    void reset() {
        carried = 0;
    }

    /**
     * The text of {@code length} validated bytes of {@code source} from absolute {@code index}, after what was
     * carried; with {@code last} the message ends there (and must end on a whole character).
     */
    String decode(ByteBuffer source, int index, int length, boolean last) {
        int total = carried + length;
        byte[] bytes = ReceiveBuffers.current().textBytes(total);
        System.arraycopy(carry, 0, bytes, 0, carried);
        source.get(index, bytes, carried, length);
        int end = last ? total : wholeCharactersEnd(bytes, total);
        carried = total - end;
        System.arraycopy(bytes, end, carry, 0, carried);
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** Where the last whole character of valid UTF-8 {@code bytes[0, total)} ends. */
    static int wholeCharactersEnd(byte[] bytes, int total) {
        int i = total - 1;
        int back = 0;
        while (i >= 0 && back < 3 && (bytes[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i < 0) {
            return total;
        }
        int lead = bytes[i] & 0xFF;
        int size = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        return i + size <= total ? total : i;
    }
}
