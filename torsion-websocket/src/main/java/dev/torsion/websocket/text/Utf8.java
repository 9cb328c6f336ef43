package dev.torsion.websocket.text;

import java.nio.ByteBuffer;

/**
 * Encodes a {@code String} as UTF-8 straight into a buffer, without the intermediate array of
 * {@link String#getBytes}: {@link #encodedLength} first (the frame header needs the length), then
 * {@link #encode}. The bytes are exactly those of {@code text.getBytes(StandardCharsets.UTF_8)}, including its
 * treatment of an unpaired surrogate (it becomes {@code '?'}).
 *
 * <p><b>Threading.</b> Stateless.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The number of bytes {@code text} takes in UTF-8. */
    public static int encodedLength(String text) {
        int n = text.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 2;   // two chars, four bytes
                    i++;
                }
                // an unpaired surrogate is one '?'
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }

    /**
     * Puts {@code text} as UTF-8 at absolute index {@code index} of {@code target} (which must have room for
     * {@link #encodedLength} bytes there); the buffer's position is not changed.
     */
    public static void encode(String text, ByteBuffer target, int index) {
        int n = text.length();
        int p = index;
        int i = 0;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                break;
            }
            target.put(p++, (byte) c);
        }
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                target.put(p++, (byte) c);
            } else if (c < 0x800) {
                target.put(p++, (byte) (0xC0 | (c >> 6)));
                target.put(p++, (byte) (0x80 | (c & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, text.charAt(++i));
                    target.put(p++, (byte) (0xF0 | (cp >> 18)));
                    target.put(p++, (byte) (0x80 | ((cp >> 12) & 0x3F)));
                    target.put(p++, (byte) (0x80 | ((cp >> 6) & 0x3F)));
                    target.put(p++, (byte) (0x80 | (cp & 0x3F)));
                } else {
                    target.put(p++, (byte) '?');
                }
            } else {
                target.put(p++, (byte) (0xE0 | (c >> 12)));
                target.put(p++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                target.put(p++, (byte) (0x80 | (c & 0x3F)));
            }
        }
    }
}
