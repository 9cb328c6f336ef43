package dev.torsion.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the head of an HTTP/1.1 response (status line and headers, up to the empty line) from bytes that
 * arrive in any pieces, for the WebSocket client's opening handshake and for proxy CONNECT answers.
 * Sans-I/O: {@link #feed} returns the parsed response once the head is complete, leaving the buffer
 * positioned at the first byte after it (WebSocket frames the server sent right behind its 101). Lines and
 * fields are read by the {@link HeadLexer}, under the same rules as the server's requests.
 *
 * <p>Limits: the head may be at most {@code maxHeadBytes} bytes (default 16 KiB); a longer one, a malformed
 * status line or header, or obsolete line folding fails with {@link MalformedResponseException}.
 *
 * <p><b>Threading.</b> Not thread-safe: one per connection, used on its event loop.
 * <b>Lifecycle.</b> Parses one response head, then is done.
 */
public final class ResponseHeadParser {

    private static final int TOO_LONG = 431;

    private final int maxHeadBytes;
    private final HeadLexer lexer = new HeadLexer();
    /** Bytes of the head's complete lines, line ends included. */
    private int headBytes;
    /** Bytes of the line being read, taken so far (the lexer holds them). */
    private int lineBytes;
    private int status = -1;
    private String reason;
    private HttpHeaders headers;
    private ResponseHead result;

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
    public ResponseHead feed(ByteBuffer data) throws MalformedResponseException {
        if (result != null) {
            return result;
        }
        try {
            while (data.hasRemaining()) {
                int before = data.position();
                // The budget of this line is what the complete lines left, less its CRLF: the lexer counts the
                // line's own bytes across pieces (counting them here too would call a head cut into pieces too
                // long), and a line over the budget is too long before anything else is said about it, however
                // the bytes were cut.
                boolean complete = lexer.readLine(data, Math.max(maxHeadBytes - headBytes - 2, 0), TOO_LONG,
                        "response head");
                lineBytes += data.position() - before;
                if (headBytes + lineBytes > maxHeadBytes) {
                    throw new HttpError(TOO_LONG, "response head");
                }
                if (!complete) {
                    return null;
                }
                headBytes += lineBytes;
                lineBytes = 0;
                if (status < 0) {
                    parseStatusLine();
                } else if (lexer.length() > 0) {
                    lexer.parseField(headers);
                } else {
                    result = new ResponseHead(status, reason, headers);
                    headers = null;
                    return result;
                }
            }
            return null;
        } catch (HttpError e) {
            throw new MalformedResponseException(e.status() == TOO_LONG
                    ? "response head longer than " + maxHeadBytes + " bytes" : e.getMessage());
        }
    }

    /** True once the head is complete. */
    public boolean isDone() {
        return result != null;
    }

    /** {@code HTTP/1.1 101 Switching Protocols}: the version, a space, three digits, then a space and a reason. */
    private void parseStatusLine() throws MalformedResponseException {
        String line = new String(lexer.line(), 0, lexer.length(), StandardCharsets.ISO_8859_1);
        lexer.consumeLine();
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new MalformedResponseException("malformed status line: " + abbreviate(line));
        }
        int code;
        try {
            code = Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("malformed status code in: " + abbreviate(line));
        }
        if (code < 100 || code > 599 || line.length() > 12 && line.charAt(12) != ' ') {
            throw new MalformedResponseException("malformed status code in: " + abbreviate(line));
        }
        status = code;
        reason = line.length() > 13 ? line.substring(13) : "";
        headers = new HttpHeaders();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
