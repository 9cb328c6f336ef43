package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;

import javax.net.ssl.SSLSession;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * A plain, immutable {@link HandshakeRequest}: a method, version, target and {@link HttpHeaders}.
 *
 * <p>Tests build requests with it, and {@link ClientHandshake#request()} returns one for the client to write.
 * The builder's defaults are {@code GET}, {@code HTTP/1.1} and {@code /}.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class SimpleHandshakeRequest implements HandshakeRequest {

    private final String method;
    private final String httpVersion;
    private final String target;
    private final HttpHeaders headers;
    private final String connectProtocol;
    private final SocketAddress remoteAddress;
    private final SSLSession sslSession;

    private SimpleHandshakeRequest(Builder builder) {
        this.method = builder.method;
        this.httpVersion = builder.httpVersion;
        this.target = builder.target;
        this.headers = builder.headers.readOnly();
        this.connectProtocol = builder.connectProtocol;
        this.remoteAddress = builder.remoteAddress;
        this.sslSession = builder.sslSession;
    }

    /** A new builder for a {@code GET / HTTP/1.1} request with no headers. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String httpVersion() {
        return httpVersion;
    }

    @Override
    public String target() {
        return target;
    }

    /** All header fields, in order (read-only). */
    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public String connectProtocol() {
        return connectProtocol;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public SSLSession sslSession() {
        return sslSession;
    }

    /** The request line and headers as HTTP/1.1 text, ending with the blank line (CRLF line ends). */
    public String toHttpText() {
        StringBuilder text = new StringBuilder(256);
        text.append(method).append(' ').append(target).append(' ').append(httpVersion).append("\r\n");
        headers.forEach((name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
        return text.append("\r\n").toString();
    }

    @Override
    public String toString() {
        return method + " " + target + " " + httpVersion + (connectProtocol == null ? "" : " :protocol " + connectProtocol)
                + " " + headers;
    }

    /** Collects the parts of a request. Not thread-safe; one builder per thread. */
    public static final class Builder {

        private String method = "GET";
        private String httpVersion = "HTTP/1.1";
        private String target = "/";
        private final HttpHeaders headers = new HttpHeaders();
        private String connectProtocol;
        private SocketAddress remoteAddress;
        private SSLSession sslSession;

        private Builder() {
        }

        /** Sets the {@code :protocol} of an extended CONNECT over HTTP/2 (RFC 8441; default null: none). */
        public Builder connectProtocol(String protocol) {
            this.connectProtocol = protocol;
            return this;
        }

        /** Sets the method (default {@code GET}). */
        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /** Sets the protocol version (default {@code HTTP/1.1}). */
        public Builder httpVersion(String httpVersion) {
            this.httpVersion = Objects.requireNonNull(httpVersion, "httpVersion");
            return this;
        }

        /** Sets the request target (default {@code /}). */
        public Builder target(String target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /** Appends a header field; calling twice with one name makes a repeated header. */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** Appends every field of {@code fields}, in order. */
        public Builder headers(HttpHeaders fields) {
            headers.addAll(fields);
            return this;
        }

        /** Sets the client's address (default: none, {@code remoteAddress()} is null). */
        public Builder remoteAddress(SocketAddress address) {
            this.remoteAddress = address;
            return this;
        }

        /** Sets the TLS session the request came over (default: none, a plain request). */
        public Builder sslSession(SSLSession session) {
            this.sslSession = session;
            return this;
        }

        /** The request. The builder may be reused; later changes do not affect requests already built. */
        public SimpleHandshakeRequest build() {
            return new SimpleHandshakeRequest(this);
        }
    }
}
