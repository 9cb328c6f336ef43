package dev.torsion.websocket.client;

import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;
import dev.torsion.web.http2.ErrorCode;
import dev.torsion.web.http2.Http2Config;
import dev.torsion.web.http2.Http2Connection;
import dev.torsion.web.http2.Http2Headers;
import dev.torsion.web.http2.Http2Settings;
import dev.torsion.web.http2.Http2Stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One client HTTP/2 connection that carries WebSockets as streams (RFC 8441), shared through
 * {@link Http2Connections}: the client side {@link Http2Connection}, reached over TLS by ALPN {@code h2} (or on
 * plain TCP with prior knowledge), ready once the server's first SETTINGS allow the extended CONNECT. Each
 * WebSocket's stream starts with an {@link Http2WebSocketStream}.
 *
 * <p><b>Threading.</b> The fields marked so are guarded by the pool's lock; the connection itself runs on its
 * event loop ({@link #open} hops there). <b>Lifecycle.</b> CONNECTING until the server's SETTINGS, READY while
 * it takes WebSockets, GONE once it takes no more (idle and closed, going away, failed, or not HTTP/2).
 */
final class Http2SharedConnection implements Http2Connection.Listener {

    enum State { CONNECTING, READY, GONE }

    final Http2Connections pool;
    final WebSocketUri target;
    /** Completes when the server's SETTINGS came (or fails with why the connection never got there). */
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Http2Connection connection;

    // guarded by the pool's lock
    State state = State.CONNECTING;
    /** Places taken: WebSockets open or opening on this connection. */
    int reserved;
    /** The most places it gives (the client's limit until the server's is known). */
    int limit;
    final List<Http2Connections.Attempt> waiting = new ArrayList<>(1);

    Http2SharedConnection(Http2Connections pool, WebSocketUri target, int limit) {
        this.pool = pool;
        this.target = target;
        this.limit = limit;
        this.connection = new Http2Connection(Http2Connection.Role.CLIENT, Http2Config.defaults(), this);
        ready.whenComplete((ok, error) -> {
            if (error != null) {
                pool.ended(this, error);
            }
        });
    }

    /** The protocol to dial with: the HTTP/2 connection itself on plain TCP, else one that follows ALPN. */
    Protocol wire() {
        return target.secure() ? new AlpnChoice() : connection;
    }

    /** Opens {@code attempt}'s stream with the extended CONNECT, on the connection's loop. */
    void open(Http2Connections.Attempt attempt) {
        if (!connection.scheduler().inEventLoop()) {
            connection.scheduler().execute(() -> open(attempt));
            return;
        }
        if (attempt.result.isDone()) {
            return;
        }
        Http2WebSocketStream stream = new Http2WebSocketStream(attempt.handshake, attempt.handler,
                pool.client().config(), pool.client().extensions(), attempt.result);
        attempt.stream = stream;
        try {
            connection.openStream(Http2WebSocketStream.request(attempt.handshake, target.secure()), false, stream);
        } catch (IllegalStateException full) {
            attempt.stream = null;
            pool.replace(attempt, this, connection.isOpen());
        }
    }

    /** No WebSocket is left on it: GOAWAY, and the connection closes. Any thread. */
    void closeIdle() {
        connection.scheduler().execute(connection::shutdownRequested);
    }

    // ---------------------------------------------------------------- Http2Connection.Listener (loop)

    @Override
    public Protocol streamOpened(Http2Stream stream, Http2Headers headers, boolean endStream) {
        return null;   // a server opens no streams (and push is off)
    }

    @Override
    public void settingsReceived(Http2Settings peer) {
        if (ready.isDone()) {
            return;
        }
        ready.complete(null);
        if (peer.connectProtocolEnabled()) {
            pool.ready(this, peer.maxConcurrentStreams());
            return;
        }
        pool.noWebSocket(this, null, target.secure() ? null : Http2Connections.noExtendedConnect(target));
        connection.shutdownRequested();   // GOAWAY, and close
    }

    @Override
    public void goAwayReceived(int lastStreamId, ErrorCode code, String debugData) {
        pool.goingAway(this);
    }

    @Override
    public void connectionEnded(Throwable reason) {
        if (!ready.completeExceptionally(new IOException("the HTTP/2 connection to " + target.host() + ":"
                + target.port() + " ended before the server's SETTINGS: " + reason.getMessage(), reason))) {
            pool.ended(this, reason);
        }
    }

    /** Inside TLS: HTTP/2 if ALPN agreed on {@code h2}, else the first waiting attempt's HTTP/1.1 handshake. */
    private final class AlpnChoice implements Protocol {
        @Override
        public void connectionMade(Transport transport) {
            if ("h2".equals(transport.applicationProtocol())) {
                transport.switchProtocol(connection);
                connection.connectionMade(transport);
                return;
            }
            ready.complete(null);
            pool.noWebSocket(Http2SharedConnection.this, transport, null);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            data.position(data.limit());   // never: the connection is handed over in connectionMade
        }

        @Override
        public void connectionLost(Throwable reason) {
            ready.completeExceptionally(reason);
        }
    }
}
