package dev.torsion.websocket.client;

import dev.torsion.reactor.Authority;
import dev.torsion.reactor.Protocol;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.handshake.ClientHandshake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP/2 connections a {@link WebSocketClient} built with {@code http2(true)} shares between its WebSockets
 * (RFC 8441): per server ({@code ws} or {@code wss}, host and port) the connections open now, each carrying up
 * to {@code streamsPerConnection} WebSockets at once and never more than the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS. A connect takes a place on a connection that has one (opening its stream at
 * once, or once the connection is ready), else dials a new connection. A connection closes (GOAWAY, then TCP)
 * when its last WebSocket has closed; one the server ends or sends GOAWAY on takes no more.
 *
 * <p>Where HTTP/2 is not to be had, the attempts fall back to HTTP/1.1: over TLS when ALPN agrees on
 * {@code http/1.1} (the first attempt upgrades on that very connection, the others on connections of their own)
 * or when the server does not announce SETTINGS_ENABLE_CONNECT_PROTOCOL (each on a new HTTP/1.1 connection). On
 * plain TCP (HTTP/2 with prior knowledge) there is nothing to fall back to: the attempts fail saying why.
 *
 * <p><b>Threading.</b> Thread-safe: {@link #connect} from any thread; the bookkeeping is guarded by this
 * object's lock, the streams are opened on their connection's loop. <b>Lifecycle.</b> One per client.
 */
final class Http2Connections {

    /** How the client reaches a server and speaks HTTP/1.1 when it must. */
    interface Client {
        /** Connects to {@code target} (TLS offering {@code h2} first when {@code offerH2}) and runs {@code inner}. */
        void dial(WebSocketUri target, Protocol inner, boolean offerH2, CompletableFuture<?> failures);

        /** The HTTP/1.1 handshake for {@code attempt}, to run on a connection whose ALPN said {@code http/1.1}. */
        Protocol http11(Attempt attempt);

        /** Connects {@code attempt} over HTTP/1.1 on a connection of its own. */
        void connectHttp11(Attempt attempt);

        /** The configuration of every WebSocket. */
        dev.torsion.websocket.WebSocketConfig config();

        /** The extensions offered. */
        List<dev.torsion.websocket.handshake.ClientExtension> extensions();
    }

    /** One connect call's parts, and where it stands. */
    static final class Attempt {
        final WebSocketUri target;
        final ClientHandshake handshake;
        final WebSocketHandler handler;
        final CompletableFuture<WebSocketSession> result;
        /** The connection it holds a place on (guarded by the pool's lock); null once released. */
        Http2SharedConnection place;
        /** Its stream's handshake, once opened. */
        volatile Http2WebSocketStream stream;

        Attempt(WebSocketUri target, ClientHandshake handshake, WebSocketHandler handler,
                CompletableFuture<WebSocketSession> result) {
            this.target = target;
            this.handshake = handshake;
            this.handler = handler;
            this.result = result;
        }

        /** Gives up on the attempt's stream, if it has one (a timeout). Any thread. */
        void abort() {
            Http2WebSocketStream s = stream;
            if (s != null) {
                s.abort();
            }
        }
    }

    private final Client client;
    private final int streamsPerConnection;
    private final Map<String, List<Http2SharedConnection>> open = new HashMap<>();

    Http2Connections(Client client, int streamsPerConnection) {
        this.client = client;
        this.streamsPerConnection = streamsPerConnection;
    }

    Client client() {
        return client;
    }

    /** Opens {@code attempt}'s WebSocket on a shared connection; its result completes as any connect's does. */
    void connect(Attempt attempt) {
        attempt.result.whenComplete((session, error) -> {
            if (error != null) {
                release(attempt);
            } else {
                session.addCloseListener(() -> release(attempt));
            }
        });
        place(attempt);
    }

    private void place(Attempt attempt) {
        Http2SharedConnection connection = null;
        boolean fresh = false;
        boolean ready;
        synchronized (this) {
            if (attempt.result.isDone()) {
                return;
            }
            String key = key(attempt.target);
            List<Http2SharedConnection> list = open.computeIfAbsent(key, k -> new ArrayList<>(1));
            for (Http2SharedConnection c : list) {
                if (c.reserved < c.limit) {
                    connection = c;
                    break;
                }
            }
            if (connection == null) {
                connection = new Http2SharedConnection(this, attempt.target, streamsPerConnection);
                list.add(connection);
                fresh = true;
            }
            connection.reserved++;
            attempt.place = connection;
            ready = connection.state == Http2SharedConnection.State.READY;
            if (!ready) {
                connection.waiting.add(attempt);
            }
        }
        if (fresh) {
            client.dial(attempt.target, connection.wire(), true, connection.ready);
        } else if (ready) {
            connection.open(attempt);
        }
    }

    /** {@code attempt} could not open its stream on {@code connection} ({@code why}): it tries elsewhere. */
    void replace(Attempt attempt, Http2SharedConnection connection, boolean connectionUsable) {
        synchronized (this) {
            if (connectionUsable) {
                connection.limit = Math.max(0, connection.reserved - 1);   // full, whatever it said
            } else {
                forget(connection);
            }
        }
        release(attempt);
        place(attempt);
    }

    /** The attempt ended (failed, or its session closed): its place is free; an idle connection closes. */
    void release(Attempt attempt) {
        Http2SharedConnection idle = null;
        synchronized (this) {
            Http2SharedConnection c = attempt.place;
            if (c == null) {
                return;
            }
            attempt.place = null;
            c.reserved--;
            if (c.reserved == 0 && c.state == Http2SharedConnection.State.READY) {
                forget(c);
                idle = c;
            }
        }
        if (idle != null) {
            idle.closeIdle();
        }
    }

    /** The connection is ready for WebSocket streams: the waiting attempts open theirs. On its loop. */
    void ready(Http2SharedConnection connection, long serverLimit) {
        List<Attempt> waiting;
        boolean idle;
        synchronized (this) {
            if (connection.state != Http2SharedConnection.State.CONNECTING) {
                return;
            }
            connection.state = Http2SharedConnection.State.READY;
            connection.limit = (int) Math.min(streamsPerConnection, serverLimit);
            waiting = takeWaiting(connection);
            idle = connection.reserved == 0;
            if (idle) {
                forget(connection);
            }
        }
        if (idle) {
            connection.closeIdle();
            return;
        }
        for (Attempt a : waiting) {
            connection.open(a);
        }
    }

    /**
     * The connection will carry no WebSocket: ALPN chose HTTP/1.1 ({@code sameConnection} then is the protocol
     * given the connection, for the first waiting attempt), or the server does not allow extended CONNECT.
     * The waiting attempts go over HTTP/1.1 (or fail, {@code failure} not null, without TLS to fall back on).
     */
    void noWebSocket(Http2SharedConnection connection, dev.torsion.reactor.Transport sameConnection, Exception failure) {
        List<Attempt> waiting;
        synchronized (this) {
            forget(connection);
            waiting = takeWaiting(connection);
            for (Attempt a : waiting) {
                if (a.place == connection) {
                    a.place = null;
                    connection.reserved--;
                }
            }
        }
        for (Attempt a : waiting) {
            if (a.result.isDone()) {
                continue;
            }
            if (failure != null) {
                a.result.completeExceptionally(failure);
            } else if (sameConnection != null) {
                Protocol http11 = client.http11(a);
                sameConnection.switchProtocol(http11);
                http11.connectionMade(sameConnection);
                sameConnection = null;
            } else {
                client.connectHttp11(a);
            }
        }
        if (sameConnection != null) {
            sameConnection.abortConnection();   // nobody is waiting for it any more
        }
    }

    /** The connection failed before it was ready, or ended: no attempt may use it; those waiting fail. */
    void ended(Http2SharedConnection connection, Throwable reason) {
        List<Attempt> waiting;
        synchronized (this) {
            forget(connection);
            waiting = takeWaiting(connection);
        }
        for (Attempt a : waiting) {
            a.result.completeExceptionally(reason);
        }
    }

    /** The server sent GOAWAY: streams open go on, new ones go elsewhere. */
    synchronized void goingAway(Http2SharedConnection connection) {
        if (connection.state == Http2SharedConnection.State.READY) {
            forget(connection);
        }
    }

    /** The attempts waiting for {@code connection}, which waits for none any more. Guarded by this object's lock. */
    private static List<Attempt> takeWaiting(Http2SharedConnection connection) {
        List<Attempt> waiting = new ArrayList<>(connection.waiting);
        connection.waiting.clear();
        return waiting;
    }

    /** Guarded by this object's lock. */
    private void forget(Http2SharedConnection connection) {
        connection.state = Http2SharedConnection.State.GONE;
        List<Http2SharedConnection> list = open.get(key(connection.target));
        if (list != null) {
            list.remove(connection);
            if (list.isEmpty()) {
                open.remove(key(connection.target));
            }
        }
    }

    /** The number of connections open or opening, for tests. */
    synchronized int connectionCount() {
        return open.values().stream().mapToInt(List::size).sum();
    }

    private static String key(WebSocketUri target) {
        return (target.secure() ? "wss://" : "ws://") + Authority.of(target.host(), target.port());
    }

    static IOException noExtendedConnect(WebSocketUri target) {
        return new IOException("the server at " + Authority.of(target.host(), target.port()) + " speaks HTTP/2 but does "
                + "not allow WebSocket over it (no SETTINGS_ENABLE_CONNECT_PROTOCOL, RFC 8441)");
    }
}
