package dev.torsion.websocket;

import dev.torsion.reactor.Scheduler;
import dev.torsion.websocket.deflate.PerMessageDeflateServer;
import dev.torsion.websocket.frame.Opcode;
import dev.torsion.websocket.handshake.HandshakeRejected;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * What the WebSocket connections of one endpoint (a {@code WebSocketResource}, or several sharing one
 * instance: a whole server) have done: connections opened and closed (clean or not), handshakes accepted and
 * refused by reason and status, messages and their payload bytes each way by type, frames each way by
 * opcode (pings and pongs among them), round-trip times, close codes sent and received, send-queue bytes
 * (total and the largest), overflow-policy actions, and the permessage-deflate memory of its compressors.
 * Depends on nothing but the JDK; {@code torsion-micrometer} turns it into meters.
 *
 * <p><b>Bytes.</b> Payload bytes are counted as they travel: after permessage-deflate compressed them, and
 * before it decompressed them. A fragmented message counts once, when its last frame goes or arrives; its
 * bytes count frame by frame, under the message's type.
 *
 * <p><b>Cost.</b> The counts a message touches live in one object per event loop ({@code forLoop}), written
 * by that loop only with plain stores: no atomics, no locks, no shared cache line between loops. Rare events
 * (handshakes, close codes, overflow actions, which may come from any thread) go to {@link LongAdder}s.
 * Send-queue sizes are sampled on each loop once a second ({@link #SAMPLE_INTERVAL_SECONDS}) from the
 * connections open there.
 *
 * <p><b>Threading.</b> Every read may be called from any thread, and sums the loops' counts as they are at
 * that moment: reads are eventually consistent (they may miss a loop's latest updates, and two reads are not
 * a snapshot of one moment). The record methods say where they may be called.
 *
 * <p><b>Lifecycle.</b> Create one per endpoint or per server, before the connections it counts; it counts
 * from zero for as long as it lives. Nothing to close.
 */
public final class WebSocketMetrics {

    /** How often each loop samples the send queues of its connections. */
    public static final int SAMPLE_INTERVAL_SECONDS = 1;

    /** A refused handshake's key: which check failed, and the HTTP status answered. */
    public record HandshakeRefusal(HandshakeRejected.Reason reason, int status) {
    }

    private final String name;
    private final ConcurrentHashMap<Scheduler, WebSocketLoopCounters> loops = new ConcurrentHashMap<>();
    private final LongAdder handshakesAccepted = new LongAdder();
    private final ConcurrentHashMap<HandshakeRefusal, LongAdder> handshakesRefused = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, LongAdder> closeCodesSent = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, LongAdder> closeCodesReceived = new ConcurrentHashMap<>();
    private final LongAdder[] overflowActions = new LongAdder[OverflowPolicy.values().length];
    private final List<PerMessageDeflateServer> deflate = new CopyOnWriteArrayList<>();
    private final List<Runnable> keyListeners = new CopyOnWriteArrayList<>();

    private WebSocketMetrics(String name) {
        this.name = Objects.requireNonNull(name, "name");
        for (int i = 0; i < overflowActions.length; i++) {
            overflowActions[i] = new LongAdder();
        }
    }

    /** Empty metrics named {@code name} (the endpoint's path, say: it tags the meters). */
    public static WebSocketMetrics create(String name) {
        return new WebSocketMetrics(name);
    }

    /** The name given at creation. */
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- connections

    /** WebSocket connections opened (the handshake done, the connection handed over). */
    public long connectionsOpened() {
        return sum(c -> c.opened);
    }

    /** WebSocket connections that ended (however they ended). */
    public long connectionsClosed() {
        return sum(c -> c.closed);
    }

    /** Connections that ended with a clean closing handshake (both close frames exchanged, nothing failed). */
    public long connectionsClosedClean() {
        return sum(c -> c.closedClean);
    }

    /** Connections that ended without a clean closing handshake (aborted, failed, lost). */
    public long connectionsClosedUnclean() {
        long clean = connectionsClosedClean();
        return Math.max(0, connectionsClosed() - clean);
    }

    /** Connections open now: opened minus closed (never below 0, even read mid-update). */
    public long openConnections() {
        long closed = connectionsClosed();   // read first: a later read of opened is at least as new
        return Math.max(0, connectionsOpened() - closed);
    }

    // ---------------------------------------------------------------- handshakes

    /** Handshakes answered with 101 Switching Protocols. */
    public long handshakesAccepted() {
        return handshakesAccepted.sum();
    }

    /** Refused handshakes by reason and status, sorted by reason then status. */
    public Map<HandshakeRefusal, Long> handshakesRefused() {
        Map<HandshakeRefusal, Long> out = new TreeMap<>((a, b) -> a.reason() != b.reason()
                ? a.reason().compareTo(b.reason()) : Integer.compare(a.status(), b.status()));
        handshakesRefused.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Refused handshakes, all reasons together. */
    public long handshakesRefusedTotal() {
        long n = 0;
        for (LongAdder a : handshakesRefused.values()) {
            n += a.sum();
        }
        return n;
    }

    /** Records an accepted handshake; any thread. Called by {@code WebSocketResource}. */
    public void handshakeAccepted() {
        handshakesAccepted.increment();
    }

    /** Records a refused handshake; any thread. Called by {@code WebSocketResource}. */
    public void handshakeRefused(HandshakeRejected.Reason reason, int status) {
        count(handshakesRefused, new HandshakeRefusal(reason, status));
    }

    // ---------------------------------------------------------------- messages and frames

    /** Whole messages received of type {@code opcode} ({@link Opcode#TEXT} or {@link Opcode#BINARY}). */
    public long messagesReceived(int opcode) {
        int i = messageIndex(opcode);
        return sum(c -> c.messagesIn[i]);
    }

    /** Whole messages sent of type {@code opcode} ({@link Opcode#TEXT} or {@link Opcode#BINARY}). */
    public long messagesSent(int opcode) {
        int i = messageIndex(opcode);
        return sum(c -> c.messagesOut[i]);
    }

    /** Payload bytes received in messages of type {@code opcode}, as they arrived (compressed or not). */
    public long payloadBytesReceived(int opcode) {
        int i = messageIndex(opcode);
        return sum(c -> c.bytesIn[i]);
    }

    /** Payload bytes sent in messages of type {@code opcode}, as they went out (compressed or not). */
    public long payloadBytesSent(int opcode) {
        int i = messageIndex(opcode);
        return sum(c -> c.bytesOut[i]);
    }

    /** Frames received with {@code opcode} (any of the six RFC 6455 defines). */
    public long framesReceived(int opcode) {
        int i = frameIndex(opcode);
        return sum(c -> c.framesIn[i]);
    }

    /** Frames sent with {@code opcode} (pings sent: {@code framesSent(Opcode.PING)}). */
    public long framesSent(int opcode) {
        int i = frameIndex(opcode);
        return sum(c -> c.framesOut[i]);
    }

    // ---------------------------------------------------------------- liveness

    /** Round-trip times measured (pongs answering a timed ping). */
    public long roundTrips() {
        return sum(c -> c.rttCount);
    }

    /** The sum of every measured round-trip time, in nanoseconds. */
    public long roundTripNanosTotal() {
        return sum(c -> c.rttSumNanos);
    }

    /** The longest round-trip time measured, in nanoseconds (0 before the first). */
    public long roundTripNanosMax() {
        long max = 0;
        for (WebSocketLoopCounters c : loops.values()) {
            max = Math.max(max, c.rttMaxNanos);
        }
        return max;
    }

    // ---------------------------------------------------------------- closing

    /** Close frames sent, by status code (1005 for a close frame without one), sorted by code. */
    public Map<Integer, Long> closeCodesSent() {
        return sorted(closeCodesSent);
    }

    /** Close frames received, by status code (1005 for a close frame without one), sorted by code. */
    public Map<Integer, Long> closeCodesReceived() {
        return sorted(closeCodesReceived);
    }

    // ---------------------------------------------------------------- sending

    /** Bytes waiting to be sent on all open connections, as last sampled (see the class documentation). */
    public long sendQueueBytes() {
        return sum(c -> c.sampledQueueBytes);
    }

    /** The longest send queue of one connection, in bytes, as last sampled. */
    public long largestSendQueueBytes() {
        long max = 0;
        for (WebSocketLoopCounters c : loops.values()) {
            max = Math.max(max, c.sampledLargestQueue);
        }
        return max;
    }

    /**
     * Times the send-queue bound was hit and {@code policy} acted (refused the send, dropped the message,
     * closed the connection).
     */
    public long overflowActions(OverflowPolicy policy) {
        return overflowActions[policy.ordinal()].sum();
    }

    // ---------------------------------------------------------------- compression

    /** Counts the zlib streams of {@code server}'s connections in {@link #deflateCompressors()} and the rest. */
    public void addDeflate(PerMessageDeflateServer server) {
        if (!deflate.contains(server)) {
            deflate.add(Objects.requireNonNull(server, "server"));
        }
    }

    /** zlib compressors alive (owned by connections, borrowed, or pooled). */
    public long deflateCompressors() {
        long n = 0;
        for (PerMessageDeflateServer s : deflate) {
            n += s.liveCompressors();
        }
        return n;
    }

    /** zlib decompressors alive (owned by connections, borrowed, or pooled). */
    public long deflateDecompressors() {
        long n = 0;
        for (PerMessageDeflateServer s : deflate) {
            n += s.liveDecompressors();
        }
        return n;
    }

    /** The native memory those zlib streams need, in bytes, from zlib's documented sizes. */
    public long deflateMemoryBytes() {
        long n = 0;
        for (PerMessageDeflateServer s : deflate) {
            n += s.nativeMemoryBytes();
        }
        return n;
    }

    /**
     * Runs {@code listener} each time a handshake refusal (reason and status) or a close code is counted for
     * the first time, on the thread that counted it, after it was counted: a meter binder registers a meter
     * for each key as it appears. Keep it short.
     */
    public void addKeyListener(Runnable listener) {
        keyListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public String toString() {
        return "WebSocketMetrics[" + name + ": open=" + openConnections() + ", accepted=" + handshakesAccepted()
                + ", refused=" + handshakesRefusedTotal() + "]";
    }

    // ---------------------------------------------------------------- for the connections (package)

    /** The counters of the connections on {@code loop}; made on first use. */
    WebSocketLoopCounters forLoop(Scheduler loop) {
        WebSocketLoopCounters c = loops.get(loop);
        return c != null ? c : loops.computeIfAbsent(loop, l -> new WebSocketLoopCounters(this, l));
    }

    /** A close frame went out with {@code code}; the connection's loop. */
    void closeSent(int code) {
        count(closeCodesSent, code);
    }

    /** A close frame came in with {@code code}; the connection's loop. */
    void closeReceived(int code) {
        count(closeCodesReceived, code);
    }

    /** The send-queue bound was hit and {@code policy} acts; any thread. */
    void overflow(OverflowPolicy policy) {
        overflowActions[policy.ordinal()].increment();
    }

    private <K> void count(ConcurrentHashMap<K, LongAdder> counts, K key) {
        LongAdder counter = counts.get(key);
        if (counter == null) {
            LongAdder fresh = new LongAdder();
            counter = counts.putIfAbsent(key, fresh);
            if (counter == null) {
                fresh.increment();
                for (Runnable listener : keyListeners) {
                    listener.run();
                }
                return;
            }
        }
        counter.increment();
    }

    private long sum(ToLongFunction<WebSocketLoopCounters> value) {
        long n = 0;
        for (WebSocketLoopCounters c : loops.values()) {
            n += value.applyAsLong(c);
        }
        return n;
    }

    private static Map<Integer, Long> sorted(Map<Integer, LongAdder> counts) {
        Map<Integer, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static int messageIndex(int opcode) {
        if (opcode != Opcode.TEXT && opcode != Opcode.BINARY) {
            throw new IllegalArgumentException("a message is TEXT (1) or BINARY (2), not " + Opcode.name(opcode));
        }
        return opcode;
    }

    private static int frameIndex(int opcode) {
        if (!Opcode.isDefined(opcode)) {
            throw new IllegalArgumentException("no frames are counted for " + Opcode.name(opcode));
        }
        return opcode;
    }
}
