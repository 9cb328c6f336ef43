package dev.torsion.websocket.client;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpTokens;
import dev.torsion.http.ResponseHead;
import dev.torsion.websocket.handshake.HandshakeFailedException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The body of a server's refusal of the opening handshake (a 401, a 403, a 429 ...), read after its head so
 * that the client can show what the server said: by {@code Content-Length}, by chunks, or until the server
 * closes, and at most {@link HandshakeFailedException#MAX_BODY} bytes of it.
 *
 * <p><b>Threading.</b> Not thread-safe: fed on the connection's loop. <b>Lifecycle.</b> One per refused
 * attempt, until {@link #isComplete()} or the connection ends.
 */
final class RefusalBody {

    private static final int MAX = HandshakeFailedException.MAX_BODY;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Charset charset;
    private final boolean chunked;
    /** Bytes still expected (Content-Length, or what is left of the current chunk); -1: until the server closes. */
    private long remaining;
    /** Chunked: the size line being read, or null while in chunk data. */
    private StringBuilder sizeLine;
    private boolean complete;

    RefusalBody(ResponseHead head) {
        HttpHeaders headers = head.headers();
        this.charset = charsetOf(headers.get("Content-Type"));
        int status = head.status();
        String length = headers.get("Content-Length");
        this.chunked = HttpTokens.containsTokenIgnoreCase(headers.getAll("Transfer-Encoding"), "chunked");
        if (status == 204 || status == 304 || status < 200) {
            complete = true;
        } else if (chunked) {
            sizeLine = new StringBuilder();
        } else if (length != null) {
            remaining = parseLength(length);
            complete = remaining == 0;
        } else {
            remaining = -1;
        }
    }

    /** Takes the body's bytes from {@code data} (what follows the body is left there); true once it is complete. */
    boolean feed(ByteBuffer data) {
        while (!complete && data.hasRemaining()) {
            if (chunked && sizeLine != null) {
                readSizeLine(data);
            } else {
                int n = remaining < 0 ? data.remaining() : (int) Math.min(remaining, data.remaining());
                keep(data, n);
                if (remaining > 0) {
                    remaining -= n;
                    if (remaining == 0) {
                        if (chunked) {
                            sizeLine = new StringBuilder();   // the CRLF after the chunk, then the next size
                        } else {
                            complete = true;
                        }
                    }
                }
            }
            if (bytes.size() >= MAX) {
                complete = true;
            }
        }
        return complete;
    }

    boolean isComplete() {
        return complete;
    }

    /** What was read of the body, as text. */
    String text() {
        return bytes.toString(charset);
    }

    private void keep(ByteBuffer data, int n) {
        int keep = Math.min(n, MAX - bytes.size());
        for (int i = 0; i < keep; i++) {
            bytes.write(data.get(data.position() + i));
        }
        data.position(data.position() + n);
    }

    /** Reads a chunk-size line (its extensions ignored); the blank line between a chunk and the next size too. */
    private void readSizeLine(ByteBuffer data) {
        while (data.hasRemaining()) {
            char c = (char) (data.get() & 0xFF);
            if (c == '\n') {
                String line = sizeLine.toString().trim();
                if (line.isEmpty()) {
                    sizeLine.setLength(0);   // the CRLF that ends a chunk's data
                    continue;
                }
                int semicolon = line.indexOf(';');
                long size;
                try {
                    size = Long.parseLong(semicolon < 0 ? line : line.substring(0, semicolon).trim(), 16);
                } catch (NumberFormatException e) {
                    complete = true;   // not chunked after all: keep what was read
                    return;
                }
                sizeLine = null;
                remaining = size;
                complete = size == 0;
                return;
            }
            if (sizeLine.length() < 1024) {
                sizeLine.append(c);
            }
        }
    }

    private static long parseLength(String value) {
        try {
            long n = Long.parseLong(value.trim());
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Charset charsetOf(String contentType) {
        if (contentType != null) {
            int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (at >= 0) {
                String name = contentType.substring(at + 8).split(";")[0].trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
