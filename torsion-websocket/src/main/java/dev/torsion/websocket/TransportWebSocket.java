package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.reactor.ConnectionDone;
import dev.torsion.reactor.ConnectionLost;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Scheduler;
import dev.torsion.reactor.Transport;
import dev.torsion.websocket.handshake.NegotiatedExtension;
import dev.torsion.websocket.handshake.ReservedBit;
import dev.torsion.websocket.frame.MaskGenerator;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.text.Utf8;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * One WebSocket connection on the I/O side, as one object: the transport's {@link Protocol}, the
 * application's {@link WebSocketSession}, and the listener and output of the sans-I/O
 * {@link WebSocketConnection} it drives (OkHttp's {@code RealWebSocket} is the model). Bytes from the
 * transport go into the core; the core's events (messages, pings, pongs, the peer's close) come back here
 * by one path and go to the {@link WebSocketHandler}; the core's frames go to the transport. It needs nothing
 * but a {@link Transport}: TCP, TLS, the in-memory test transport, or a multiplexed stream.
 *
 * <p><b>Construction.</b> The HTTP layer builds one per upgraded connection once the opening handshake is
 * done, with the agreed subprotocol and the request's headers, and hands it the connection:
 * <pre>{@code
 * TransportWebSocket ws = TransportWebSocket.server(handler, WebSocketConfig.defaults(), "chat", headers);
 * ws.connectionMade(transport);     // the connection is OPEN: handler.onOpen runs
 * ws.dataReceived(bytesAfter101);   // bytes that came with the handshake are parsed, never lost
 * }</pre>
 *
 * <p><b>State.</b> Other threads see the connection through one atomic state word (see the bits below):
 * whether the connection is made, whether messages or fragments may be sent, whether {@code close()} was
 * called, whether a message stream is open. The event loop changes the word when the core changes state
 * (never by copying a value computed earlier, so no update is lost); other threads set their bits
 * atomically. Sends from other threads, {@code close()} and overflow failures go through one hop queue
 * ({@link Outbound}) in call order, under the object's lock, which makes each of them atomic with its check of
 * the word: a send that returns true is written before a close frame that {@code close()} asked for later,
 * and a send that starts after {@code close()} returned is refused. The loop drains the whole queue in one
 * task.
 *
 * <p><b>Closing.</b> A server closes TCP once both close frames are exchanged; a client waits for the
 * server to do it. Both abort when the close timeout passes. {@link #eofReceived()} keeps the connection
 * half-open while this end still owes the peer a close frame.
 *
 * <p><b>Threading.</b> The {@link Protocol}, {@link ConnectionListener} and {@link ConnectionOutput} methods
 * run on the transport's event loop (the last two are the core's callbacks, not for applications); the
 * {@link WebSocketSession} methods may be called from any thread.
 *
 * <p><b>Lifecycle.</b> One instance per connection, used once: {@code connectionMade}, then data, then
 * {@code connectionLost}, after which {@link WebSocketHandler#onClose} has been called.
 */
public final class TransportWebSocket implements Protocol, WebSocketSession, ConnectionListener, ConnectionOutput {

    private static final System.Logger LOG = System.getLogger(TransportWebSocket.class.getName());
    private static final ByteBuffer EMPTY_INPUT = ByteBuffer.allocate(0);

    // The state word's bits.
    /** The connection is made: the session may be used. */
    private static final int MADE = 1;
    /** Whole messages may be sent: the core is OPEN. */
    private static final int MESSAGES = 1 << 1;
    /** Fragments and pings may be sent: the core is OPEN or REMOTE_CLOSING. */
    private static final int FRAGMENTS = 1 << 2;
    /** {@code close()} was called, or the session failed the connection itself: nothing more is accepted. */
    private static final int CLOSING = 1 << 3;
    /** A {@link MessageStream} is open: other messages may not be sent. */
    private static final int STREAM = 1 << 4;
    /** The event loop refused a hop (it has stopped): nothing more is accepted. */
    private static final int LOOP_GONE = 1 << 5;

    private static final VarHandle STATE;
    private static final VarHandle HOPPING;
    private static final VarHandle DROPPED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(TransportWebSocket.class, "state", int.class);
            HOPPING = l.findVarHandle(TransportWebSocket.class, "hopping", long.class);
            DROPPED = l.findVarHandle(TransportWebSocket.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WebSocketHandler handler;
    private final WebSocketConfig config;
    private final Role role;
    private final String subprotocol;
    /** The opening request's headers: until onOpen returns, then only if the config keeps them (compacted). */
    private volatile HttpHeaders requestHeaders;
    /** The opening handshake's response headers (the 101's), kept by the same rule as the request's. */
    private volatile HttpHeaders responseHeaders = HttpHeaders.empty();
    /** The request URI as sent: a server's request target ("/chat?room=1"), a client's ws:// or wss:// URI. */
    private String requestUri = "/";
    private List<? extends NegotiatedExtension> extensions = List.of();
    private String httpVersion = "HTTP/1.1";

    // Set once in connectionMade, before the state word says MADE; read by other threads after they read it.
    private Transport transport;
    private WebSocketConnection connection;
    private Liveness liveness;

    /** The state word: the bits above. */
    private volatile int state;
    /** Data bytes of sends waiting in the hop queue. */
    private volatile long hopping;
    private volatile long dropped;
    /**
     * True once a producer saw {@link #isWritable()} false (or the transport went over its high watermark),
     * until {@link WebSocketHandler#onDrain} told it to go on; any thread sets it, the loop clears it.
     */
    private volatile boolean drainWanted;

    // The hop queue, guarded by this object's lock; head is volatile for a lock-free look from the loop.
    private volatile Outbound head;
    private Outbound tail;
    /** Run when the connection is gone; guarded by this object's lock; null until the first is added. */
    private List<Runnable> closeListeners;
    /** True once the connection is gone and the close listeners ran; guarded by this object's lock. */
    private boolean gone;
    /** How the session ended, once it has (guarded by this object's lock); then {@link #closeFuture} completes. */
    private CloseStatus closeStatus;
    /**
     * Made at the first {@link #closeFuture()} call, which hands out a read-only stage of it per call (no field
     * keeps one: a field less makes the object 8 bytes smaller); guarded by this object's lock.
     */
    private CompletableFuture<CloseStatus> closeFuture;

    // Loop only.
    private String abortReason;
    private boolean lost;
    /** True once the closing handshake is done and the close future waits for this end's frame to leave. */
    private boolean closeAwaited;
    /** True during handler.onCloseReceived for a close the peer started: the session may still send. */
    private boolean replying;
    /** Callbacks of written sends whose bytes have not left (made at the first send with a callback). */
    private SendCompletions completions;
    /** True while a drain check waits among them (see {@link #armDrain}). */
    private boolean drainArmed;
    /** The drain check's callback, made at the first stall. */
    private SendCallback drainCheck;
    /** True while the transport holds a flush notice for the oldest of them. */
    private boolean awaitingFlush;
    /** True while completions are being reported (a callback that sends again only adds to them). */
    private boolean completing;
    /** Receiving in pieces: input not parsed for want of demand (a copy), or null. */
    private ByteBuffer held;
    /** Why reading is paused: no demand for pieces; the transport over its high watermark. */
    private boolean demandPause;
    private boolean unwritablePause;
    /** True while the core parses input (a piece callback's request only adds demand then). */
    private boolean parsing;

    // Metrics (loop only): null counters when the connection counts nowhere. The slot and the message types
    // of fragments in progress belong to the counters.
    private WebSocketMetrics metrics;
    private WebSocketLoopCounters counters;
    private long openedAt;
    int metricsSlot = -1;
    byte receivingType;
    byte sendingType;

    /**
     * A WebSocket for the {@code role} end of a connection whose opening handshake agreed on
     * {@code subprotocol} (null for none) and carried {@code requestHeaders}.
     */
    public TransportWebSocket(WebSocketHandler handler, WebSocketConfig config, Role role, String subprotocol,
                              HttpHeaders requestHeaders) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.config = Objects.requireNonNull(config, "config");
        this.role = Objects.requireNonNull(role, "role");
        this.subprotocol = subprotocol;
        this.requestHeaders = requestHeaders == null ? HttpHeaders.empty() : requestHeaders;
    }

    /** The server end of a connection. */
    public static TransportWebSocket server(WebSocketHandler handler, WebSocketConfig config, String subprotocol,
                                            HttpHeaders requestHeaders) {
        return new TransportWebSocket(handler, config, Role.SERVER, subprotocol, requestHeaders);
    }

    /** The client end of a connection; {@code requestHeaders} are the headers the client sent. */
    public static TransportWebSocket client(WebSocketHandler handler, WebSocketConfig config, String subprotocol,
                                            HttpHeaders requestHeaders) {
        return new TransportWebSocket(handler, config, Role.CLIENT, subprotocol, requestHeaders);
    }

    /**
     * Uses the extensions agreed in the opening handshake (permessage-deflate among them), in the order agreed.
     * Call before {@link #connectionMade}; each one's codec is made then, with this connection's max message
     * size as the decoded limit, and released when the connection ends; an extension without a codec only
     * claims its reserved bits.
     */
    public TransportWebSocket useExtensions(List<? extends NegotiatedExtension> agreed) {
        if (transport != null) {
            throw new IllegalStateException("useExtensions: the connection is already made");
        }
        this.extensions = List.copyOf(agreed);
        return this;
    }

    /**
     * Says which HTTP version's handshake opened this connection ({@code "HTTP/1.1"}, the default, or
     * {@code "HTTP/2"} for a connection on an HTTP/2 stream, RFC 8441), for {@link #httpVersion()}. Call before
     * {@link #connectionMade}.
     */
    public TransportWebSocket httpVersion(String version) {
        if (transport != null) {
            throw new IllegalStateException("httpVersion: the connection is already made");
        }
        this.httpVersion = Objects.requireNonNull(version, "version");
        return this;
    }

    /**
     * Records what the opening handshake said beyond the subprotocol and request headers: the request URI (a
     * server's request target as sent, such as {@code "/chat?room=1"}; a client's {@code ws://} or
     * {@code wss://} URI) and the headers of the {@code 101} response. Call before {@link #connectionMade}.
     */
    public TransportWebSocket recordHandshake(String requestUri, HttpHeaders responseHeaders) {
        if (transport != null) {
            throw new IllegalStateException("recordHandshake: the connection is already made");
        }
        this.requestUri = Objects.requireNonNull(requestUri, "requestUri");
        this.responseHeaders = Objects.requireNonNull(responseHeaders, "responseHeaders");
        return this;
    }

    /**
     * Counts this connection in {@code metrics} (see {@link WebSocketMetrics}); call before
     * {@link #connectionMade}. Without this call the connection counts nowhere.
     */
    public TransportWebSocket countInto(WebSocketMetrics metrics) {
        if (transport != null) {
            throw new IllegalStateException("countInto: the connection is already made");
        }
        this.metrics = metrics;
        return this;
    }

    /** This connection as the application uses it: the object itself. */
    public WebSocketSession session() {
        return this;
    }

    /** The protocol core's state (CONNECTING before {@link #connectionMade}). Loop thread. */
    public ConnectionState state() {
        return connection == null ? ConnectionState.CONNECTING : connection.state();
    }

    /** The sans-I/O core (null before the connection is made); for tests in this package. */
    WebSocketConnection connection() {
        return connection;
    }

    // ---------------------------------------------------------------- Protocol (loop)

    @Override
    public void connectionMade(Transport transport) {
        if (this.transport != null) {
            throw new IllegalStateException("connectionMade: called twice");
        }
        this.transport = transport;
        // only a client masks: a server connection needs no generator (nor a SecureRandom seed per connection)
        this.connection = new WebSocketConnection(role, config, this, this,
                role == Role.CLIENT ? new MaskGenerator() : null);
        this.liveness = new Liveness(this, transport.scheduler(), config);
        transport.setWatermarks(config.sendLowWatermark(), config.sendHighWatermark());
        for (NegotiatedExtension extension : extensions) {
            Optional<ExtensionCodec> codec = extension.codec(config.maxMessageSize());
            if (codec.isPresent()) {
                connection.useExtension(codec.get());
            } else {
                int bits = 0;
                for (ReservedBit bit : extension.reservedBits()) {
                    bits |= bit.mask() >> 4;
                }
                connection.allowReservedBits(bits);
            }
        }
        extensions = List.of();
        STATE.getAndBitwiseOr(this, MADE);
        openedAt = transport.scheduler().nanoTime();
        if (metrics != null) {
            counters = metrics.forLoop(transport.scheduler());
            counters.opened(this);
        }
        ConnectionOpenedEvent.record(endpoint(), role, transport.remoteAddress(), subprotocol);
        connection.open();   // the session is open before onOpen runs, so onOpen may send
        if (config.receiveInPieces()) {
            connection.request(1);   // demand starts at one piece
        }
        liveness.start();
        try {
            handler.onOpen(this);
        } catch (RuntimeException e) {
            handlerFailed(e);
        } finally {
            // an open connection holds no handshake headers unless asked to (the HTTP request may go now)
            // (a client keeps the server's answer: its code reads it once connect() has completed, after onOpen)
            boolean keep = config.keepRequestHeaders();
            requestHeaders = keep ? requestHeaders.compact() : null;
            responseHeaders = keep || role == Role.CLIENT ? responseHeaders.compact() : null;
        }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (held != null) {
            held = joined(held, data);   // a read that was under way when reading paused for want of demand
            return;
        }
        parse(data);
        afterInput(data, false);
    }

    private void parse(ByteBuffer input) {
        parsing = true;
        try {
            connection.receiveData(input);
        } finally {
            parsing = false;
        }
    }

    /**
     * After the core parsed input: keep what it left for want of demand ({@code ours}: the input is the held copy
     * already, else the transport's buffer, copied), and pause reading until asked.
     */
    private void afterInput(ByteBuffer input, boolean ours) {
        if (connection.isWaitingForDemand()) {
            held = !input.hasRemaining() ? null : ours ? input : joined(null, input);
            setDemandPause(true);
        } else {
            held = null;
            setDemandPause(false);
        }
        if (connection.state() == ConnectionState.CLOSED) {
            closingHandshakeMayBeDone();
        }
    }

    /** A heap copy of {@code first}'s remaining bytes (if any) followed by {@code data}'s, which it consumes. */
    private static ByteBuffer joined(ByteBuffer first, ByteBuffer data) {
        int n = first == null ? 0 : first.remaining();
        ByteBuffer copy = ByteBuffer.allocate(n + data.remaining());
        if (first != null) {
            copy.put(first);
        }
        return copy.put(data).flip();
    }

    private void setDemandPause(boolean paused) {
        if (demandPause != paused) {
            demandPause = paused;
            updateReading();
        }
    }

    /** Reading goes on only while neither the demand nor the transport's writability holds it back. */
    private void updateReading() {
        if (demandPause || unwritablePause) {
            transport.pauseReading();
        } else {
            transport.resumeReading();
        }
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("request: n must be positive, got " + n);
        }
        requireMade("request");
        if (!config.receiveInPieces()) {
            return;
        }
        if (onLoop()) {
            requestOnLoop(n);
        } else {
            try {
                transport.scheduler().execute(() -> requestOnLoop(n));
            } catch (RejectedExecutionException e) {
                // the loop has stopped, and the connection with it
            }
        }
    }

    /** On the loop: more demand; the input held back is parsed first, then reading resumes. */
    private void requestOnLoop(long n) {
        if (lost) {
            return;
        }
        connection.request(n);
        if (parsing) {
            return;   // asked from a piece callback: the parse under way goes on, and settles the pause after
        }
        ByteBuffer input = held;
        held = null;
        if (input != null) {
            parse(input);
            afterInput(input, true);
        } else {
            afterInput(EMPTY_INPUT, true);
        }
    }

    @Override
    public boolean eofReceived() {
        return connection.receiveEof();
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (config.pauseReadingWhileUnwritable()) {
            unwritablePause = !writable;
            updateReading();
        }
        if (writable) {
            drained();
        } else {
            drainWanted = true;   // the transport said stop: it says go when it has drained
        }
    }

    /** The transport's notice: the bytes of the oldest sends waiting for their callbacks have left. */
    @Override
    public void outputFlushed() {
        awaitingFlush = false;
        reportFlushed();
    }

    /** Graceful shutdown of the reactor: an open connection is closed with 1001 Going Away. */
    @Override
    public void shutdownRequested() {
        if (connection != null && connection.state() == ConnectionState.OPEN) {
            closeOnLoop(Outbound.CLOSE, CloseCode.GOING_AWAY, "server shutting down");
        }
    }

    @Override
    public void connectionLost(Throwable reason) {
        lost = true;
        if (connection == null) {
            runCloseListeners();
            closed(new CloseStatus(CloseCode.ABNORMAL_CLOSURE, describe(reason), false));
            return;
        }
        liveness.stop();
        String why = abortReason != null ? abortReason : describe(reason);
        connection.transportLost(why);
        discardHops(CLOSING);
        failWritten("the connection ended before the message was written (" + why + ")");
        CloseStatus status = new CloseStatus(connection.closeCode(), connection.closeReason(), connection.wasClean());
        if (counters != null) {
            counters.closed(this, status.clean());
        }
        ConnectionClosedEvent.record(endpoint(), role, transport.remoteAddress(), status.code(), status.clean(),
                status.reason(), transport.scheduler().nanoTime() - openedAt);
        try {
            handler.onClose(this, status.code(), status.reason(), status.clean());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "WebSocketHandler.onClose threw", e);
        }
        runCloseListeners();
        closed(status);
    }

    // ---------------------------------------------------------------- ConnectionListener (loop): one path

    @Override
    public void stateChanged(ConnectionState now) {
        switch (now) {
            case OPEN:
                STATE.getAndBitwiseOr(this, MESSAGES | FRAGMENTS);
                break;
            case REMOTE_CLOSING:
                STATE.getAndBitwiseAnd(this, ~MESSAGES);
                break;
            default:
                STATE.getAndBitwiseAnd(this, ~(MESSAGES | FRAGMENTS));
                break;
        }
    }

    @Override
    public void frameReceived(int opcode, long payloadLength) {
        if (counters != null) {
            counters.frameReceived(this, opcode, payloadLength);
        }
    }

    @Override
    public void onText(String text) {
        if (counters != null) {
            counters.messageReceived(Opcode.TEXT);
        }
        liveness.messageActivity();
        try {
            handler.onText(this, text);
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
    }

    @Override
    public void onBinary(ByteBuffer data) {
        if (counters != null) {
            counters.messageReceived(Opcode.BINARY);
        }
        liveness.messageActivity();
        try {
            handler.onBinary(this, data);
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
    }

    @Override
    public void onTextPiece(String piece, boolean last) {
        liveness.messageActivity();
        try {
            handler.onTextPiece(this, piece, last);
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
    }

    @Override
    public void onBinaryPiece(ByteBuffer piece, boolean last) {
        liveness.messageActivity();
        try {
            handler.onBinaryPiece(this, piece, last);
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
    }

    @Override
    public void onPing(ByteBuffer payload) {
        try {
            handler.onPing(this, payload);
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
    }

    @Override
    public void onPong(ByteBuffer payload) {
        long rtt = liveness.pongReceived(payload);
        if (rtt >= 0 && counters != null) {
            counters.roundTrip(rtt);
        }
        try {
            handler.onPong(this, payload);
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
    }

    /**
     * The peer's close frame: the handler may still send and may choose the answer (when the peer started the
     * close); then the answer goes out, cutting a message stream that is still open.
     */
    @Override
    public void onCloseReceived(int code, String reason) {
        if (counters != null) {
            counters.closeReceived(code);
        }
        boolean peerStarted = connection.state() == ConnectionState.REMOTE_CLOSING;
        replying = peerStarted;
        try {
            handler.onCloseReceived(this, CloseCode.of(code), reason);
        } catch (RuntimeException e) {
            handlerFailed(e);
        } finally {
            replying = false;
        }
        if (connection.state() == ConnectionState.REMOTE_CLOSING && connection.isSendingFragmented()) {
            // answer now, between fragments (RFC 6455 5.4): a producer of a long message stops at once
            STATE.getAndBitwiseOr(this, CLOSING);
            connection.close(code == CloseCode.NO_STATUS_RECEIVED.code() ? CloseCode.NORMAL_CLOSURE
                    : CloseCode.of(code), "");
        }
    }

    // ---------------------------------------------------------------- ConnectionOutput (loop)

    @Override
    public void write(ByteBuffer bytes) {
        if (counters != null) {
            counters.frameSent(this, bytes);
        }
        transport.write(bytes);
    }

    @Override
    public ByteBuffer claim(int size) {
        ByteBuffer claimed = transport.claimWrite(size);
        if (counters != null) {
            counters.claimStart = claimed.position();
        }
        return claimed;
    }

    @Override
    public void commit(ByteBuffer claimed) {
        if (counters != null) {
            counters.frameSent(this, claimed, counters.claimStart);   // one frame per claim
        }
        transport.commitWrite(claimed);
    }

    @Override
    public void startCloseTimer() {
        liveness.startCloseTimer();
    }

    @Override
    public void closeTransport() {
        liveness.startCloseTimer();   // bounds the flush of what is queued
        transport.loseConnection();
    }

    // ---------------------------------------------------------------- WebSocketSession: messages

    @Override
    public boolean sendText(String text) {
        if (!check("sendText", MESSAGES)) {
            return false;
        }
        return send(Outbound.TEXT, "sendText", text, Utf8.encodedLength(text), null);
    }

    @Override
    public void sendText(String text, SendCallback callback) {
        Objects.requireNonNull(callback, "callback");
        if (!check("sendText", MESSAGES)) {
            report(callback, refusal("sendText"));
            return;
        }
        send(Outbound.TEXT, "sendText", text, Utf8.encodedLength(text), callback);
    }

    @Override
    public boolean sendBinary(byte[] data) {
        return sendBinary(ByteBuffer.wrap(data.clone()));
    }

    @Override
    public void sendBinary(byte[] data, SendCallback callback) {
        sendBinary(ByteBuffer.wrap(data.clone()), callback);
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        if (!check("sendBinary", MESSAGES)) {
            return false;
        }
        return send(Outbound.BINARY, "sendBinary", data, data.remaining(), null);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendCallback callback) {
        Objects.requireNonNull(callback, "callback");
        if (!check("sendBinary", MESSAGES)) {
            report(callback, refusal("sendBinary"));
            return;
        }
        send(Outbound.BINARY, "sendBinary", data, data.remaining(), callback);
    }

    @Override
    public boolean sendPrepared(PreparedMessage message) {
        if (!check("sendPrepared", MESSAGES)) {
            return false;
        }
        return send(Outbound.PREPARED, "sendPrepared", message, message.frameSize(), null);
    }

    @Override
    public void sendPrepared(PreparedMessage message, SendCallback callback) {
        Objects.requireNonNull(callback, "callback");
        if (!check("sendPrepared", MESSAGES)) {
            report(callback, refusal("sendPrepared"));
            return;
        }
        send(Outbound.PREPARED, "sendPrepared", message, message.frameSize(), callback);
    }

    @Override
    public MessageStream startText() {
        return startStream("startText", true);
    }

    @Override
    public MessageStream startBinary() {
        return startStream("startBinary", false);
    }

    private MessageStream startStream(String call, boolean text) {
        requireMade(call);
        int w;
        do {
            w = state;
            if ((w & STREAM) != 0) {
                throw new IllegalStateException(call + ": a message stream is already open on this session; finish it first");
            }
        } while (!STATE.compareAndSet(this, w, w | STREAM));
        return new FragmentedMessageStream(this, text);
    }

    /**
     * Sends one fragment for a stream; stream pieces are never silently dropped (DROP acts as FAIL_SEND). The
     * final fragment closes the stream (clears the word's STREAM bit) only once it is on its way, so a message
     * sent after {@code finish()} returned cannot overtake it.
     */
    boolean sendFragment(String call, boolean text, ByteBuffer data, boolean fin, SendCallback callback) {
        int w = state;
        if ((w & (FRAGMENTS | CLOSING | LOOP_GONE)) != FRAGMENTS) {
            if (fin) {
                STATE.getAndBitwiseAnd(this, ~STREAM);
            }
            if (callback != null) {
                report(callback, refusal(call));
            }
            return false;
        }
        long bytes = data.remaining();
        if (overBudget()) {
            if (fin) {
                STATE.getAndBitwiseAnd(this, ~STREAM);
            }
            return overflow(call, bytes, true, callback);
        }
        if (onLoop()) {
            drainHops();
            settle(runFragment(text, data, fin), call, callback);
            if (fin) {
                STATE.getAndBitwiseAnd(this, ~STREAM);
            }
            return true;
        }
        return hop(Outbound.fragment(text, data, fin, callback), FRAGMENTS, fin);
    }

    // ---------------------------------------------------------------- WebSocketSession: control

    @Override
    public boolean ping() {
        return ping("ping", null);
    }

    @Override
    public boolean ping(ByteBuffer payload) {
        if (payload.remaining() > 125) {
            throw new IllegalArgumentException("ping: payload is " + payload.remaining() + " bytes, at most 125 allowed");
        }
        return ping("ping", payload);
    }

    private boolean ping(String call, ByteBuffer payload) {
        requireMade(call);
        if ((state & (FRAGMENTS | CLOSING | LOOP_GONE)) != FRAGMENTS) {
            return false;
        }
        if (onLoop()) {
            drainHops();
            runPing(payload);
            return true;
        }
        return hop(Outbound.ping(payload), FRAGMENTS, false);
    }

    @Override
    public CompletionStage<CloseStatus> close() {
        return close(CloseCode.NORMAL_CLOSURE, "");
    }

    @Override
    public CompletionStage<CloseStatus> close(CloseCode code, String reason) {
        if (!code.isSendable()) {
            throw new IllegalArgumentException("close: " + code + " may not be sent in a close frame");
        }
        int reasonBytes = reason.getBytes(StandardCharsets.UTF_8).length;
        if (reasonBytes > WebSocketConnection.MAX_CLOSE_REASON_BYTES) {
            throw new IllegalArgumentException("close: the reason is " + reasonBytes
                    + " bytes of UTF-8, at most " + WebSocketConnection.MAX_CLOSE_REASON_BYTES + " fit in a close frame");
        }
        requireMade("close");
        CompletionStage<CloseStatus> done = closeFuture();
        if (onLoop()) {
            closeOnLoop(Outbound.CLOSE, code, reason);
        } else {
            hopClose(Outbound.close(Outbound.CLOSE, code, reason));
        }
        return done;
    }

    @Override
    public CompletionStage<CloseStatus> closeFuture() {
        synchronized (this) {
            if (closeFuture == null) {
                closeFuture = new CompletableFuture<>();
                if (closeStatus != null) {
                    closeFuture.complete(closeStatus);
                }
            }
            return closeFuture.minimalCompletionStage();
        }
    }

    // ---------------------------------------------------------------- WebSocketSession: queries

    @Override
    public boolean isOpen() {
        return (state & (MESSAGES | CLOSING | LOOP_GONE)) == MESSAGES;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public HttpHeaders requestHeaders() {
        HttpHeaders headers = requestHeaders;
        if (headers == null) {
            throw new IllegalStateException("requestHeaders: the opening request's headers are not kept after onOpen;"
                    + " read them in onOpen, or keep them with WebSocketConfig.withKeepRequestHeaders(true)");
        }
        return headers;
    }

    @Override
    public String httpVersion() {
        return httpVersion;
    }

    @Override
    public HttpHeaders responseHeaders() {
        HttpHeaders headers = responseHeaders;
        if (headers == null) {
            throw new IllegalStateException("responseHeaders: the opening handshake's headers are not kept after onOpen;"
                    + " read them in onOpen, or keep them with WebSocketConfig.withKeepRequestHeaders(true)");
        }
        return headers;
    }

    @Override
    public URI requestUri() {
        return RequestUris.parse(requestUri);
    }

    @Override
    public SocketAddress remoteAddress() {
        return (state & MADE) == 0 ? null : transport.remoteAddress();
    }

    @Override
    public long bufferedAmount() {
        return ((state & MADE) == 0 ? 0 : transport.bufferedAmount()) + hopping;
    }

    /**
     * True while the session sends and what it has queued (the transport's unwritten bytes, including what the
     * current callback wrote, and the bytes hopping onto the loop) is at most the high watermark. False
     * otherwise; when false only because of the queue, {@link WebSocketHandler#onDrain} follows once a producer
     * may go on (a session that stopped sending says so with {@code onCloseReceived}/{@code onClose} instead).
     */
    @Override
    public boolean isWritable() {
        int w = state;
        if ((w & (MADE | FRAGMENTS | CLOSING | LOOP_GONE)) != (MADE | FRAGMENTS)) {
            return false;
        }
        if (transport.isWritable() && bufferedAmount() <= config.sendHighWatermark()) {
            return true;
        }
        wantDrain();
        return false;
    }

    /** A producer stopped: make sure a drain notice comes. */
    private void wantDrain() {
        if (drainWanted) {
            return;
        }
        drainWanted = true;
        if (onLoop()) {
            armDrain();
        } else {
            try {
                transport.scheduler().execute(this::armDrain);
            } catch (RejectedExecutionException e) {
                // the loop has stopped, and the connection with it: no producer can go on
            }
        }
    }

    /**
     * On the loop: a producer waits. If the transport is over its high watermark, its writability notice will
     * come; otherwise the queue is above the mark only through bytes not yet sent (the current callback's, or
     * hops): check again once everything written so far has left.
     */
    private void armDrain() {
        if (!drainWanted || drainArmed || lost || (state & MADE) == 0) {
            return;
        }
        drainHops();
        if (!transport.isWritable()) {
            return;
        }
        if (drainCheck == null) {
            drainCheck = failure -> {
                drainArmed = false;
                if (failure == null) {
                    drained();
                }
            };
        }
        drainArmed = true;
        settle(true, "drain", drainCheck);
    }

    /** On the loop: the queue may have drained; tell a waiting producer to go on, or wait again. */
    private void drained() {
        if (!drainWanted || lost || (state & (FRAGMENTS | CLOSING | LOOP_GONE)) != FRAGMENTS) {
            return;
        }
        if (!transport.isWritable() || bufferedAmount() > config.sendHighWatermark()) {
            armDrain();
            return;
        }
        drainWanted = false;
        try {
            handler.onDrain(this);
        } catch (RuntimeException e) {
            handlerFailed(e);
        }
    }

    @Override
    public long droppedMessages() {
        return dropped;
    }

    @Override
    public Optional<Duration> lastRoundTripTime() {
        long nanos = (state & MADE) == 0 ? -1 : liveness.lastRoundTripNanos();
        return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    @Override
    public Scheduler scheduler() {
        return (state & MADE) == 0 ? null : transport.scheduler();
    }

    @Override
    public void addCloseListener(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (!gone) {
                if (closeListeners == null) {
                    closeListeners = new ArrayList<>(1);
                }
                closeListeners.add(listener);
                return;
            }
        }
        runCloseListener(listener);
    }

    // ---------------------------------------------------------------- the send path

    /**
     * Checks the state word for a whole message: throws when the call is not allowed at all (connection not
     * made, a stream open), false when the session no longer sends.
     */
    private boolean check(String call, int need) {
        int w = state;
        if ((w & MADE) == 0) {
            throw new IllegalStateException(call + ": not allowed in state CONNECTING");
        }
        if ((w & STREAM) != 0) {
            throw new IllegalStateException(call + ": a message stream is open on this session; finish it first");
        }
        if ((w & (need | CLOSING | LOOP_GONE)) == need) {
            return true;
        }
        // a last message from handler.onCloseReceived, before the answer to the peer's close
        return (w & (CLOSING | LOOP_GONE)) == 0 && onLoop() && replying;
    }

    /** A whole message that passed the state check: the budget, then now (on the loop) or a hop. */
    private boolean send(int kind, String call, Object payload, long bytes, SendCallback callback) {
        if (overBudget()) {
            return overflow(call, bytes, false, callback);
        }
        if (onLoop()) {
            drainHops();
            settle(runMessage(kind, payload), call, callback);
            return true;
        }
        return hop(Outbound.message(kind, payload, bytes, callback), MESSAGES, false);
    }

    /**
     * True when a data message may not be added: the bound is reached already. Checking what is queued before
     * the message (not after) means a message the peer may legally send can always be echoed while less than
     * the bound is queued, whatever pongs or earlier echoes wait; the queue holds at most bound plus message.
     */
    private boolean overBudget() {
        return bufferedAmount() >= config.maxSendQueueBytes();
    }

    private boolean overflow(String call, long bytes, boolean fragment, SendCallback callback) {
        long queued = bufferedAmount();
        OverflowPolicy policy = config.overflowPolicy();
        if (metrics != null) {
            metrics.overflow(policy);
        }
        if (policy == OverflowPolicy.FAIL_SEND || (policy == OverflowPolicy.DROP && fragment)) {
            SendQueueFullException refused = queueFull(call, queued, bytes, "refused");
            if (callback == null) {
                throw refused;
            }
            report(callback, refused);
            return false;
        }
        if (policy == OverflowPolicy.DROP) {
            DROPPED.getAndAdd(this, 1L);   // the hot path of an overloaded fan-out: no allocation without a callback
            if (callback != null) {
                report(callback, queueFull(call, queued, bytes, "dropped (OverflowPolicy.DROP)"));
            }
            return false;
        }
        if (callback != null) {
            report(callback, queueFull(call, queued, bytes, "refused, and the connection failed (" + policy + ")"));
        }
        CloseCode code = policy == OverflowPolicy.CLOSE_POLICY_VIOLATION
                ? CloseCode.POLICY_VIOLATION : CloseCode.TRY_AGAIN_LATER;
        String why = "send queue overflow: " + queued + " bytes queued, limit " + config.maxSendQueueBytes();
        if (onLoop()) {
            closeOnLoop(Outbound.FAIL, code, why);
        } else {
            hopClose(Outbound.close(Outbound.FAIL, code, why));
        }
        return false;
    }

    /**
     * Queues a command from another thread: atomically with the check that the state word still allows it, so
     * it cannot land behind a close that {@code close()} queued first. The thread that makes the queue
     * non-empty schedules the loop's drain; a loop that has stopped refuses it and the send fails.
     */
    private boolean hop(Outbound command, int need, boolean endsStream) {
        boolean schedule = false;
        boolean refused;
        synchronized (this) {
            int w = state;
            refused = (w & (need | CLOSING | LOOP_GONE)) != need;
            if (!refused && need == MESSAGES && (w & STREAM) != 0) {
                // a stream was started since this send's check: the message may not come between its pieces
                throw new IllegalStateException(callOf(command) + ": a message stream is open on this session; finish it first");
            }
            if (!refused) {
                HOPPING.getAndAdd(this, command.bytes);
                schedule = append(command);
            }
            if (endsStream) {
                STATE.getAndBitwiseAnd(this, ~STREAM);
            }
        }
        if (refused) {
            if (command.callback != null) {
                report(command.callback, refusal(callOf(command)));
            }
            return false;
        }
        return !schedule || scheduleDrain();
    }

    /** Queues a close or failure from another thread; after it the session accepts nothing more. */
    private void hopClose(Outbound command) {
        boolean schedule;
        synchronized (this) {
            int w = state;
            if ((w & (CLOSING | LOOP_GONE)) != 0) {
                return;
            }
            STATE.getAndBitwiseOr(this, CLOSING);
            schedule = append(command);
        }
        if (schedule) {
            scheduleDrain();
        }
    }

    /** Appends to the hop queue (under the lock); true when it was empty, so a drain must be scheduled. */
    private boolean append(Outbound command) {
        Outbound last = tail;
        tail = command;
        if (last == null) {
            head = command;
            return true;
        }
        last.next = command;
        return false;
    }

    private static String callOf(Outbound command) {
        return command.kind == Outbound.TEXT ? "sendText"
                : command.kind == Outbound.BINARY ? "sendBinary"
                : command.kind == Outbound.FRAGMENT ? "MessageStream.write" : "sendPrepared";
    }

    private boolean scheduleDrain() {
        try {
            transport.scheduler().execute(this::drainHops);
            return true;
        } catch (RejectedExecutionException e) {
            // the loop has stopped, and the connection with it: nothing queued will be sent
            discardHops(LOOP_GONE);
            return false;
        }
    }

    /** Takes the queue and forgets it, marking the word so that nothing more is accepted. */
    private void discardHops(int mark) {
        Outbound list;
        synchronized (this) {
            STATE.getAndBitwiseOr(this, mark);
            list = head;
            head = tail = null;
        }
        for (; list != null; list = list.next) {
            HOPPING.getAndAdd(this, -list.bytes);
            report(list.callback, new WebSocketClosedException(callOf(list) + ": "
                    + (mark == LOOP_GONE ? "the event loop has stopped" : "the connection ended")
                    + " before the message was written"));
        }
    }

    /** On the loop: runs every queued command, in order. */
    private void drainHops() {
        if (head == null) {
            return;
        }
        Outbound list;
        synchronized (this) {
            list = head;
            head = tail = null;
        }
        while (list != null) {
            Outbound next = list.next;
            list.next = null;
            HOPPING.getAndAdd(this, -list.bytes);
            run(list);
            list = next;
        }
    }

    private void run(Outbound command) {
        switch (command.kind) {
            case Outbound.FRAGMENT:
                settle(runFragment(command.text, (ByteBuffer) command.payload, command.fin), callOf(command),
                        command.callback);
                break;
            case Outbound.PING:
            case Outbound.TIMED_PING:
                runPing((ByteBuffer) command.payload);
                break;
            case Outbound.CLOSE:
            case Outbound.FAIL:
                closeCore(command.kind, command.code, (String) command.payload);
                break;
            default:
                settle(runMessage(command.kind, command.payload), callOf(command), command.callback);
                break;
        }
    }

    /**
     * On the loop: a whole message, if the core still takes one (a hop may be overtaken by the peer's close);
     * true when it was written.
     */
    private boolean runMessage(int kind, Object payload) {
        ConnectionState now = connection.state();
        if (!(now == ConnectionState.OPEN || (replying && now == ConnectionState.REMOTE_CLOSING))
                || connection.isSendingFragmented()) {
            return false;
        }
        switch (kind) {
            case Outbound.TEXT:
                connection.sendText((String) payload);
                break;
            case Outbound.BINARY:
                connection.sendBinary((ByteBuffer) payload);
                break;
            default:
                connection.sendPrepared((PreparedMessage) payload);
                break;
        }
        liveness.messageActivity();
        return true;
    }

    /** On the loop: a fragment, if the core still takes one; true when it was written. */
    private boolean runFragment(boolean text, ByteBuffer data, boolean fin) {
        if (!canSendControl()) {
            return false;
        }
        connection.sendFragment(text, data, fin);
        if (fin) {
            closingHandshakeMayBeDone();   // a final fragment releases the answer to the peer's close
        }
        return true;
    }

    private void runPing(ByteBuffer payload) {
        if (canSendControl()) {
            connection.sendPing(payload == null ? liveness.timedPingPayload() : payload);
        }
    }

    private boolean canSendControl() {
        ConnectionState s = connection.state();
        return s == ConnectionState.OPEN || s == ConnectionState.REMOTE_CLOSING;
    }

    /**
     * On the loop: marks the session closing, runs what other threads queued before (their sends were
     * accepted), then closes or fails the core.
     */
    private void closeOnLoop(int kind, CloseCode code, String reason) {
        Outbound list;
        synchronized (this) {
            int w = state;
            if ((w & CLOSING) != 0) {
                return;
            }
            STATE.getAndBitwiseOr(this, CLOSING);
            list = head;
            head = tail = null;
        }
        while (list != null) {
            Outbound next = list.next;
            list.next = null;
            HOPPING.getAndAdd(this, -list.bytes);
            run(list);
            list = next;
        }
        closeCore(kind, code, reason);
    }

    /** On the loop, from {@code close()} on the loop or hopped from another thread, or the session's failure. */
    private void closeCore(int kind, CloseCode code, String reason) {
        if (kind == Outbound.FAIL) {
            connection.fail(code, reason);
        } else if (canSendControl()) {
            connection.close(code, reason);
            closingHandshakeMayBeDone();
            if (config.receiveInPieces() && connection.state() == ConnectionState.LOCAL_CLOSING) {
                readOnToThePeersClose();
            }
        }
    }

    /**
     * Receiving in pieces, this end closed first: the peer's close comes behind its data, so read on whatever the
     * demand, or both ends wait for the close timeout (after this call, not inside it: the handler may be in a
     * piece callback).
     */
    private void readOnToThePeersClose() {
        try {
            transport.scheduler().execute(() -> requestOnLoop(Long.MAX_VALUE));
        } catch (RejectedExecutionException e) {
            // the loop has stopped, and the connection with it
        }
    }

    /** On the loop: if both close frames are exchanged, the session is done (a client still waits for TCP). */
    private void closingHandshakeMayBeDone() {
        if (!lost && !closeAwaited && connection.state() == ConnectionState.CLOSED && connection.wasClean()) {
            closeAwaited = true;
            CloseStatus status = new CloseStatus(connection.closeCode(), connection.closeReason(), true);
            // done once this end's close frame has left too (else the connection's end reports it)
            settle(true, "close", failure -> {
                if (failure == null) {
                    closed(status);
                }
            });
        }
    }

    /** Records how the session ended (the first call wins) and completes the close future. */
    private void closed(CloseStatus status) {
        CompletableFuture<CloseStatus> future;
        synchronized (this) {
            if (closeStatus != null) {
                return;
            }
            closeStatus = status;
            future = closeFuture;
        }
        if (future != null) {
            future.complete(status);
        }
    }

    // ---------------------------------------------------------------- send callbacks (loop)

    /**
     * A send ran on the loop: written, its callback waits for its bytes to leave; not written (the peer's
     * close overtook it), it is told so. No callback: nothing to do (the send path without one stays bare).
     */
    private void settle(boolean written, String call, SendCallback callback) {
        if (callback == null) {
            return;
        }
        if (!written) {
            report(callback, new WebSocketClosedException(call + ": the session stopped sending before the message"
                    + " was written (the peer's close frame came first)"));
            return;
        }
        if (completions == null) {
            completions = new SendCompletions();
        }
        completions.add(callback, transport.writeMark());
        if (!awaitingFlush) {
            reportFlushed();
        }
    }

    /** Reports, oldest first, the sends whose bytes have left; asks the transport for a notice for the next. */
    private void reportFlushed() {
        if (completing || completions == null) {
            return;   // a callback sent again: the loop below reaches its send too
        }
        completing = true;
        try {
            while (!completions.isEmpty()) {
                if (!transport.notifyFlushed(completions.firstMark())) {
                    awaitingFlush = true;
                    return;
                }
                report(completions.removeFirst(), null);
            }
        } finally {
            completing = false;
        }
    }

    /** The connection is gone: every send still waiting for its bytes to leave failed. */
    private void failWritten(String why) {
        if (completions == null) {
            return;
        }
        while (!completions.isEmpty()) {
            report(completions.removeFirst(), new WebSocketClosedException(why));
        }
    }

    private SendQueueFullException queueFull(String call, long queued, long bytes, String what) {
        return new SendQueueFullException(call + ": send queue full: " + queued + " bytes queued, limit "
                + config.maxSendQueueBytes() + ", a " + bytes + "-byte message was " + what);
    }

    /** Why a send is refused now, from the state word. */
    private WebSocketClosedException refusal(String call) {
        int w = state;
        String why = (w & LOOP_GONE) != 0 ? "its event loop has stopped"
                : (w & CLOSING) != 0 ? "close() was called, or the connection failed"
                : lost ? "the connection is gone"
                : "the peer's close frame arrived";
        return new WebSocketClosedException(call + ": the session no longer sends: " + why);
    }

    /** Gives a send's outcome to its callback (if any); a callback that throws is logged. */
    private static void report(SendCallback callback, Throwable failure) {
        if (callback == null) {
            return;
        }
        try {
            callback.completed(failure);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a SendCallback threw", e);
        }
    }

    // ---------------------------------------------------------------- liveness (loop)

    void livenessPing(ByteBuffer payload) {
        if (connection.state() == ConnectionState.OPEN) {
            connection.sendPing(payload);
        }
    }

    void pongTimedOut() {
        abort("pong timeout: no pong within " + config.pongTimeout());
    }

    void idleTimedOut() {
        if (connection.state() == ConnectionState.OPEN) {
            closeOnLoop(Outbound.CLOSE, CloseCode.GOING_AWAY, "idle timeout");
        }
    }

    void closeTimedOut() {
        abort("close timeout: the closing handshake took over " + config.closeTimeout());
    }

    // ---------------------------------------------------------------- internals

    private boolean onLoop() {
        return transport.scheduler().inEventLoop();
    }

    private void requireMade(String call) {
        if ((state & MADE) == 0) {
            throw new IllegalStateException(call + ": not allowed in state CONNECTING");
        }
    }

    /** A handler callback threw: logged, given to onError, and the connection fails with 1011. */
    private void handlerFailed(RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "WebSocketHandler callback threw; failing the connection with 1011", e);
        try {
            handler.onError(this, e);
        } catch (RuntimeException again) {
            LOG.log(System.Logger.Level.WARNING, "WebSocketHandler.onError threw", again);
        }
        if (connection.state() != ConnectionState.CLOSED) {
            STATE.getAndBitwiseOr(this, CLOSING);
            connection.fail(CloseCode.INTERNAL_ERROR, "handler failed: " + e);
        }
    }

    private String endpoint() {
        return metrics == null ? "" : metrics.name();
    }

    private void abort(String why) {
        if (!lost) {
            abortReason = why;
            transport.abortConnection();
        }
    }

    private void runCloseListeners() {
        List<Runnable> listeners;
        synchronized (this) {
            gone = true;
            listeners = closeListeners;
            closeListeners = null;
        }
        if (listeners != null) {
            for (Runnable listener : listeners) {
                runCloseListener(listener);
            }
        }
    }

    private static void runCloseListener(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            System.getLogger(WebSocketSession.class.getName())
                    .log(System.Logger.Level.WARNING, "a WebSocketSession close listener threw", e);
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
}
