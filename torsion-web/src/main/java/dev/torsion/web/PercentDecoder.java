package dev.torsion.web;

import dev.torsion.http.HttpError;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of request-target parts (RFC 3986 section 2.1) into UTF-8 text, strictly: a malformed
 * escape, an invalid UTF-8 sequence or a NUL is refused with 400.
 *
 * <p><b>Threading.</b> Stateless; safe from any thread.
 */
final class PercentDecoder {

    private PercentDecoder() {
    }

    /**
     * Decodes {@code s[from..to)}; with {@code plusIsSpace} (query strings, HTML forms) '+' stands for a space.
     * Returns the substring itself when there is nothing to decode.
     */
    static String decode(String s, int from, int to, boolean plusIsSpace) throws HttpError {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || (plusIsSpace && c == '+')) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return s.substring(from, to);
        }
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    throw new HttpError(400, "truncated percent-escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new HttpError(400, "malformed percent-escape");
                }
                int b = (hi << 4) | lo;
                if (b == 0) {
                    throw new HttpError(400, "percent-encoded NUL");
                }
                out[n++] = (byte) b;
                i += 2;
            } else if (plusIsSpace && c == '+') {
                out[n++] = ' ';
            } else {
                out[n++] = (byte) c;
            }
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new HttpError(400, "percent-escapes that are not UTF-8");
        }
    }
}
