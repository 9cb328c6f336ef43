package dev.torsion.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The lexical layer of an HTTP/1.1 message head (RFC 9112 sections 2.2 and 5): lines ending in CRLF or (unless
 * the caller requires CRLF) a bare LF, gathered from bytes that arrive in any pieces, and field lines split into a name and a value.
 * torsion-web's request parser and the client's {@link ResponseHeadParser} read their heads with it, so a
 * request and a response are held to the same rules: a bare CR, obsolete line folding, whitespace before the
 * colon, a name that is not a token and a control character in a value are all refused.
 *
 * <p><b>Allocation.</b> Bytes are copied into one reused line buffer; common header names come back as
 * shared strings.
 *
 * <p><b>Threading.</b> Not thread-safe: one per connection, used on its loop.
 *
 * <p><b>Lifecycle.</b> Reusable line after line, message after message; {@link #shrink()} drops a buffer
 * that one long line grew.
 */
public final class HeadLexer {

    private static final int KEEP_LINE_BUFFER = 512;

    private byte[] line = new byte[128];
    private int lineLength;

    /**
     * Appends bytes up to and including the next LF to the line buffer. Returns true with the line (CRLF or LF
     * removed) in {@code line()[0..length())} when a line end was found, and the buffer positioned after it;
     * false when more bytes are needed (all of {@code in} was taken). A line longer than {@code limit} fails
     * with {@code status}; a CR anywhere but before the LF fails with 400. {@code what} names the line in
     * the error message ("request line").
     */
    public boolean readLine(ByteBuffer in, int limit, int status, String what) throws HttpError {
        return readLine(in, limit, status, what, false);
    }

    /**
     * As {@link #readLine(ByteBuffer, int, int, String)}, and when {@code crlf} is true a line ended by a bare
     * LF (without its CR) fails with 400: for framing that must not be read two ways, such as the chunked
     * coding's lines (RFC 9112 section 7.1).
     */
    public boolean readLine(ByteBuffer in, int limit, int status, String what, boolean crlf) throws HttpError {
        int start = in.position();
        int end = in.limit();
        for (int i = start; i < end; i++) {
            if (in.get(i) == '\n') {
                append(in, start, i - start, limit, status, what);
                in.position(i + 1);
                int n = lineLength;
                if (n > 0 && line[n - 1] == '\r') {
                    n--;
                } else if (crlf) {
                    throw new HttpError(400, "bare LF (without CR) ending the " + what);
                }
                if (n > limit) {
                    throw tooLong(limit, status, what);
                }
                for (int j = 0; j < n; j++) {
                    if (line[j] == '\r') {
                        throw new HttpError(400, "bare CR in " + what);
                    }
                }
                lineLength = n;
                return true;
            }
        }
        append(in, start, end - start, limit, status, what);
        in.position(end);
        return false;
    }

    /** The line buffer: the line read is in {@code [0, length())}, valid until the next read. */
    public byte[] line() {
        return line;
    }

    /** The length of the line read (or, between reads, of the part of a line gathered so far). */
    public int length() {
        return lineLength;
    }

    /** Marks the line as consumed; the next {@link #readLine} starts a new one. */
    public void consumeLine() {
        lineLength = 0;
    }

    /** Drops a line buffer that a long line grew; call between messages. */
    public void shrink() {
        if (line.length > KEEP_LINE_BUFFER) {
            line = new byte[128];
        }
    }

    /**
     * Splits the (non-empty) line read into a field name and value (RFC 9112 section 5), adds the field to
     * {@code into}, and consumes the line. The value is stripped of surrounding whitespace.
     *
     * @throws HttpError 400 for obsolete line folding, a missing colon, a name that is not a token, or a
     *                   control character in the value
     */
    public void parseField(HttpHeaders into) throws HttpError {
        int n = lineLength;
        byte[] b = line;
        if (b[0] == ' ' || b[0] == '\t') {
            throw new HttpError(400, "obsolete line folding");
        }
        int colon = indexOf(b, 0, n, (byte) ':');
        if (colon <= 0) {
            throw new HttpError(400, "header line without a name and colon");
        }
        for (int i = 0; i < colon; i++) {
            if (!HttpTokens.isTokenChar(b[i])) {
                throw new HttpError(400, "malformed header name");
            }
        }
        int start = colon + 1;
        int end = n;
        while (start < end && (b[start] == ' ' || b[start] == '\t')) {
            start++;
        }
        while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        for (int i = start; i < end; i++) {
            int c = b[i] & 0xff;
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new HttpError(400, "control character in a header value");
            }
        }
        String name = HttpTokens.headerName(b, colon);
        String value = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
        into.addTrusted(name, value);
        consumeLine();
    }

    /** The index of the first {@code x} in {@code b[from..to)}, or -1. */
    public static int indexOf(byte[] b, int from, int to, byte x) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private void append(ByteBuffer in, int from, int n, int limit, int status, String what) throws HttpError {
        if (lineLength + n > limit + 1) {
            // one extra byte may be the CR of the line end
            throw tooLong(limit, status, what);
        }
        if (lineLength + n > line.length) {
            byte[] bigger = new byte[Math.max(line.length * 2, lineLength + n)];
            System.arraycopy(line, 0, bigger, 0, lineLength);
            line = bigger;
        }
        in.get(from, line, lineLength, n);
        lineLength += n;
    }

    private static HttpError tooLong(int limit, int status, String what) {
        if (limit == 0) {
            return new HttpError(status, what + ": expected CRLF");
        }
        return new HttpError(status, what + " longer than " + limit + " bytes");
    }
}
