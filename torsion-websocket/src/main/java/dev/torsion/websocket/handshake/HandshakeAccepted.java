package dev.torsion.websocket.handshake;

import dev.torsion.http.HttpHeaders;

import java.util.List;
import java.util.Optional;

/**
 * An accepted handshake: the {@code 101 Switching Protocols} response to send, and what was agreed.
 *
 * <p>{@link #headers()} holds, in order, {@code Upgrade: websocket}, {@code Connection: Upgrade},
 * {@code Sec-WebSocket-Accept}, then {@code Sec-WebSocket-Protocol} and {@code Sec-WebSocket-Extensions} when
 * something was agreed, then the headers the application added. The HTTP layer writes exactly these, with no
 * body and no {@code Content-Length}, and from the next byte on the connection belongs to the WebSocket layer
 * (including any bytes already read after the request), configured with {@link #subprotocol()} and
 * {@link #extensions()}.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class HandshakeAccepted implements HandshakeResult {

    private final HttpHeaders headers;
    private final String subprotocol;
    private final List<NegotiatedExtension> extensions;

    HandshakeAccepted(HttpHeaders headers, String subprotocol, List<NegotiatedExtension> extensions) {
        this.headers = headers.readOnly();
        this.subprotocol = subprotocol;
        this.extensions = List.copyOf(extensions);
    }

    @Override
    public int status() {
        return 101;
    }

    @Override
    public String reasonPhrase() {
        return "Switching Protocols";
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
        return "101 Switching Protocols " + headers;
    }
}
