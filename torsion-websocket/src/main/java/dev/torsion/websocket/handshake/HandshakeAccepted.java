package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;

import java.util.List;
import java.util.Optional;

/**
 * An accepted handshake: the {@code 101 Switching Protocols} response to send (over HTTP/2, the {@code 200}
 * to the extended CONNECT of RFC 8441, whose headers hold no {@code Upgrade}, {@code Connection} or
 * {@code Sec-WebSocket-Accept}), and what was agreed.
 *
 * <p>{@link #headers()} holds, in order, (over HTTP/1.1) {@code Upgrade: websocket}, {@code Connection: Upgrade},
 * {@code Sec-WebSocket-Accept}, then {@code Sec-WebSocket-Protocol} and {@code Sec-WebSocket-Extensions} when
 * something was agreed, then the headers the application added. The HTTP layer writes exactly these, with no
 * body and no {@code Content-Length}, and from the next byte on the connection belongs to the WebSocket layer
 * (including any bytes already read after the request), configured with {@link #subprotocol()} and
 * {@link #extensions()}.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class HandshakeAccepted implements HandshakeResult {

    private final int status;
    private final HttpHeaders headers;
    private final String subprotocol;
    private final List<NegotiatedExtension> extensions;

    HandshakeAccepted(int status, HttpHeaders headers, String subprotocol, List<NegotiatedExtension> extensions) {
        this.status = status;
        this.headers = headers.readOnly();
        this.subprotocol = subprotocol;
        this.extensions = List.copyOf(extensions);
    }

    /** 101, or 200 over HTTP/2. */
    @Override
    public int status() {
        return status;
    }

    @Override
    public String reasonPhrase() {
        return status == 101 ? "Switching Protocols" : "OK";
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public boolean isAccepted() {
        return true;
    }

    /** The subprotocol the connection speaks, if one was agreed. */
    public Optional<String> subprotocol() {
        return Optional.ofNullable(subprotocol);
    }

    /** The agreed extensions in the order they apply (the order of the response header); often empty. */
    public List<NegotiatedExtension> extensions() {
        return extensions;
    }

    @Override
    public String toString() {
        return status + " " + reasonPhrase() + " " + headers;
    }
}
