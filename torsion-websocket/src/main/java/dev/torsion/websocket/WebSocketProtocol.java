package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.reactor.ConnectionDone;
import dev.torsion.reactor.ConnectionLost;
import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Scheduler;
import dev.torsion.reactor.Transport;
import dev.torsion.websocket.frame.MaskGenerator;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * A WebSocket connection over a torsion {@link Transport}: drives a {@link WebSocketConnection} with the bytes
 * TCP delivers, gives its events to a {@link WebSocketHandler}, and runs its timers (ping, pong timeout,
 * close timeout, idle timeout) on {@link Transport#scheduler()}.
 *
 * <p><b>Construction.</b> The HTTP layer builds one per upgraded connection once the opening handshake is
 * done, with the agreed subprotocol and the request's headers, and hands it the connection:
 * <pre>{@code
 * WebSocketProtocol ws = WebSocketProtocol.server(handler, WebSocketConfig.defaults(), "chat", headers);
 * ws.connectionMade(transport);     // the connection is OPEN: handler.onOpen runs
 * ws.dataReceived(bytesAfter101);   // bytes that came with the handshake are parsed, never lost
 * }</pre>
 *
 * <p><b>Closing.</b> A server closes TCP once both close frames are exchanged; a client waits for the
 * server to do it. Both abort when the close timeout passes. {@link #eofReceived()} keeps the connection
 * half-open while this end still owes the peer a close frame.
 *
 * <p><b>Threading.</b> Its {@link Protocol} callbacks run on the transport's event loop; its
 * {@link #session()} may be used from any thread.
 *
 * <p><b>Lifecycle.</b> One instance per connection, used once: {@code connectionMade}, then data, then
 * {@code connectionLost}, after which {@link WebSocketHandler#onClose} has been called.
 */
public final class WebSocketProtocol implements Protocol {

    private static final System.Logger LOG = System.getLogger(WebSocketProtocol.class.getName());

    private final WebSocketHandler handler;
    private final WebSocketConfig config;
    private final Role role;
    private final TransportSession session;
    private final Events events = new Events();
    private final Output output = new Output();

    private Transport transport;
    private Scheduler scheduler;
    private WebSocketConnection connection;
    private Liveness liveness;
    private DelayedCall closeTimer;
    private String abortReason;
    private boolean lost;
    private dev.torsion.websocket.deflate.PerMessageDeflateExtension deflate;

    /**
     * A protocol for the {@code role} end of a connection whose opening handshake agreed on
     * {@code subprotocol} (null for none) and carried {@code requestHeaders}.
     */
    public WebSocketProtocol(WebSocketHandler handler, WebSocketConfig config, Role role, String subprotocol,
                             HttpHeaders requestHeaders) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.config = Objects.requireNonNull(config, "config");
        this.role = Objects.requireNonNull(role, "role");
        this.session = new TransportSession(this, config, subprotocol, requestHeaders);
    }

    /** A server-side protocol. */
    public static WebSocketProtocol server(WebSocketHandler handler, WebSocketConfig config, String subprotocol,
                                           HttpHeaders requestHeaders) {
        return new WebSocketProtocol(handler, config, Role.SERVER, subprotocol, requestHeaders);
    }

    /** A client-side protocol; {@code requestHeaders} are the headers the client sent. */
    public static WebSocketProtocol client(WebSocketHandler handler, WebSocketConfig config, String subprotocol,
                                           HttpHeaders requestHeaders) {
        return new WebSocketProtocol(handler, config, Role.CLIENT, subprotocol, requestHeaders);
    }

    /**
     * Uses permessage-deflate as agreed in the opening handshake. Call before {@link #connectionMade}; the
     * codec is made then, with this connection's max message size as the decompressed limit, and released
     * when the connection ends.
     */
    public WebSocketProtocol useDeflate(dev.torsion.websocket.deflate.PerMessageDeflateExtension agreed) {
        if (transport != null) {
            throw new IllegalStateException("useDeflate: the connection is already made");
        }
        this.deflate = agreed;
        return this;
    }

    /** The application's handle on this connection (usable once the connection is made). */
    public WebSocketSession session() {
        return session;
    }

    /** The protocol core's state (CONNECTING before {@link #connectionMade}). */
    public ConnectionState state() {
        return connection == null ? ConnectionState.CONNECTING : connection.state();
    }

    // ---------------------------------------------------------------- Protocol

    @Override
    public void connectionMade(Transport transport) {
        if (this.transport != null) {
            throw new IllegalStateException("connectionMade: called twice");
        }
        this.transport = transport;
        this.scheduler = transport.scheduler();
        // only a client masks: a server connection needs no generator (nor a SecureRandom seed per connection)
        this.connection = new WebSocketConnection(role, config, events, output,
                role == Role.CLIENT ? new MaskGenerator() : null);
        this.liveness = new Liveness(scheduler, config, new Timers());
        if (deflate != null) {
            connection.useDeflate(deflate.newCodec(config.maxMessageSize()));
        }
        connection.open();
        session.opened(transport);
        syncSession(); // the session is open before onOpen runs, so onOpen may send
        liveness.start();
        dispatch(() -> handler.onOpen(session));
        syncSession();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        connection.receiveData(data);
        syncSession();
    }

    @Override
    public boolean eofReceived() {
        boolean halfOpen = connection.receiveEof();
        syncSession();
        return halfOpen;
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (config.pauseReadingWhileUnwritable()) {
            if (writable) {
                transport.resumeReading();
            } else {
                transport.pauseReading();
            }
        }
        if (writable && !lost) {
            dispatch(() -> handler.onDrain(session));
        }
    }

    /** Graceful shutdown of the reactor: an open connection is closed with 1001 Going Away. */
    @Override
    public void shutdownRequested() {
        if (connection != null && connection.state() == ConnectionState.OPEN) {
            connection.close(CloseCode.GOING_AWAY, "server shutting down");
            syncSession();
        }
    }

    @Override
    public void connectionLost(Throwable reason) {
        lost = true;
        if (closeTimer != null) {
            closeTimer.cancel();
        }
        if (connection == null) {
            session.connectionGone();
            return;
        }
        liveness.stop();
        connection.transportLost(abortReason != null ? abortReason : describe(reason));
        session.stateChanged(ConnectionState.CLOSED);
        CloseCode code = connection.closeCode();
        String why = connection.closeReason();
        boolean clean = connection.wasClean();
        try {
            handler.onClose(session, code, why, clean);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "WebSocketHandler.onClose threw", e);
        }
        session.connectionGone();
    }

    // ---------------------------------------------------------------- for the session (on the loop)

    WebSocketConnection connection() {
        return connection;
    }

    Liveness liveness() {
        return liveness;
    }

    /** Fails the connection with {@code code}, keeping {@code why} for the application only. */
    void failLocally(CloseCode code, String why) {
        connection.fail(code, why);
        syncSession();
    }

    /** Brings the session's thread-safe view of the state up to date. */
    void syncSession() {
        if (connection != null) {
            session.stateChanged(connection.state());
        }
    }

    // ---------------------------------------------------------------- internals

    private void dispatch(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "WebSocketHandler callback threw; failing the connection with 1011", e);
            try {
                handler.onError(session, e);
            } catch (RuntimeException again) {
                LOG.log(System.Logger.Level.WARNING, "WebSocketHandler.onError threw", again);
            }
            if (connection.state() != ConnectionState.CLOSED) {
                failLocally(CloseCode.INTERNAL_ERROR, "handler failed: " + e);
            }
        }
    }

    private void abort(String why) {
        if (!lost) {
            abortReason = why;
            transport.abortConnection();
        }
    }

    private void armCloseTimer() {
        liveness.stop();
        if (closeTimer == null && !lost) {
            Duration timeout = config.closeTimeout();
            closeTimer = scheduler.callLater(timeout, () -> abort("close timeout: the closing handshake took over " + timeout));
        }
    }

    private static String describe(Throwable reason) {
        if (reason instanceof ConnectionDone) {
            return "connection closed: " + reason.getMessage();
        }
        if (reason instanceof ConnectionLost) {
            return "connection lost: " + reason.getMessage();
        }
        return "connection failed: " + reason;
    }

    /** The core's events, passed on to the handler. */
    private final class Events implements ConnectionListener {
        @Override
        public void onText(String text) {
            liveness.messageActivity();
            dispatch(() -> handler.onText(session, text));
        }

        @Override
        public void onBinary(ByteBuffer data) {
            liveness.messageActivity();
            dispatch(() -> handler.onBinary(session, data));
        }

        @Override
        public void onPing(ByteBuffer payload) {
            dispatch(() -> handler.onPing(session, payload));
        }

        @Override
        public void onPong(ByteBuffer payload) {
            liveness.pongReceived(payload);
            dispatch(() -> handler.onPong(session, payload));
        }

        @Override
        public void onCloseReceived(int code, String reason) {
            session.stateChanged(connection.state());
        }
    }

    /** The core's bytes and orders, carried out on the transport. */
    private final class Output implements ConnectionOutput {
        @Override
        public void write(ByteBuffer bytes) {
            transport.write(bytes);
        }

        @Override
        public void write(ByteBuffer header, ByteBuffer payload) {
            transport.write(header, payload);
        }

        @Override
        public void startCloseTimer() {
            armCloseTimer();
        }

        @Override
        public void closeTransport() {
            armCloseTimer();
            transport.loseConnection();
        }
    }

    /** What the liveness timers do. */
    private final class Timers implements Liveness.Actions {
        @Override
        public void sendPing(ByteBuffer payload) {
            if (connection.state() == ConnectionState.OPEN) {
                connection.sendPing(payload);
            }
        }

        @Override
        public void pongTimedOut(Duration timeout) {
            abort("pong timeout: no pong within " + timeout);
        }

        @Override
        public void idleTimedOut() {
            if (connection.state() == ConnectionState.OPEN) {
                session.close(CloseCode.GOING_AWAY, "idle timeout");
            }
        }
    }
}
