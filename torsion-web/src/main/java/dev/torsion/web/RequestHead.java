package dev.torsion.web;

import dev.torsion.http.HttpHeaders;

/**
 * The request line and header section of one request, with the framing and connection facts the parser
 * derived from them (RFC 9112 sections 6 and 9).
 *
 * <p><b>Threading and lifecycle.</b> Made by {@link HttpRequestParser} on the connection's loop and not
 * changed afterwards (except its headers, which belong to the request from then on).
 */
public final class RequestHead {

    private final String method;
    private final String target;
    private final boolean http11;
    private final HttpHeaders headers;
    private final long contentLength;
    private final boolean chunked;
    private final boolean keepAlive;
    private final boolean expectContinue;
    private boolean http2;
    private String connectProtocol;

    RequestHead(String method, String target, boolean http11, HttpHeaders headers, long contentLength,
                boolean chunked, boolean keepAlive, boolean expectContinue) {
        this.method = method;
        this.target = target;
        this.http11 = http11;
        this.headers = headers;
        this.contentLength = contentLength;
        this.chunked = chunked;
        this.keepAlive = keepAlive;
        this.expectContinue = expectContinue;
    }

    /**
     * The head of a request that came on an HTTP/2 stream: {@code :path} as the target, its fields (with
     * {@code :authority} as {@code Host}); {@code contentLength} as declared, or -1 for a body of unknown
     * length (then {@link #isChunked()} is true: the body ends with the stream), 0 for none.
     */
    static RequestHead http2(String method, String path, HttpHeaders headers, long contentLength, boolean expectContinue) {
        RequestHead head = new RequestHead(method, path, true, headers, contentLength, contentLength < 0, true,
                expectContinue);
        head.http2 = true;
        return head;
    }

    /**
     * The head of an extended CONNECT (RFC 8441): {@code :method} CONNECT with {@code :protocol}
     * ({@code "websocket"}), {@code :path} as the target; the stream's DATA is the tunnel's, not a body.
     */
    static RequestHead extendedConnect(String path, String protocol, HttpHeaders headers) {
        RequestHead head = new RequestHead("CONNECT", path, true, headers, 0, false, true, false);
        head.http2 = true;
        head.connectProtocol = protocol;
        return head;
    }

    /** The {@code :protocol} of an extended CONNECT (RFC 8441), e.g. {@code "websocket"}; null for other requests. */
    public String connectProtocol() {
        return connectProtocol;
    }

    /** True for a request that came over HTTP/2. */
    public boolean isHttp2() {
        return http2;
    }

    /** The method, e.g. "GET" (case-sensitive, as sent). */
    public String method() {
        return method;
    }

    /** The request target exactly as sent: "/a%20b?x=1", "http://host/a", or "*". */
    public String target() {
        return target;
    }

    /**
     * "HTTP/1.1", "HTTP/1.0" or "HTTP/2": a request sent as HTTP/1.2 or higher minor version is served as
     * HTTP/1.1.
     */
    public String version() {
        if (http2) {
            return "HTTP/2";
        }
        return http11 ? "HTTP/1.1" : "HTTP/1.0";
    }

    /** True for HTTP/1.1 (and HTTP/2, which keeps its semantics), false for HTTP/1.0. */
    public boolean isHttp11() {
        return http11;
    }

    /** The header fields in the order they came. */
    public HttpHeaders headers() {
        return headers;
    }

    /** The body length from Content-Length, 0 when the request has no body, -1 when it is chunked. */
    public long contentLength() {
        return contentLength;
    }

    /** True when the body comes with the chunked transfer coding. */
    public boolean isChunked() {
        return chunked;
    }

    /** True when the body is non-empty or of unknown length. */
    public boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /** True when the client wants the connection kept open after this request (HTTP/1.1 default, 1.0 opt-in). */
    public boolean isKeepAlive() {
        return keepAlive;
    }

    /** True when the client sent {@code Expect: 100-continue} (HTTP/1.1 only). */
    public boolean expectsContinue() {
        return expectContinue;
    }
}
