package dev.torsion.web;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpStatus;
import dev.torsion.reactor.Transport;
import dev.torsion.web.http2.Http2Stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes one response onto a transport (RFC 9112 sections 4 to 7; on an HTTP/2 stream, a HEADERS frame and
 * the stream's DATA, see {@link Http2Responses}): the status line and headers with the
 * defaults ({@code Date}, {@code Server}), the body framing (Content-Length when known, chunked when not on
 * HTTP/1.1, close-delimited on HTTP/1.0), the connection decision (keep-alive or {@code Connection: close}),
 * and no body bytes at all for HEAD, 1xx, 204 and 304.
 *
 * <p><b>Threading.</b> Not thread-safe: used by {@link Request} on the connection's loop only.
 *
 * <p><b>Lifecycle.</b> One per request: head written once (at the first write or at finish), then body, then
 * finish; or a 101 head and nothing else.
 */
final class ResponseWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    private final Transport transport;
    private final HttpConfig config;
    private final RequestHead request;
    final HttpHeaders headers = new HttpHeaders();
    int code = HttpStatus.OK;
    String reason;
    private boolean headSent;
    private boolean chunked;
    private boolean bodyAllowed = true;
    private boolean closeAfter;
    private long declaredLength = -1;
    private long written;
    /** True once the body was replaced: the resource's own body bytes are dropped. */
    private boolean replaced;

    ResponseWriter(Transport transport, HttpConfig config, RequestHead request) {
        this.transport = transport;
        this.config = config;
        this.request = request;
    }

    boolean headSent() {
        return headSent;
    }

    /** True when the connection must close after this response. */
    boolean closeAfter() {
        return closeAfter;
    }

    /** Forces {@code Connection: close} (e.g. the request body was not read to its end). */
    void forceClose() {
        closeAfter = true;
    }

    /** Writes the status line and headers; {@code knownLength} is the body length if known, else -1. */
    void writeHead(long knownLength) {
        headSent = true;
        boolean noBody = HttpStatus.forbidsBody(code);
        bodyAllowed = !noBody && !request.method().equals("HEAD");
        String declared = headers.get("Content-Length");
        if (noBody) {
            headers.remove("Transfer-Encoding");
            if (code != HttpStatus.NOT_MODIFIED) {
                headers.remove("Content-Length");
            }
        } else if (declared != null) {
            declaredLength = parseLength(declared);
            headers.remove("Transfer-Encoding");
            if (declaredLength < 0) {
                headers.remove("Content-Length");
            }
        } else if (knownLength >= 0) {
            declaredLength = knownLength;
            headers.set("Content-Length", Long.toString(knownLength));
        }
        if (transport instanceof Http2Stream stream) {
            // HTTP/2: the head is a HEADERS frame (ending the stream when there is no body); no chunking, no Connection
            stream.sendHeaders(Http2Responses.head(code, headers, config), !bodyAllowed);
            return;
        }
        if (!noBody && declaredLength < 0) {
            headers.remove("Transfer-Encoding");
            if (request.isHttp11()) {
                chunked = true;
                headers.set("Transfer-Encoding", "chunked");
            } else {
                closeAfter = true;
            }
        }
        boolean keepAlive = request.isKeepAlive() && !closeAfter && !headers.containsToken("Connection", "close");
        if (!keepAlive) {
            closeAfter = true;
            if (!headers.containsToken("Connection", "close")) {
                headers.remove("Connection");
                headers.add("Connection", "close");
            }
        } else if (!request.isHttp11() && !headers.containsToken("Connection", "keep-alive")) {
            headers.add("Connection", "keep-alive");
        }
        transport.write(ByteBuffer.wrap(encodeHead(code, reason)));
    }

    /** The head of a 101 response: the status line and exactly the headers the resource set. */
    byte[] switchingProtocolsHead() {
        headSent = true;
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 101 Switching Protocols\r\n");
        appendHeaders(sb);
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Sends the head with {@code body} as the whole body in place of the one the resource is writing (a 412
     * that replaces it); the resource's later body bytes are dropped. Before the head is sent.
     */
    void replaceBody(byte[] body) {
        writeHead(body.length);
        write(ByteBuffer.wrap(body));
        replaced = true;
    }

    /** Writes body bytes (taking ownership of the buffer); discarded for responses that carry no body. */
    void write(ByteBuffer data) {
        if (!headSent) {
            writeHead(-1);
        }
        int n = data.remaining();
        if (!bodyAllowed || replaced || n == 0) {
            data.position(data.limit());
            return;
        }
        if (declaredLength >= 0 && written + n > declaredLength) {
            throw new IllegalStateException("write: " + (written + n) + " body bytes exceed Content-Length " + declaredLength);
        }
        written += n;
        if (chunked) {
            byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            transport.write(ByteBuffer.wrap(size), data, ByteBuffer.wrap(CRLF));
        } else {
            transport.write(data);
        }
    }

    /** Sends file bytes with zero copy; needs a declared length (no chunked framing around them). */
    java.util.concurrent.CompletableFuture<Void> sendFile(java.nio.channels.FileChannel file, long position, long count) {
        if (!headSent) {
            writeHead(-1);
        }
        if (!bodyAllowed || replaced || count == 0) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        if (chunked) {
            throw new IllegalStateException("sendFile: needs a Content-Length; this response is chunked");
        }
        if (declaredLength >= 0 && written + count > declaredLength) {
            throw new IllegalStateException("sendFile: " + (written + count) + " body bytes exceed Content-Length "
                    + declaredLength);
        }
        written += count;
        return transport.sendFile(file, position, count);
    }

    /**
     * Ends the body. Returns false if fewer bytes were written than the declared Content-Length: the
     * response is then broken and the caller must abort the connection.
     */
    boolean finish() {
        if (!headSent) {
            writeHead(0);
        }
        if (chunked && bodyAllowed) {
            transport.write(ByteBuffer.wrap(LAST_CHUNK));
        }
        return !bodyAllowed || replaced || declaredLength < 0 || written == declaredLength;
    }

    private byte[] encodeHead(int status, String reasonPhrase) {
        if (!headers.contains("Date")) {
            headers.add("Date", HttpDate.now(config.clock()));
        }
        if (config.serverName() != null && !headers.contains("Server")) {
            headers.add("Server", config.serverName());
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 ").append(status).append(' ')
                .append(reasonPhrase != null ? reasonPhrase : HttpStatus.reasonPhrase(status)).append("\r\n");
        appendHeaders(sb);
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void appendHeaders(StringBuilder sb) {
        for (int i = 0; i < headers.size(); i++) {
            sb.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
        }
    }

    /** A complete error response with {@code Connection: close}, for failures outside any resource. */
    static byte[] errorResponse(HttpConfig config, int status) {
        String text = status + " " + HttpStatus.reasonPhrase(status) + "\n";
        StringBuilder sb = new StringBuilder(200);
        sb.append("HTTP/1.1 ").append(status).append(' ').append(HttpStatus.reasonPhrase(status)).append("\r\n");
        sb.append("Date: ").append(HttpDate.now(config.clock())).append("\r\n");
        if (config.serverName() != null) {
            sb.append("Server: ").append(config.serverName()).append("\r\n");
        }
        sb.append("Content-Type: text/plain; charset=utf-8\r\n");
        sb.append("Content-Length: ").append(text.length()).append("\r\n");
        sb.append("Connection: close\r\n\r\n").append(text);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static long parseLength(String value) {
        String s = value.trim();
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
