package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.reactor.Scheduler;
import dev.torsion.reactor.Transport;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link WebSocketSession} of a {@link WebSocketProtocol}: checks the send-queue bound in the calling
 * thread, hops onto the event loop when called from elsewhere, and runs the command on the protocol core.
 *
 * <p><b>Threading.</b> Thread-safe: fields read off the loop are volatile or atomic; the core is only touched
 * on the loop.
 */
final class TransportSession implements WebSocketSession {

    private final WebSocketProtocol protocol;
    private final WebSocketConfig config;
    private final String subprotocol;
    private final HttpHeaders requestHeaders;
    // Plain volatile fields updated through VarHandles: an idle connection should not carry four atomic
    // objects (about 80 bytes) for them.
    private static final java.lang.invoke.VarHandle HOPPING;
    private static final java.lang.invoke.VarHandle DROPPED;
    private static final java.lang.invoke.VarHandle STREAM_OPEN;
    private static final java.lang.invoke.VarHandle CLOSE_CALLED;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            HOPPING = l.findVarHandle(TransportSession.class, "hopping", long.class);
            DROPPED = l.findVarHandle(TransportSession.class, "dropped", long.class);
            STREAM_OPEN = l.findVarHandle(TransportSession.class, "streamOpen", boolean.class);
            CLOSE_CALLED = l.findVarHandle(TransportSession.class, "closeCalled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Bytes of sends still hopping onto the loop. */
    private volatile long hopping;
    private volatile long dropped;
    private volatile boolean streamOpen;
    private volatile boolean closeCalled;

    private volatile Transport transport;
    /** Run when the connection is gone; guarded by {@code this}; null until the first is added. */
    private List<Runnable> closeListeners;
    /** True once {@link #connectionGone()} ran; guarded by {@code this}. */
    private boolean gone;
    /** Whole messages may be sent: the connection is OPEN and close was not called. */
    private volatile boolean acceptingMessages;
    /** Fragments of an open stream may be sent: OPEN or REMOTE_CLOSING, and close was not called. */
    private volatile boolean acceptingFragments;

    TransportSession(WebSocketProtocol protocol, WebSocketConfig config, String subprotocol,
                     HttpHeaders requestHeaders) {
        this.protocol = protocol;
        this.config = config;
        this.subprotocol = subprotocol;
        this.requestHeaders = requestHeaders == null ? HttpHeaders.empty() : requestHeaders.compact();
    }

    void opened(Transport transport) {
        this.transport = transport;
    }

    /** Called on the loop whenever the core's state may have changed. */
    void stateChanged(ConnectionState state) {
        boolean closing = closeCalled;
        acceptingMessages = state == ConnectionState.OPEN && !closing;
        acceptingFragments = (state == ConnectionState.OPEN || state == ConnectionState.REMOTE_CLOSING) && !closing;
    }

    // ---------------------------------------------------------------- messages

    @Override
    public boolean sendText(String text) {
        requireNoStream("sendText");
        if (!acceptingMessages) {
            return false;
        }
        ByteBuffer utf8 = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        return submit("sendText", utf8.remaining(), false, c -> c.sendEncodedText(utf8));
    }

    @Override
    public boolean sendBinary(byte[] data) {
        return sendBinary(ByteBuffer.wrap(data.clone()));
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        requireNoStream("sendBinary");
        if (!acceptingMessages) {
            return false;
        }
        return submit("sendBinary", data.remaining(), false, c -> c.sendBinary(data));
    }

    @Override
    public boolean sendPrepared(PreparedMessage message) {
        requireNoStream("sendPrepared");
        if (!acceptingMessages) {
            return false;
        }
        return submit("sendPrepared", message.frameSize(), false, c -> c.sendPrepared(message));
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
        requireOpened(call);
        if (!STREAM_OPEN.compareAndSet(this, false, true)) {
            throw new IllegalStateException(call + ": a message stream is already open on this session; finish it first");
        }
        return new FragmentedMessageStream(this, text);
    }

    /** Sends one fragment for a stream; stream pieces are never silently dropped (DROP acts as FAIL_SEND). */
    boolean sendFragment(String call, boolean text, ByteBuffer data, boolean fin) {
        if (fin) {
            streamOpen = false;
        }
        if (!acceptingFragments) {
            return false;
        }
        return submit(call, data.remaining(), true, c -> c.sendFragment(text, data, fin));
    }

    // ---------------------------------------------------------------- control

    @Override
    public boolean ping() {
        return control("ping", c -> c.sendPing(protocol.liveness().timedPingPayload()));
    }

    @Override
    public boolean ping(ByteBuffer payload) {
        if (payload.remaining() > 125) {
            throw new IllegalArgumentException("ping: payload is " + payload.remaining() + " bytes, at most 125 allowed");
        }
        return control("ping", c -> c.sendPing(payload));
    }

    private boolean control(String call, Consumer<WebSocketConnection> command) {
        requireOpened(call);
        if (!acceptingFragments) {
            return false;
        }
        onLoop(() -> {
            WebSocketConnection c = protocol.connection();
            if (c.state() == ConnectionState.OPEN || c.state() == ConnectionState.REMOTE_CLOSING) {
                command.accept(c);
            }
        });
        return true;
    }

    @Override
    public void close() {
        close(CloseCode.NORMAL_CLOSURE, "");
    }

    @Override
    public void close(CloseCode code, String reason) {
        if (!code.isSendable()) {
            throw new IllegalArgumentException("close: " + code + " may not be sent in a close frame");
        }
        int reasonBytes = reason.getBytes(StandardCharsets.UTF_8).length;
        if (reasonBytes > WebSocketConnection.MAX_CLOSE_REASON_BYTES) {
            throw new IllegalArgumentException("close: the reason is " + reasonBytes
                    + " bytes of UTF-8, at most " + WebSocketConnection.MAX_CLOSE_REASON_BYTES + " fit in a close frame");
        }
        requireOpened("close");
        if (!CLOSE_CALLED.compareAndSet(this, false, true)) {
            return;
        }
        acceptingMessages = false;
        acceptingFragments = false;
        onLoop(() -> {
            WebSocketConnection c = protocol.connection();
            if (c.state() == ConnectionState.OPEN || c.state() == ConnectionState.REMOTE_CLOSING) {
                c.close(code, reason);
            }
            protocol.syncSession();
        });
    }

    // ---------------------------------------------------------------- queries

    @Override
    public boolean isOpen() {
        return acceptingMessages;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public HttpHeaders requestHeaders() {
        return requestHeaders;
    }

    @Override
    public SocketAddress remoteAddress() {
        Transport t = transport;
        return t == null ? null : t.remoteAddress();
    }

    @Override
    public long bufferedAmount() {
        Transport t = transport;
        return (t == null ? 0 : t.bufferedAmount()) + hopping;
    }

    @Override
    public boolean isWritable() {
        Transport t = transport;
        return t != null && t.isWritable();
    }

    @Override
    public long droppedMessages() {
        return dropped;
    }

    @Override
    public Optional<Duration> lastRoundTripTime() {
        Liveness liveness = protocol.liveness();
        long nanos = liveness == null ? -1 : liveness.lastRoundTripNanos();
        return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    @Override
    public Scheduler scheduler() {
        Transport t = transport;
        return t == null ? null : t.scheduler();
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

    /** Called on the loop once the connection is gone (after the handler's onClose): runs the close listeners. */
    void connectionGone() {
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

    // ---------------------------------------------------------------- plumbing

    /**
     * Checks the bound, then runs {@code command} on the loop (now, or after a hop) if the core still takes
     * it. A message accepted here but overtaken by the connection's closing is discarded on the loop.
     */
    private boolean submit(String call, long bytes, boolean fragment, Consumer<WebSocketConnection> command) {
        long queued = bufferedAmount();
        if (queued > 0 && queued + bytes > config.maxSendQueueBytes()) {
            return overflow(call, bytes, queued, fragment);
        }
        Scheduler scheduler = transport.scheduler();
        Runnable task = () -> {
            WebSocketConnection c = protocol.connection();
            ConnectionState state = c.state();
            boolean allowed = fragment
                    ? state == ConnectionState.OPEN || state == ConnectionState.REMOTE_CLOSING
                    : state == ConnectionState.OPEN && !c.isSendingFragmented();
            if (allowed) {
                command.accept(c);
                if (!fragment) {
                    protocol.liveness().messageActivity();
                }
            }
        };
        if (scheduler.inEventLoop()) {
            task.run();
        } else {
            HOPPING.getAndAdd(this, bytes);
            scheduler.execute(() -> {
                HOPPING.getAndAdd(this, -bytes);
                task.run();
            });
        }
        return true;
    }

    private boolean overflow(String call, long bytes, long queued, boolean fragment) {
        OverflowPolicy policy = config.overflowPolicy();
        if (policy == OverflowPolicy.FAIL_SEND || (policy == OverflowPolicy.DROP && fragment)) {
            throw new SendQueueFullException(call + ": send queue full: " + queued + " bytes queued, limit "
                    + config.maxSendQueueBytes() + ", a " + bytes + "-byte message was refused");
        }
        if (policy == OverflowPolicy.DROP) {
            DROPPED.getAndAdd(this, 1L);
            return false;
        }
        CloseCode code = policy == OverflowPolicy.CLOSE_POLICY_VIOLATION
                ? CloseCode.POLICY_VIOLATION : CloseCode.TRY_AGAIN_LATER;
        acceptingMessages = false;
        acceptingFragments = false;
        onLoop(() -> protocol.failLocally(code, "send queue overflow: " + queued + " bytes queued, limit "
                + config.maxSendQueueBytes()));
        return false;
    }

    private void onLoop(Runnable task) {
        Scheduler scheduler = transport.scheduler();
        if (scheduler.inEventLoop()) {
            task.run();
        } else {
            scheduler.execute(task);
        }
    }

    private void requireNoStream(String call) {
        requireOpened(call);
        if (streamOpen) {
            throw new IllegalStateException(call + ": a message stream is open on this session; finish it first");
        }
    }

    private void requireOpened(String call) {
        if (transport == null) {
            throw new IllegalStateException(call + ": not allowed in state CONNECTING");
        }
    }
}
