package dev.torsion.web.http2;

import dev.torsion.reactor.ConnectionLost;
import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Scheduler;
import dev.torsion.reactor.Timer;
import dev.torsion.reactor.Transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/2 connection (RFC 9113), server or client side, as the {@link Protocol} of a TCP or TLS
 * connection: the connection preface, SETTINGS and their acknowledgement, the stream table with the states
 * of {@link StreamState}, HPACK in both directions, flow control on the connection and every stream in
 * both directions, PING, GOAWAY (graceful shutdown drains the open streams), RST_STREAM, trailers and
 * CONTINUATION. Each stream is an {@link Http2Stream}, the transport of whatever protocol the
 * {@link Listener} attaches to it.
 *
 * <p><b>Errors.</b> Every breach of the protocol by the peer is an {@link Http2Exception}, handled in one
 * place: a stream error resets that stream and the connection goes on; a connection error sends GOAWAY with
 * its code and a debug text saying what was wrong, then closes.
 *
 * <p><b>Limits</b> ({@link Http2Config}, docs/http2.md): streams past SETTINGS_MAX_CONCURRENT_STREAMS are
 * refused (REFUSED_STREAM); a header list past SETTINGS_MAX_HEADER_LIST_SIZE is answered 431 (its block is
 * still decoded, so the HPACK state stays right); a field block past {@code maxHeaderBlockSize} or
 * {@code maxContinuationFrames} (CONTINUATION flood), more than {@code maxResetsPerWindow} resets (rapid
 * reset, CVE-2023-44487) end the connection with ENHANCE_YOUR_CALM; while the peer does not read, reading
 * stops and more than {@code maxQueuedControlFrames} answers (SETTINGS and PING floods) abort it; a stream
 * whose data makes no progress for {@code stallTimeout} (a zero window) is reset with CANCEL.
 *
 * <p><b>Threading.</b> Every method runs on the connection's event loop, except where a stream's transport
 * methods say otherwise.
 *
 * <p><b>Lifecycle.</b> One per connection: {@code connectionMade} sends this end's preface, then frames flow
 * until GOAWAY, an error, or the transport's {@code connectionLost}, which closes every stream still open.
 */
public final class Http2Connection implements Protocol {

    private static final System.Logger LOG = System.getLogger("dev.torsion.web.http2");

    /** The client connection preface (section 3.4). */
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * How many of the first bytes of a connection, {@code start}'s remaining ones (not consumed), match the
     * client preface: -1 as soon as one does not, else the number that do (24 for the whole preface). A server
     * on plain TCP uses it to tell HTTP/2 with prior knowledge from HTTP/1.1.
     */
    public static int prefaceMatch(ByteBuffer start) {
        int n = Math.min(start.remaining(), PREFACE.length);
        for (int i = 0; i < n; i++) {
            if (start.get(start.position() + i) != PREFACE[i]) {
                return -1;
            }
        }
        return n;
    }

    /** The length of the client preface. */
    public static final int PREFACE_LENGTH = 24;

    /** Which end this is. */
    public enum Role { CLIENT, SERVER }

    /**
     * What the connection tells its owner. Every call runs on the connection's event loop.
     */
    public interface Listener {
        /**
         * The peer opened {@code stream} with {@code headers} (on a server: a request whose head has passed
         * the checks of RFC 9113 section 8). Return the protocol to run on the stream (it gets
         * {@code connectionMade(stream)} at once), or null to refuse it (RST_STREAM REFUSED_STREAM).
         */
        Protocol streamOpened(Http2Stream stream, Http2Headers headers, boolean endStream);

        /** The peer sent GOAWAY: it opens no more streams, and those above {@code lastStreamId} were not processed. */
        default void goAwayReceived(int lastStreamId, ErrorCode code, String debugData) {
        }

        /** A PING this end sent was acknowledged. */
        default void pingAcknowledged(long opaqueData) {
        }

        /**
         * The peer's SETTINGS frame was applied ({@code peer} holds every value so far): on a client, the first
         * call says whether the server allows extended CONNECT (RFC 8441).
         */
        default void settingsReceived(Http2Settings peer) {
        }

        /** The TCP or TLS connection ended (after every stream was told), for {@code reason}. */
        default void connectionEnded(Throwable reason) {
        }
    }

    private final Role role;
    private final Http2Config config;
    private final Listener listener;
    private final FrameReader reader;
    private final HpackDecoder decoder;
    private final HpackEncoder encoder = new HpackEncoder();
    private final ByteOutput headerOut = new ByteOutput(256);
    private final HeaderBlock block;
    private final Http2Settings localSettings = new Http2Settings();
    private final Http2Settings peerSettings = new Http2Settings();
    private final Map<Integer, Http2Stream> streams = new HashMap<>();
    private final ArrayDeque<Http2Stream> ready = new ArrayDeque<>();
    private final FloodGuard guard;
    private final Frames frames = new Frames();

    private Transport transport;
    private Scheduler scheduler;

    /** Bytes of the client preface still expected (server), or 0 once it was read. */
    private int prefaceLeft;
    private boolean settingsSeen;
    private boolean localSettingsAcked;
    /** The SETTINGS_INITIAL_WINDOW_SIZE the peer assumes for this end (65,535 until acknowledged). */
    private int localInitialWindow = Http2Settings.DEFAULT_WINDOW;

    private int highestPeerStreamId;
    private int nextLocalStreamId;
    private final int[] recentlyReset = new int[64];
    private int recentlyResetNext;

    private long connRecvWindow = Http2Settings.DEFAULT_WINDOW;
    private long connUnacked;
    private long connSendWindow = Http2Settings.DEFAULT_WINDOW;
    private boolean flushing;
    /** True while frames of one read are being handled: data queued meanwhile goes out at its end. */
    private boolean inRead;
    private boolean flushScheduled;
    private final Runnable scheduledFlush = () -> {
        flushScheduled = false;
        flushData();
    };

    /** Streams waiting for the transport's outputFlushed (see {@link Http2Stream#notifyFlushed}). */
    private final List<Http2Stream> flushWaiters = new ArrayList<>(2);

    private boolean goAwaySent;
    private int goAwayLastStreamId = Integer.MAX_VALUE;
    private boolean goAwayReceived;
    private int peerLastStreamId = Integer.MAX_VALUE;
    private boolean peerEof;
    private boolean closed;
    private boolean readingPaused;

    private DelayedCall settingsTimer;
    private Timer idleTimer;
    private Timer stallTimer;
    /** Runs while the peer reads nothing of what this end sends (the transport stays above its high watermark). */
    private Timer writeStallTimer;

    /** A connection for {@code role} with {@code config}, telling {@code listener} about streams. */
    public Http2Connection(Role role, Http2Config config, Listener listener) {
        this.role = role;
        this.config = config;
        this.listener = listener;
        this.reader = new FrameReader(config.maxFrameSize());
        this.decoder = new HpackDecoder(Math.max(4096, config.headerTableSize()), config.maxHeaderListSize());
        this.block = new HeaderBlock(config.maxHeaderBlockSize(), config.maxContinuationFrames());
        this.guard = new FloodGuard(config);
        this.prefaceLeft = role == Role.SERVER ? PREFACE.length : 0;
        this.nextLocalStreamId = role == Role.CLIENT ? 1 : 2;
        localSettings.set(Http2Settings.MAX_CONCURRENT_STREAMS, config.maxConcurrentStreams())
                .set(Http2Settings.INITIAL_WINDOW_SIZE, config.initialWindowSize())
                .set(Http2Settings.MAX_FRAME_SIZE, config.maxFrameSize())
                .set(Http2Settings.MAX_HEADER_LIST_SIZE, config.maxHeaderListSize());
        if (config.headerTableSize() != 4096) {
            localSettings.set(Http2Settings.HEADER_TABLE_SIZE, config.headerTableSize());
        }
        if (role == Role.CLIENT) {
            localSettings.set(Http2Settings.ENABLE_PUSH, 0);
        }
        if (config.connectProtocol() && role == Role.SERVER) {
            localSettings.set(Http2Settings.ENABLE_CONNECT_PROTOCOL, 1);
        }
    }

    // ---------------------------------------------------------------- queries

    public Role role() {
        return role;
    }

    public Http2Config config() {
        return config;
    }

    /** The peer's settings as last received. */
    public Http2Settings peerSettings() {
        return peerSettings;
    }

    /** The settings this end announced. */
    public Http2Settings localSettings() {
        return localSettings;
    }

    /** The TCP or TLS transport below. */
    public Transport transport() {
        return transport;
    }

    /** The event loop of this connection. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** The number of open (or half-closed) streams. */
    public int activeStreams() {
        return streams.size();
    }

    /** True until the connection ends or has sent GOAWAY for an error. */
    public boolean isOpen() {
        return !closed && transport != null && transport.isOpen();
    }

    /** The stream with {@code id} if it is open or half-closed. */
    public Http2Stream stream(int id) {
        return streams.get(id);
    }

    long now() {
        return scheduler.nanoTime();
    }

    int localInitialWindow() {
        return localInitialWindow;
    }

    // ---------------------------------------------------------------- Protocol

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        this.scheduler = transport.scheduler();
        // one TCP connection carries many streams: its buffer gets room for several streams' frames before this
        // end stops framing DATA (and reading), instead of a socket's usual 64 KiB
        transport.setWatermarks(config.connectionLowWatermark(), config.connectionHighWatermark());
        idleTimer = scheduler.newTimer(this::idleTimedOut);
        stallTimer = scheduler.newTimer(this::checkStalls);
        writeStallTimer = scheduler.newTimer(this::writeStalled);
        settingsTimer = scheduler.callLater(config.settingsTimeout(), this::settingsTimedOut);
        int size = (role == Role.CLIENT ? PREFACE.length : 0) + FrameWriter.size(6 * localSettings.count())
                + FrameWriter.size(4);
        ByteBuffer out = transport.claimWrite(size);
        if (role == Role.CLIENT) {
            out.put(PREFACE);
        }
        FrameWriter.settings(out, localSettings);
        int raise = config.connectionWindowSize() - Http2Settings.DEFAULT_WINDOW;
        if (raise > 0) {
            FrameWriter.windowUpdate(out, 0, raise);
            connRecvWindow += raise;
        }
        transport.commitWrite(out);
        idleTimer.schedule(config.idleTimeout().toNanos());
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (closed) {
            data.position(data.limit());
            return;
        }
        if (prefaceLeft > 0 && !readPreface(data)) {
            return;
        }
        inRead = true;
        try {
            while (data.hasRemaining() && !closed) {
                try {
                    reader.read(data, frames);
                } catch (Http2Exception e) {
                    if (e.isConnectionError()) {
                        fail(e);
                        data.position(data.limit());
                        return;
                    }
                    streamError(e);
                }
            }
        } finally {
            inRead = false;
        }
        if (!closed) {
            flushConnectionWindow();
            flushData();
        }
    }

    private boolean readPreface(ByteBuffer data) {
        int offset = PREFACE.length - prefaceLeft;
        while (prefaceLeft > 0 && data.hasRemaining()) {
            if (data.get() != PREFACE[offset++]) {
                fail(Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "the connection did not start with the HTTP/2 preface"));
                data.position(data.limit());
                return false;
            }
            prefaceLeft--;
        }
        return prefaceLeft == 0;
    }

    /**
     * The peer will send nothing more: streams still waiting for its data are reset, those answering
     * finish, and the connection closes once none is left.
     */
    @Override
    public boolean eofReceived() {
        peerEof = true;
        for (Http2Stream s : new ArrayList<>(streams.values())) {
            if (s.state.canReceive()) {
                resetStream(s, ErrorCode.CANCEL, new ConnectionLost("the peer closed its side before stream "
                        + s.id() + " ended"));
            }
        }
        if (streams.isEmpty()) {
            closed = true;
            return false;
        }
        return true;
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (writable) {
            guard.drained();
            writeStallTimer.cancel();
            if (readingPaused && !closed) {
                readingPaused = false;
                transport.resumeReading();
            }
            flushData();
        } else if (!readingPaused && !closed) {
            // the peer does not read: stop reading what it sends, so that it cannot make this end queue answers
            readingPaused = true;
            transport.pauseReading();
            writeStallTimer.schedule(config.stallTimeout().toNanos());
        }
    }

    /** The peer read nothing for the stall timeout while this end had bytes for it (and stopped reading): abort. */
    private void writeStalled() {
        if (closed || transport.isWritable()) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "HTTP/2 peer " + transport.remoteAddress() + " read nothing for "
                + config.stallTimeout() + ": aborting the connection");
        closed = true;
        cancelTimers();
        transport.abortConnection();
    }

    /** Graceful shutdown: GOAWAY(NO_ERROR), every stream's protocol told; closes once the streams are done. */
    @Override
    public void shutdownRequested() {
        goAway(ErrorCode.NO_ERROR, "shutting down");
        for (Http2Stream s : new ArrayList<>(streams.values())) {
            s.shutdownRequested();
        }
        closeIfDone();
    }

    /**
     * True if the transport has handed over every byte written to it so far (so everything {@code s} framed);
     * otherwise {@code s} is told when it has ({@link Http2Stream#connectionFlushed}).
     */
    boolean awaitFlush(Http2Stream s) {
        if (closed) {
            return false;   // the stream's connectionLost says it
        }
        if (transport.notifyFlushed(transport.writeMark())) {
            return true;
        }
        if (!flushWaiters.contains(s)) {
            flushWaiters.add(s);
        }
        return false;
    }

    /** The bytes written up to the last mark asked about have left: the streams waiting for them are told. */
    @Override
    public void outputFlushed() {
        if (flushWaiters.isEmpty()) {
            return;
        }
        List<Http2Stream> waiting = new ArrayList<>(flushWaiters);
        flushWaiters.clear();
        for (Http2Stream s : waiting) {
            s.connectionFlushed();
        }
    }

    @Override
    public void connectionLost(Throwable reason) {
        closed = true;
        flushWaiters.clear();
        cancelTimers();
        ready.clear();
        for (Http2Stream s : new ArrayList<>(streams.values())) {
            streams.remove(s.id());
            s.closed(new ConnectionLost("the HTTP/2 connection ended before stream " + s.id() + " did", reason));
        }
        listener.connectionEnded(reason);
    }

    // ---------------------------------------------------------------- commands

    /**
     * Sends GOAWAY with the last stream this end processes: no new stream of the peer's is accepted after it.
     * With NO_ERROR the open streams go on (graceful shutdown); the connection closes when they are done.
     */
    public void goAway(ErrorCode code, String debug) {
        if (goAwaySent || closed || transport == null) {
            return;
        }
        goAwaySent = true;
        goAwayLastStreamId = highestPeerStreamId;
        byte[] text = debug == null ? new byte[0] : debug.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = transport.claimWrite(FrameWriter.size(8 + text.length));
        FrameWriter.goAway(out, highestPeerStreamId, code, text);
        transport.commitWrite(out);
    }

    /** Sends a PING; the acknowledgement comes to {@link Listener#pingAcknowledged}. */
    public void ping(long opaqueData) {
        if (closed) {
            return;
        }
        ByteBuffer out = transport.claimWrite(FrameWriter.size(8));
        FrameWriter.ping(out, false, opaqueData);
        transport.commitWrite(out);
    }

    /**
     * Opens a stream from this end (a client's request) with {@code headers}, run by {@code handler}.
     *
     * @throws IllegalStateException after GOAWAY, when the peer's MAX_CONCURRENT_STREAMS is reached, or for an
     *                               extended CONNECT ({@code :protocol}, RFC 8441) to a peer that did not allow it
     */
    public Http2Stream openStream(Http2Headers headers, boolean endStream, Protocol handler) {
        if (closed || goAwayReceived || goAwaySent) {
            throw new IllegalStateException("openStream: the connection is " + (closed ? "closed" : "going away"));
        }
        if (streams.size() >= peerSettings.maxConcurrentStreams()) {
            throw new IllegalStateException("openStream: the peer allows " + peerSettings.maxConcurrentStreams()
                    + " concurrent streams");
        }
        if (nextLocalStreamId < 0) {
            throw new IllegalStateException("openStream: stream identifiers are used up");
        }
        if (headers.get(":protocol") != null && !peerSettings.connectProtocolEnabled()) {
            throw new IllegalStateException("openStream: :protocol needs SETTINGS_ENABLE_CONNECT_PROTOCOL from the peer"
                    + " (RFC 8441 section 3), which it did not send");
        }
        int id = nextLocalStreamId;
        nextLocalStreamId += 2;
        Http2Stream s = new Http2Stream(this, id, localInitialWindow, peerSettings.initialWindowSize());
        streams.put(id, s);
        idleTimer.cancel();
        s.attach(handler);
        s.sendHeaders(headers, endStream);
        return s;
    }

    // ---------------------------------------------------------------- writing, for streams

    void writeHeaders(Http2Stream s, Http2Headers headers, boolean endStream) {
        StreamState next = s.state.on(StreamState.Event.SEND_HEADERS);
        if (next == null) {
            throw new IllegalStateException("cannot send headers on stream " + s.id() + " in state " + s.state);
        }
        s.state = next;
        if (closed) {
            return;
        }
        headerOut.reset();
        encoder.encode(headers, headerOut);
        int frame = peerMaxFrameSize();
        ByteBuffer out = transport.claimWrite(FrameWriter.headersSize(headerOut.size(), frame));
        FrameWriter.headers(out, s.id(), headerOut.array(), 0, headerOut.size(), endStream, frame);
        transport.commitWrite(out);
    }

    void writeData(int streamId, ByteBuffer[] parts, int n, boolean endStream) {
        connSendWindow -= n;
        if (closed) {
            return;
        }
        if (n <= 1024) {
            ByteBuffer out = transport.claimWrite(FrameWriter.size(n));
            FrameWriter.dataHeader(out, streamId, n, endStream);
            for (ByteBuffer p : parts) {
                out.put(p);
            }
            transport.commitWrite(out);
            return;
        }
        ByteBuffer head = ByteBuffer.allocate(FrameType.HEADER_LENGTH);
        FrameWriter.dataHeader(head, streamId, n, endStream);
        ByteBuffer[] all = new ByteBuffer[parts.length + 1];
        all[0] = head.flip();
        System.arraycopy(parts, 0, all, 1, parts.length);
        transport.write(all);
    }

    void sendWindowUpdate(int streamId, int increment) {
        if (closed) {
            return;
        }
        ByteBuffer out = transport.claimWrite(FrameWriter.size(4));
        FrameWriter.windowUpdate(out, streamId, increment);
        transport.commitWrite(out);
    }

    /** This end sent END_STREAM on {@code s}. */
    void localEnded(Http2Stream s) {
        StreamState next = s.state.on(StreamState.Event.SEND_END_STREAM);
        s.state = next != null ? next : StreamState.CLOSED;
        if (s.state == StreamState.CLOSED) {
            streamClosed(s, Http2Stream.done(s.id()));
        }
    }

    /** Resets {@code s} with {@code code}; its handler gets {@code reason} (a normal end if null). */
    void resetStream(Http2Stream s, ErrorCode code, Throwable reason) {
        if (s.state == StreamState.CLOSED) {
            return;
        }
        writeRst(s.id(), code);
        streamClosed(s, reason != null ? reason : Http2Stream.done(s.id()));
    }

    /** Data or an end was queued on {@code s}: schedule it and send what the windows allow. */
    void dataQueued(Http2Stream s) {
        if (s.hasSendable() && !s.inReadyQueue) {
            s.inReadyQueue = true;
            ready.add(s);
        }
        if (!stallTimer.isPending()) {
            stallTimer.schedule(config.stallTimeout().toNanos());
        }
        requestFlush();
    }

    /**
     * Frames queued data soon: at the end of the read being handled, or in a task right after the current
     * one, so that a response's writes and its end made in one go leave as few DATA frames as they can.
     */
    private void requestFlush() {
        if (inRead || flushScheduled || closed) {
            return;
        }
        flushScheduled = true;
        scheduler.execute(scheduledFlush);
    }

    /** Sends DATA round-robin over the ready streams while the connection's window and socket allow. */
    private void flushData() {
        if (flushing || closed) {
            return;
        }
        flushing = true;
        try {
            Http2Stream s;
            while ((s = ready.peek()) != null && transport.isWritable()) {
                ready.poll();
                s.inReadyQueue = false;
                if (s.state == StreamState.CLOSED || !s.hasSendable()) {
                    continue;
                }
                if (connSendWindow <= 0 && s.needsWindow()) {
                    s.inReadyQueue = true;
                    ready.addFirst(s);
                    break;
                }
                s.sendSome((int) Math.min(connSendWindow, peerMaxFrameSize()));
                if (s.state != StreamState.CLOSED && s.hasSendable() && !s.inReadyQueue) {
                    s.inReadyQueue = true;
                    ready.add(s);
                }
            }
        } finally {
            flushing = false;
        }
    }

    private int peerMaxFrameSize() {
        return Math.min(peerSettings.maxFrameSize(), Http2Settings.MIN_MAX_FRAME_SIZE);
    }

    private void writeRst(int streamId, ErrorCode code) {
        rememberReset(streamId);
        if (closed) {
            return;
        }
        ByteBuffer out = transport.claimWrite(FrameWriter.size(4));
        FrameWriter.rstStream(out, streamId, code);
        transport.commitWrite(out);
        controlFrameQueued();
    }

    private void controlFrameQueued() {
        if (!transport.isWritable() && guard.controlFrameWhileBlocked()) {
            LOG.log(System.Logger.Level.WARNING, () -> "HTTP/2 peer " + transport.remoteAddress() + " does not read "
                    + "and keeps asking for answers (more than " + config.maxQueuedControlFrames()
                    + " queued): closing");
            closed = true;
            transport.abortConnection();
        }
    }

    private void streamClosed(Http2Stream s, Throwable reason) {
        if (streams.remove(s.id()) == null && s.state == StreamState.CLOSED && s.handler() == null) {
            return;
        }
        if (s.inReadyQueue) {
            ready.remove(s);
            s.inReadyQueue = false;
        }
        s.closed(reason);
        if (streams.isEmpty() && !closed) {
            idleTimer.schedule(config.idleTimeout().toNanos());
        }
        closeIfDone();
    }

    private void closeIfDone() {
        if (!streams.isEmpty() || closed || transport == null) {
            return;
        }
        if (goAwaySent || goAwayReceived || peerEof) {
            closed = true;
            cancelTimers();
            transport.loseConnection();
        }
    }

    // ---------------------------------------------------------------- errors

    /** The one place where a connection error becomes GOAWAY and a close. */
    private void fail(Http2Exception e) {
        LOG.log(System.Logger.Level.DEBUG, () -> "HTTP/2 connection error " + e.code() + " with "
                + (transport != null ? transport.remoteAddress() : "?") + ": " + e.getMessage());
        if (closed) {
            return;
        }
        goAway(e.code(), e.getMessage());
        closed = true;
        cancelTimers();
        transport.loseConnection();
    }

    /** The one place where a stream error becomes RST_STREAM; the connection goes on. */
    private void streamError(Http2Exception e) {
        LOG.log(System.Logger.Level.DEBUG, () -> "HTTP/2 stream error " + e.code() + " on stream " + e.streamId()
                + ": " + e.getMessage());
        Http2Stream s = streams.get(e.streamId());
        if (s != null) {
            resetStream(s, e.code(), new StreamResetException(e.code(), false, e.getMessage()));
        } else {
            writeRst(e.streamId(), e.code());
        }
    }

    private void rememberReset(int streamId) {
        recentlyReset[recentlyResetNext] = streamId;
        recentlyResetNext = (recentlyResetNext + 1) % recentlyReset.length;
    }

    private boolean wasRecentlyReset(int streamId) {
        for (int id : recentlyReset) {
            if (id == streamId) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- timers

    private void settingsTimedOut() {
        settingsTimer = null;
        if (!closed && (prefaceLeft > 0 || !settingsSeen || !localSettingsAcked)) {
            fail(Http2Exception.connection(ErrorCode.SETTINGS_TIMEOUT, "no preface and SETTINGS acknowledgement within "
                    + config.settingsTimeout()));
        }
    }

    private void idleTimedOut() {
        if (!closed && streams.isEmpty()) {
            goAway(ErrorCode.NO_ERROR, "idle for " + config.idleTimeout());
            closeIfDone();
        }
    }

    /** Resets every stream whose queued data made no progress for the stall timeout. */
    private void checkStalls() {
        if (closed) {
            return;
        }
        long now = now();
        long timeout = config.stallTimeout().toNanos();
        long soonest = Long.MAX_VALUE;
        List<Http2Stream> stalled = new ArrayList<>();
        for (Http2Stream s : streams.values()) {
            if (!s.hasPending()) {
                continue;
            }
            long idle = now - s.lastProgressNanos;
            if (idle >= timeout) {
                stalled.add(s);
            } else {
                soonest = Math.min(soonest, timeout - idle);
            }
        }
        for (Http2Stream s : stalled) {
            LOG.log(System.Logger.Level.DEBUG, () -> "HTTP/2 stream " + s.id() + " made no progress for "
                    + config.stallTimeout() + " (window " + s.sendWindow + ", connection window " + connSendWindow
                    + "): reset");
            resetStream(s, ErrorCode.CANCEL, new ConnectionLost("stream " + s.id() + " stalled: the peer gave no "
                    + "flow-control window for " + config.stallTimeout()));
        }
        if (soonest != Long.MAX_VALUE) {
            stallTimer.schedule(soonest);
        }
    }

    private void cancelTimers() {
        if (settingsTimer != null) {
            settingsTimer.cancel();
            settingsTimer = null;
        }
        if (idleTimer != null) {
            idleTimer.cancel();
            stallTimer.cancel();
            writeStallTimer.cancel();
        }
    }

    // ---------------------------------------------------------------- receiving

    /** Credits received connection-level data back once half the window is used. */
    private void flushConnectionWindow() {
        if (connUnacked >= config.connectionWindowSize() / 2) {
            int credit = (int) connUnacked;
            connUnacked = 0;
            connRecvWindow += credit;
            sendWindowUpdate(0, credit);
        }
    }

    private boolean isPeerInitiated(int streamId) {
        return (streamId & 1) == (role == Role.SERVER ? 1 : 0);
    }

    /** True for a stream id that was never used: neither open nor closed (section 5.1, "idle"). */
    private boolean isIdle(int streamId) {
        return isPeerInitiated(streamId) ? streamId > highestPeerStreamId : streamId >= nextLocalStreamId;
    }

    /** The frame handlers: each frame's rules in the stream's state (section 5.1) and its effect. */
    private final class Frames implements FrameListener {

        private void checkFirst(int type) throws Http2Exception {
            if (!settingsSeen && type != FrameType.SETTINGS) {
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "the first frame was " + FrameType.name(type)
                        + ", not SETTINGS");
            }
            block.requireClosed(type);
        }

        @Override
        public void data(int streamId, ByteBuffer data, boolean endStream, int flowLength) throws Http2Exception {
            checkFirst(FrameType.DATA);
            if (flowLength > connRecvWindow) {
                throw Http2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "DATA of " + flowLength
                        + " bytes exceeds the connection's window of " + connRecvWindow);
            }
            connRecvWindow -= flowLength;
            connUnacked += flowLength;
            Http2Stream s = streams.get(streamId);
            if (s == null) {
                if (isIdle(streamId)) {
                    throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "DATA on idle stream " + streamId);
                }
                if (wasRecentlyReset(streamId) || streamId > goAwayLastStreamId) {
                    return;
                }
                throw Http2Exception.stream(streamId, ErrorCode.STREAM_CLOSED, "DATA on closed stream " + streamId);
            }
            if (!s.state.canReceive()) {
                throw Http2Exception.stream(streamId, ErrorCode.STREAM_CLOSED, "DATA on stream " + streamId
                        + " after its END_STREAM");
            }
            if (flowLength > s.recvWindow) {
                throw Http2Exception.stream(streamId, ErrorCode.FLOW_CONTROL_ERROR, "DATA of " + flowLength
                        + " bytes exceeds stream " + streamId + "'s window of " + s.recvWindow);
            }
            s.recvWindow -= flowLength;
            int n = data.remaining();
            s.receivedLength += n;
            if (s.expectedLength >= 0 && (s.receivedLength > s.expectedLength
                    || endStream && s.receivedLength != s.expectedLength)) {
                throw HeaderRules.malformed(streamId, "content-length " + s.expectedLength + " but "
                        + s.receivedLength + " bytes of data");
            }
            if (flowLength > n) {
                s.recvWindow += flowLength - n;   // padding: credited back at once on the stream
                if (s.state.canReceive() && !endStream) {
                    sendWindowUpdate(streamId, flowLength - n);
                }
            }
            if (endStream) {
                s.state = s.state.on(StreamState.Event.RECV_END_STREAM);
            }
            s.dataArrived(data);
            if (endStream) {
                remoteEnded(s);
            }
        }

        @Override
        public void headers(int streamId, ByteBuffer fragment, boolean endStream, boolean endHeaders, int dependency)
                throws Http2Exception {
            checkFirst(FrameType.HEADERS);
            block.start(streamId, endStream, dependency, fragment);
            if (endHeaders) {
                completeBlock();
            }
        }

        @Override
        public void continuation(int streamId, ByteBuffer fragment, boolean endHeaders) throws Http2Exception {
            if (!block.isOpen()) {
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "CONTINUATION on stream " + streamId
                        + " without a HEADERS frame before it");
            }
            block.append(streamId, fragment);
            if (endHeaders) {
                completeBlock();
            }
        }

        private void completeBlock() throws Http2Exception {
            int streamId = block.streamId();
            boolean endStream = block.endStream();
            int dependency = block.dependency();
            ByteOutput bytes = block.bytes();
            Http2Headers headers = new Http2Headers();
            boolean fit;
            try {
                fit = decoder.decode(bytes.array(), 0, bytes.size(), headers);
            } catch (HpackException e) {
                throw Http2Exception.connection(ErrorCode.COMPRESSION_ERROR, "header block of stream " + streamId
                        + " cannot be decoded: " + e.getMessage());
            } finally {
                block.clear();
            }
            Http2Stream s = streams.get(streamId);
            if (s == null) {
                if (isIdle(streamId)) {
                    openByPeer(streamId, headers, fit, endStream, dependency);
                    return;
                }
                if (wasRecentlyReset(streamId) || streamId > goAwayLastStreamId) {
                    return;
                }
                throw Http2Exception.connection(ErrorCode.STREAM_CLOSED, "HEADERS on closed stream " + streamId);
            }
            if (dependency == streamId) {
                throw Http2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "stream " + streamId + " depends on itself");
            }
            if (!s.state.canReceive()) {
                throw Http2Exception.stream(streamId, ErrorCode.STREAM_CLOSED, "HEADERS on stream " + streamId
                        + " after its END_STREAM");
            }
            if (!fit) {
                throw Http2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "a header section of stream " + streamId
                        + " is larger than SETTINGS_MAX_HEADER_LIST_SIZE " + config.maxHeaderListSize());
            }
            if (role == Role.SERVER || endStream) {
                if (!endStream) {
                    throw HeaderRules.malformed(streamId, "a second header section without END_STREAM");
                }
                HeaderRules.checkTrailers(streamId, headers);
            } else {
                HeaderRules.checkResponse(streamId, headers);
            }
            if (endStream && s.expectedLength >= 0 && s.receivedLength != s.expectedLength) {
                throw HeaderRules.malformed(streamId, "content-length " + s.expectedLength + " but "
                        + s.receivedLength + " bytes of data");
            }
            if (endStream) {
                s.state = s.state.on(StreamState.Event.RECV_END_STREAM);
            }
            s.headersArrived(headers, endStream);
            if (endStream) {
                remoteEnded(s);
            }
        }

        /** A HEADERS frame opened a new stream of the peer's. */
        private void openByPeer(int streamId, Http2Headers headers, boolean fit, boolean endStream, int dependency)
                throws Http2Exception {
            if (!isPeerInitiated(streamId)) {
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "HEADERS opening stream " + streamId
                        + ", an identifier of this end's");
            }
            if (role == Role.CLIENT) {
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "a server opened stream " + streamId);
            }
            highestPeerStreamId = streamId;
            if (goAwaySent || peerEof) {
                return;   // past the last stream announced in GOAWAY: ignored (its block was decoded)
            }
            if (dependency == streamId) {
                throw Http2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "stream " + streamId + " depends on itself");
            }
            if (streams.size() >= config.maxConcurrentStreams()) {
                throw Http2Exception.stream(streamId, ErrorCode.REFUSED_STREAM, "stream " + streamId + " is past "
                        + "SETTINGS_MAX_CONCURRENT_STREAMS " + config.maxConcurrentStreams());
            }
            Http2Stream s = new Http2Stream(Http2Connection.this, streamId, localInitialWindow,
                    peerSettings.initialWindowSize());
            s.state = StreamState.OPEN;
            if (!fit) {
                streams.put(streamId, s);
                idleTimer.cancel();
                answerAndClose(s, 431, endStream);
                return;
            }
            s.expectedLength = HeaderRules.checkRequest(streamId, headers, localSettings.connectProtocolEnabled());
            if (endStream && s.expectedLength > 0) {
                throw HeaderRules.malformed(streamId, "content-length " + s.expectedLength + " with END_STREAM on HEADERS");
            }
            if (endStream) {
                s.state = StreamState.HALF_CLOSED_REMOTE;
            }
            streams.put(streamId, s);
            idleTimer.cancel();
            Protocol handler = listener.streamOpened(s, headers, endStream);
            if (handler == null) {
                resetStream(s, ErrorCode.REFUSED_STREAM, null);
                return;
            }
            s.attach(handler);
            if (endStream && s.state != StreamState.CLOSED) {
                s.eofArrived();
            }
        }

        @Override
        public void priority(int streamId, int dependency) throws Http2Exception {
            checkFirst(FrameType.PRIORITY);
            if (dependency == streamId) {
                throw Http2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "stream " + streamId + " depends on itself");
            }
        }

        @Override
        public void rstStream(int streamId, long errorCode) throws Http2Exception {
            checkFirst(FrameType.RST_STREAM);
            if (isIdle(streamId)) {
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on idle stream " + streamId);
            }
            if (guard.resetReceived(now())) {
                throw Http2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "more than " + config.maxResetsPerWindow()
                        + " stream resets in " + config.resetWindow());
            }
            Http2Stream s = streams.get(streamId);
            if (s != null) {
                ErrorCode code = ErrorCode.of(errorCode);
                rememberReset(streamId);
                streamClosed(s, new StreamResetException(code, true, "stream " + streamId + " reset by the peer with " + code));
            }
        }

        @Override
        public void settings(boolean ack, Http2Settings settings) throws Http2Exception {
            if (ack) {
                checkFirst(FrameType.SETTINGS);
                settingsAcknowledged();
                return;
            }
            block.requireClosed(FrameType.SETTINGS);
            settingsSeen = true;
            if (role == Role.CLIENT && settings.isSet(Http2Settings.ENABLE_PUSH) && settings.get(Http2Settings.ENABLE_PUSH) == 1) {
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "a server sent SETTINGS_ENABLE_PUSH 1");
            }
            if (role == Role.CLIENT && peerSettings.connectProtocolEnabled()
                    && settings.isSet(Http2Settings.ENABLE_CONNECT_PROTOCOL)
                    && settings.get(Http2Settings.ENABLE_CONNECT_PROTOCOL) == 0) {
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "a server sent SETTINGS_ENABLE_CONNECT_PROTOCOL"
                        + " 0 after 1 (RFC 8441 section 3)");
            }
            long oldWindow = peerSettings.initialWindowSize();
            peerSettings.apply(settings);
            if (settings.isSet(Http2Settings.HEADER_TABLE_SIZE)) {
                encoder.setPeerMaxTableSize(settings.get(Http2Settings.HEADER_TABLE_SIZE));
            }
            long delta = peerSettings.initialWindowSize() - oldWindow;
            if (delta != 0) {
                for (Http2Stream s : streams.values()) {
                    s.sendWindow += delta;
                    if (s.sendWindow > Http2Settings.MAX_WINDOW) {
                        throw Http2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE "
                                + "change takes stream " + s.id() + "'s window past 2^31 - 1");
                    }
                    if (s.hasSendable() && !s.inReadyQueue) {
                        s.inReadyQueue = true;
                        ready.add(s);
                    }
                }
            }
            ByteBuffer out = transport.claimWrite(FrameWriter.size(0));
            FrameWriter.settingsAck(out);
            transport.commitWrite(out);
            controlFrameQueued();
            requestFlush();
            listener.settingsReceived(peerSettings);
        }

        private void settingsAcknowledged() {
            if (localSettingsAcked) {
                return;
            }
            localSettingsAcked = true;
            int delta = config.initialWindowSize() - localInitialWindow;
            localInitialWindow = config.initialWindowSize();
            for (Http2Stream s : streams.values()) {
                s.recvWindow += delta;
            }
            decoder.setMaxHeaderListSize(config.maxHeaderListSize());
            if (settingsTimer != null && settingsSeen) {
                settingsTimer.cancel();
                settingsTimer = null;
            }
        }

        @Override
        public void pushPromise(int streamId, int promisedStreamId, ByteBuffer fragment, boolean endHeaders)
                throws Http2Exception {
            checkFirst(FrameType.PUSH_PROMISE);
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, role == Role.SERVER
                    ? "a client sent PUSH_PROMISE" : "PUSH_PROMISE although SETTINGS_ENABLE_PUSH is 0");
        }

        @Override
        public void ping(boolean ack, long opaqueData) throws Http2Exception {
            checkFirst(FrameType.PING);
            if (ack) {
                listener.pingAcknowledged(opaqueData);
                return;
            }
            ByteBuffer out = transport.claimWrite(FrameWriter.size(8));
            FrameWriter.ping(out, true, opaqueData);
            transport.commitWrite(out);
            controlFrameQueued();
        }

        @Override
        public void goAway(int lastStreamId, long errorCode, ByteBuffer debugData) throws Http2Exception {
            checkFirst(FrameType.GOAWAY);
            ErrorCode code = ErrorCode.of(errorCode);
            byte[] debug = new byte[Math.min(debugData.remaining(), 256)];
            debugData.get(debug);
            goAwayReceived = true;
            peerLastStreamId = Math.min(peerLastStreamId, lastStreamId);
            for (Http2Stream s : new ArrayList<>(streams.values())) {
                if (!isPeerInitiated(s.id()) && s.id() > peerLastStreamId) {
                    streamClosed(s, new StreamResetException(ErrorCode.REFUSED_STREAM, true, "stream " + s.id()
                            + " was not processed: the peer sent GOAWAY with last stream " + lastStreamId));
                }
            }
            listener.goAwayReceived(lastStreamId, code, new String(debug, StandardCharsets.UTF_8));
            closeIfDone();
        }

        @Override
        public void windowUpdate(int streamId, int increment) throws Http2Exception {
            checkFirst(FrameType.WINDOW_UPDATE);
            if (streamId == 0) {
                connSendWindow += increment;
                if (connSendWindow > Http2Settings.MAX_WINDOW) {
                    throw Http2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "WINDOW_UPDATE takes the connection's "
                            + "window past 2^31 - 1");
                }
                requestFlush();
                return;
            }
            Http2Stream s = streams.get(streamId);
            if (s == null) {
                if (isIdle(streamId)) {
                    throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + streamId);
                }
                return;
            }
            s.sendWindow += increment;
            if (s.sendWindow > Http2Settings.MAX_WINDOW) {
                throw Http2Exception.stream(streamId, ErrorCode.FLOW_CONTROL_ERROR, "WINDOW_UPDATE takes stream "
                        + streamId + "'s window past 2^31 - 1");
            }
            dataQueued(s);
        }

        @Override
        public void unknown(int type, int streamId) throws Http2Exception {
            block.requireClosed(type);
        }
    }

    /** The peer sent END_STREAM on {@code s} (the state has moved). */
    private void remoteEnded(Http2Stream s) {
        s.eofArrived();
        if (s.state == StreamState.CLOSED && !s.holdsInput()) {
            streamClosed(s, Http2Stream.done(s.id()));
        }
    }

    /** A closed stream whose held input (it was paused) has now all been delivered. */
    void inputDrained(Http2Stream s) {
        if (s.state == StreamState.CLOSED && streams.containsKey(s.id())) {
            streamClosed(s, Http2Stream.done(s.id()));
        }
    }

    /** Answers a stream with a bare status (431 for an oversized head) and ends it. */
    private void answerAndClose(Http2Stream s, int status, boolean endStream) {
        if (endStream) {
            s.state = StreamState.HALF_CLOSED_REMOTE;
        }
        s.sendHeaders(new Http2Headers().add(":status", Integer.toString(status)), true);
        if (s.state != StreamState.CLOSED) {
            resetStream(s, ErrorCode.NO_ERROR, null);
        }
    }

    @Override
    public String toString() {
        return "Http2Connection[" + role + ", " + streams.size() + " streams" + (closed ? ", closed" : "") + "]";
    }
}
