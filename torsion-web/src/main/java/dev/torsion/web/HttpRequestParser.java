package dev.torsion.web;

import dev.torsion.http.HeadLexer;
import dev.torsion.http.HttpError;
import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpStatus;
import dev.torsion.http.HttpTokens;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An incremental, sans-I/O HTTP/1.1 request parser (RFC 9112): bytes in, request events out, with a result
 * that does not depend on how the bytes were split.
 *
 * <p>{@link #parse} consumes bytes and reports each request to a {@link Listener}: its head (request line
 * and headers, framing already decided), the pieces of its body, then its end. It stops right after the end
 * of a request and leaves the following bytes (a pipelined request, or the first bytes of another protocol
 * after an upgrade) in the buffer, so the caller decides when to go on.
 *
 * <p>What it accepts: origin-form, absolute-form and asterisk-form targets; HTTP/1.0 and HTTP/1.1, and a
 * higher minor version of HTTP/1 served as HTTP/1.1 (RFC 9110 section 6.2); empty lines before a request
 * line; a bare LF as the end of a head line, unless {@link HttpConfig#bareLfInHead()} is off. What it
 * refuses, by throwing {@link HttpError}: a request line over the limit (414); header lines over the size or
 * count limit (431); a body over the limit (413); a transfer coding other than chunked (501); a major
 * version other than 1 (505); an {@code Expect} other than 100-continue (417); and as malformed (400)
 * everything else: obsolete line folding, whitespace before a colon, control characters, a bare CR, a
 * missing Host in HTTP/1.1, a repeated Host, a Host that is not {@code uri-host [ ":" port ]} (RFC 9112
 * section 3.2), conflicting or invalid Content-Length, Transfer-Encoding with Content-Length or in HTTP/1.0,
 * chunked not last, bad chunk sizes, and chunk framing without its CRLF (a bare LF in a chunk-size line,
 * after chunk data or in the trailers: RFC 9112 section 7.1). After an error the parser stays failed.
 *
 * <p><b>Allocation.</b> Head bytes are copied into the {@link HeadLexer}'s reused line buffer (no per-byte work beyond a scan);
 * body bytes are handed over in place, never copied. Common methods and header names come back as shared
 * strings.
 *
 * <p><b>Threading.</b> Not thread-safe: one parser per connection, used on its loop.
 *
 * <p><b>Lifecycle.</b> Reusable for every request of a connection; it resets itself after each request end.
 */
public final class HttpRequestParser {

    /** Receives the events of the requests being parsed. An exception thrown here fails the parse. */
    public interface Listener {

        /** The head of a request is complete; its body (if any) follows. */
        void headReceived(RequestHead head) throws HttpError;

        /**
         * A piece of the body: the buffer's remaining bytes, valid only during the call. Never called with an
         * empty buffer.
         */
        void bodyReceived(ByteBuffer data) throws HttpError;

        /** The request is complete; {@code trailers} holds the trailer fields of a chunked body (often empty). */
        void requestReceived(HttpHeaders trailers) throws HttpError;
    }

    private enum State { REQUEST_LINE, HEADER_LINE, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILER_LINE, FAILED }

    private static final HttpHeaders NO_TRAILERS = new HttpHeaders();

    private final HttpConfig config;
    private final boolean bareLfInHead;
    private State state = State.REQUEST_LINE;
    private final HeadLexer lexer = new HeadLexer();

    private String method;
    private String target;
    private boolean http11;
    private HttpHeaders headers;
    private HttpHeaders trailers;
    private int sectionBytes;
    private int fieldCount;

    private long bodyLimit;
    private long bodyReceived;
    private long remaining;

    /** A parser enforcing the limits of {@code config}. */
    public HttpRequestParser(HttpConfig config) {
        this.config = config;
        this.bareLfInHead = config.bareLfInHead();
        this.bodyLimit = config.maxBodySize();
    }

    /**
     * Sets the body limit of the request whose head was just reported; call it from
     * {@link Listener#headReceived}. The default is {@link HttpConfig#maxBodySize()}.
     */
    public void setBodyLimit(long bytes) {
        this.bodyLimit = bytes;
    }

    /** True when no byte of a next request has been consumed (between requests). */
    public boolean isIdle() {
        return state == State.REQUEST_LINE && lexer.length() == 0 && sectionBytes == 0;
    }

    /** True while the head of a request is being read (its first byte has come, its end has not). */
    public boolean isReadingHead() {
        return (state == State.REQUEST_LINE || state == State.HEADER_LINE) && !isIdle();
    }

    /**
     * Consumes bytes from {@code in} until a request ends (returns true; the bytes after it stay in
     * {@code in}) or the buffer is used up (returns false).
     *
     * @throws HttpError when the bytes break the protocol or a limit; the parser is then failed for good
     */
    public boolean parse(ByteBuffer in, Listener listener) throws HttpError {
        try {
            return step(in, listener);
        } catch (HttpError e) {
            state = State.FAILED;
            throw e;
        }
    }

    private boolean step(ByteBuffer in, Listener listener) throws HttpError {
        while (true) {
            switch (state) {
                case REQUEST_LINE:
                    if (!lexer.readLine(in, config.maxRequestLineLength(), HttpStatus.URI_TOO_LONG, "request line", !bareLfInHead)) {
                        return false;
                    }
                    if (lexer.length() == 0) {
                        sectionBytes += 2;
                        if (sectionBytes > config.maxRequestLineLength()) {
                            throw new HttpError(400, "too many empty lines before the request line");
                        }
                        continue;
                    }
                    parseRequestLine();
                    startSection();
                    state = State.HEADER_LINE;
                    break;
                case HEADER_LINE:
                    if (!readField(in, !bareLfInHead)) {
                        return false;
                    }
                    if (lexer.length() > 0) {
                        lexer.parseField(headers);
                        break;
                    }
                    if (headReceived(listener)) {
                        return true;
                    }
                    break;
                case BODY: {
                    if (!in.hasRemaining()) {
                        return false;
                    }
                    int n = (int) Math.min(remaining, in.remaining());
                    deliver(in, n, listener);
                    remaining -= n;
                    if (remaining == 0) {
                        return finish(listener, NO_TRAILERS);
                    }
                    break;
                }
                case CHUNK_SIZE:
                    if (!lexer.readLine(in, config.maxChunkHeaderLength(), 400, "chunk-size line", true)) {
                        return false;
                    }
                    remaining = parseChunkSize();
                    if (remaining == 0) {
                        trailers = null;
                        startSection();
                        state = State.TRAILER_LINE;
                    } else {
                        bodyReceived += remaining;
                        if (bodyReceived > bodyLimit) {
                            throw new HttpError(413, "chunked body larger than " + bodyLimit + " bytes");
                        }
                        state = State.CHUNK_DATA;
                    }
                    break;
                case CHUNK_DATA: {
                    if (!in.hasRemaining()) {
                        return false;
                    }
                    int n = (int) Math.min(remaining, in.remaining());
                    deliver(in, n, listener);
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.CHUNK_DATA_END;
                    }
                    break;
                }
                case CHUNK_DATA_END:
                    if (!lexer.readLine(in, 0, 400, "chunk data end", true)) {
                        return false;
                    }
                    state = State.CHUNK_SIZE;
                    break;
                case TRAILER_LINE:
                    if (!readField(in, true)) {
                        return false;
                    }
                    if (lexer.length() > 0) {
                        if (trailers == null) {
                            trailers = new HttpHeaders();
                        }
                        lexer.parseField(trailers);
                        break;
                    }
                    return finish(listener, trailers == null ? NO_TRAILERS : trailers);
                case FAILED:
                default:
                    throw new HttpError(400, "the connection already sent a malformed request");
            }
        }
    }

    /** Decides the framing of the body and reports the head; returns true if the request ended with it. */
    private boolean headReceived(Listener listener) throws HttpError {
        HttpHeaders h = headers;
        checkHost(h);
        boolean chunked = false;
        long length = 0;
        List<String> codings = h.getAll("Transfer-Encoding");
        boolean hasLength = h.contains("Content-Length");
        if (!codings.isEmpty()) {
            if (!http11) {
                throw new HttpError(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (hasLength) {
                throw new HttpError(400, "both Transfer-Encoding and Content-Length");
            }
            requireChunkedLast(codings);
            chunked = true;
            length = -1;
        } else if (hasLength) {
            length = contentLength(h.getAll("Content-Length"));
        }
        boolean keepAlive = http11 ? !h.containsToken("Connection", "close") : h.containsToken("Connection", "keep-alive");
        boolean expectContinue = false;
        String expect = h.get("Expect");
        if (expect != null && http11) {
            if (h.count("Expect") > 1 || !expect.trim().equalsIgnoreCase("100-continue")) {
                throw new HttpError(417, "unsupported expectation: " + expect);
            }
            expectContinue = true;
        }
        RequestHead head = new RequestHead(method, target, http11, h, length, chunked, keepAlive, expectContinue);
        bodyLimit = config.maxBodySize();
        bodyReceived = 0;
        listener.headReceived(head);
        if (length > bodyLimit) {
            throw new HttpError(413, "Content-Length " + length + " larger than " + bodyLimit + " bytes");
        }
        if (chunked) {
            state = State.CHUNK_SIZE;
            return false;
        }
        if (length > 0) {
            remaining = length;
            state = State.BODY;
            return false;
        }
        return finish(listener, NO_TRAILERS);
    }

    /**
     * RFC 9112 section 3.2: an HTTP/1.1 request needs exactly one Host; any request with more than one, or
     * with one that is not {@code uri-host [ ":" port ]}, is refused.
     */
    private void checkHost(HttpHeaders h) throws HttpError {
        int hosts = h.count("Host");
        if (hosts > 1) {
            throw new HttpError(400, "more than one Host header");
        }
        if (hosts == 0) {
            if (http11) {
                throw new HttpError(400, "HTTP/1.1 request without Host");
            }
            return;
        }
        String host = h.get("Host");
        if (!HostSyntax.isHostAndPort(host)) {
            throw new HttpError(400, "Host is not a valid uri-host [\":\" port]: " + host);
        }
    }

    private boolean finish(Listener listener, HttpHeaders trailerFields) throws HttpError {
        state = State.REQUEST_LINE;
        sectionBytes = 0;
        headers = null;
        trailers = null;
        method = null;
        target = null;
        lexer.shrink();
        listener.requestReceived(trailerFields);
        return true;
    }

    private void startSection() {
        sectionBytes = 0;
        fieldCount = 0;
    }

    private void deliver(ByteBuffer in, int n, Listener listener) throws HttpError {
        int limit = in.limit();
        int end = in.position() + n;
        in.limit(end);
        try {
            listener.bodyReceived(in);
        } finally {
            in.limit(limit);
            in.position(end);
        }
    }

    /** Reads one header or trailer line, enforcing the section's size and count limits. */
    private boolean readField(ByteBuffer in, boolean crlf) throws HttpError {
        int budget = config.maxHeaderSize() - sectionBytes;
        if (!lexer.readLine(in, Math.max(budget - 2, 0), 431, "header section", crlf)) {
            return false;
        }
        int lineLength = lexer.length();
        sectionBytes += lineLength + 2;
        if (lineLength > 0 && sectionBytes > config.maxHeaderSize()) {
            throw new HttpError(431, "header section larger than " + config.maxHeaderSize() + " bytes");
        }
        if (lineLength > 0 && ++fieldCount > config.maxHeaderCount()) {
            throw new HttpError(431, "more than " + config.maxHeaderCount() + " header fields");
        }
        return true;
    }

    private void parseRequestLine() throws HttpError {
        int n = lexer.length();
        byte[] b = lexer.line();
        int sp1 = HeadLexer.indexOf(b, 0, n, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : HeadLexer.indexOf(b, sp1 + 1, n, (byte) ' ');
        if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1) {
            throw new HttpError(400, "malformed request line");
        }
        for (int i = 0; i < sp1; i++) {
            if (!HttpTokens.isTokenChar(b[i])) {
                throw new HttpError(400, "malformed method");
            }
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            if (b[i] <= 0x20 || b[i] >= 0x7f) {
                throw new HttpError(400, "request target with a character outside visible ASCII");
            }
        }
        int v = sp2 + 1;
        int vlen = n - v;
        if (vlen != 8 || !HttpTokens.equalsAscii("HTTP/", b, v, 5, false) || !isDigit(b[v + 5]) || b[v + 6] != '.'
                || !isDigit(b[v + 7])) {
            throw new HttpError(400, "malformed HTTP version");
        }
        if (b[v + 5] != '1') {
            throw new HttpError(505, "HTTP version " + new String(b, v, vlen, StandardCharsets.ISO_8859_1) + " not supported");
        }
        // RFC 9110 section 6.2: a higher minor version of HTTP/1 is served as the highest we speak, HTTP/1.1
        http11 = b[v + 7] != '0';
        method = HttpTokens.method(b, sp1);
        target = new String(b, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1);
        headers = new HttpHeaders();
        lexer.consumeLine();
    }

    private long parseChunkSize() throws HttpError {
        int n = lexer.length();
        byte[] b = lexer.line();
        long size = 0;
        int i = 0;
        while (i < n && hexValue(b[i]) >= 0) {
            if (i >= 15) {
                throw new HttpError(400, "chunk size too long");
            }
            size = (size << 4) | hexValue(b[i]);
            i++;
        }
        if (i == 0) {
            throw new HttpError(400, "malformed chunk size");
        }
        while (i < n && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i < n && b[i] != ';') {
            throw new HttpError(400, "malformed chunk size line");
        }
        for (; i < n; i++) {
            int c = b[i] & 0xff;
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new HttpError(400, "control character in a chunk extension");
            }
        }
        lexer.consumeLine();
        return size;
    }

    private static void requireChunkedLast(List<String> fieldValues) throws HttpError {
        int count = 0;
        boolean chunkedSeen = false;
        boolean unsupported = false;
        String last = null;
        for (String value : fieldValues) {
            for (String coding : value.split(",", -1)) {
                String c = coding.trim();
                if (c.isEmpty()) {
                    continue;
                }
                count++;
                last = c;
                if (c.equalsIgnoreCase("chunked")) {
                    if (chunkedSeen) {
                        throw new HttpError(400, "chunked applied more than once");
                    }
                    chunkedSeen = true;
                } else {
                    unsupported = true;
                }
            }
        }
        if (count == 0) {
            throw new HttpError(400, "empty Transfer-Encoding");
        }
        if (!"chunked".equalsIgnoreCase(last)) {
            throw new HttpError(chunkedSeen || !unsupported ? 400 : 501,
                    "Transfer-Encoding without chunked as its final coding");
        }
        if (unsupported) {
            throw new HttpError(501, "unsupported transfer coding in " + String.join(", ", fieldValues));
        }
    }

    private static long contentLength(List<String> fieldValues) throws HttpError {
        long length = -1;
        for (String value : fieldValues) {
            for (String item : value.split(",", -1)) {
                String s = item.trim();
                if (s.isEmpty()) {
                    throw new HttpError(400, "empty Content-Length");
                }
                long parsed = 0;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c < '0' || c > '9') {
                        throw new HttpError(400, "malformed Content-Length");
                    }
                    if (parsed > (Long.MAX_VALUE - 9) / 10) {
                        throw new HttpError(413, "Content-Length too large");
                    }
                    parsed = parsed * 10 + (c - '0');
                }
                if (length >= 0 && parsed != length) {
                    throw new HttpError(400, "conflicting Content-Length values");
                }
                length = parsed;
            }
        }
        return length;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
