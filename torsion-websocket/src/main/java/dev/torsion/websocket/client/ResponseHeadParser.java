package dev.torsion.websocket.client;

import dev.torsion.websocket.handshake.HandshakeResponse;
import dev.torsion.websocket.handshake.HeaderFields;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the head of an HTTP/1.1 response (status line and headers, up to the empty line) from bytes that
 * arrive in any pieces, for the WebSocket client's opening handshake and for proxy CONNECT answers.
 * Sans-I/O: {@link #feed} returns the parsed response once the head is complete, leaving the buffer
 * positioned at the first byte after it (WebSocket frames the server sent right behind its 101).
 *
 * <p>Limits: the head may be at most {@code maxHeadBytes} bytes (default 16 KiB); a longer one, a malformed
 * status line or header, or obsolete line folding fails with {@link MalformedResponseException}.
 *
 * <p><b>Threading.</b> Not thread-safe: one per connection, used on its event loop.
 * <b>Lifecycle.</b> Parses one response head, then is done.
 */
public final class ResponseHeadParser {

    private final int maxHeadBytes;
    private byte[] head = new byte[512];
    private int length;
    private HandshakeResponse result;

    /** A parser allowing a head of up to 16 KiB. */
    public ResponseHeadParser() {
        this(16 * 1024);
    }

    /** A parser allowing a head of up to {@code maxHeadBytes}. */
    public ResponseHeadParser(int maxHeadBytes) {
        this.maxHeadBytes = maxHeadBytes;
    }

    /**
     * Consumes bytes of the response head from {@code data}. Returns the response once the empty line that
     * ends the head was read (the buffer is then positioned just after it), or null if more bytes are needed.
     */
    public HandshakeResponse feed(ByteBuffer data) throws MalformedResponseException {
        if (result != null) {
            return result;
        }
        while (data.hasRemaining()) {
            byte b = data.get();
            if (length == head.length) {
                head = Arrays.copyOf(head, Math.min(head.length * 2, maxHeadBytes + 1));
            }
            head[length++] = b;
            if (length > maxHeadBytes) {
                throw new MalformedResponseException("response head longer than " + maxHeadBytes + " bytes");
            }
            if (b == '\n' && endsWithBlankLine()) {
                result = parse(new String(head, 0, length, StandardCharsets.ISO_8859_1));
                head = null;
                return result;
            }
        }
        return null;
    }

    /** True once the head is complete. */
    public boolean isDone() {
        return result != null;
    }

    private boolean endsWithBlankLine() {
        return length >= 2 && head[length - 2] == '\n'
                || length >= 4 && head[length - 2] == '\r' && head[length - 3] == '\n' && head[length - 4] == '\r';
    }

    private static HandshakeResponse parse(String text) throws MalformedResponseException {
        String[] lines = text.split("\r?\n", -1);
        String statusLine = lines[0];
        // HTTP/1.1 101 Switching Protocols
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new MalformedResponseException("malformed status line: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("malformed status code in: " + abbreviate(statusLine));
        }
        if (status < 100 || status > 599 || statusLine.length() > 12 && statusLine.charAt(12) != ' ') {
            throw new MalformedResponseException("malformed status code in: " + abbreviate(statusLine));
        }
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
        HeaderFields.Builder headers = HeaderFields.builder();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new MalformedResponseException("obsolete header line folding is not accepted");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedResponseException("malformed header line: " + abbreviate(line));
            }
            try {
                headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new MalformedResponseException("malformed header line: " + abbreviate(line));
            }
        }
        return new HandshakeResponse(status, reason, headers.build());
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
