package dev.torsion.web;

import dev.torsion.http.HttpError;
import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpStatus;
import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The protocol of one HTTP connection: feeds bytes to the parser, finds each request's resource, renders it
 * once its body is complete, answers one request at a time (pipelined ones wait, with reading paused), runs
 * the header, body and idle timeouts, turns every {@link HttpError} into its answer, and can hand the
 * connection over to another protocol after a 101.
 *
 * <p><b>Threading.</b> Every method runs on the connection's event loop ({@link Request} hops there).
 *
 * <p><b>Lifecycle.</b> Built by {@link Site#buildProtocol} per connection; reads requests until the
 * connection closes or is switched ({@link Transport#switchProtocol}), after which the transport calls the
 * new protocol directly and this channel gets no more callbacks.
 */
final class HttpChannel implements Protocol, HttpRequestParser.Listener, RequestChannel {

    private static final System.Logger LOG = System.getLogger("dev.torsion.web");
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private enum Timer { NONE, HEADER, BODY, IDLE }

    private final Site site;
    private final HttpConfig config;
    private Transport transport;
    private HttpRequestParser parser;

    /** Bytes received but not yet parsed, kept while a response is pending; null when there are none. */
    private ByteBuffer held;
    /** The buffer being parsed right now (the read's own buffer, or {@link #held}). */
    private ByteBuffer input;

    private Request current;
    private Resource currentResource;
    private BodyReceiver receiver;
    private boolean requestComplete;
    private boolean dispatching;
    private boolean finishedWhileDispatching;
    private Protocol switchWhileDispatching;
    /** True while the transport's buffer is above its high watermark: no new request is started. */
    private boolean blockedOnWrite;
    /** True while this channel has paused the transport's reading. */
    private boolean readingPaused;
    private boolean peerEof;
    private boolean closing;
    /** True once the reactor asked for a graceful shutdown: no new request is started. */
    private boolean shuttingDown;

    /** True once the connection was handed to another protocol: this channel does nothing any more. */
    private boolean switched;
    /** True until the first bytes have shown whether this plain-TCP connection starts with the HTTP/2 preface. */
    private boolean prefaceCheck;

    private DelayedCall timer;
    private Timer timerKind = Timer.NONE;
    private long bodyDeadline;

    HttpChannel(Site site) {
        this.site = site;
        this.config = site.config();
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public HttpConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- Protocol

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        this.parser = new HttpRequestParser(config);
        startTimer(Timer.HEADER, config.headerTimeout());
        if (config.http2() != null) {
            if ("h2".equals(transport.applicationProtocol())) {
                handOverToHttp2(null);   // TLS agreed on h2 by ALPN
            } else {
                prefaceCheck = transport.applicationProtocol() == null;   // h2c with prior knowledge
            }
        }
    }

    /**
     * The connection speaks HTTP/2 from here on: an {@link dev.torsion.web.http2.Http2Connection} takes it
     * over, with the bytes read so far ({@code start}, or none).
     */
    private void handOverToHttp2(ByteBuffer start) {
        Protocol h2 = Http2Server.connection(site);
        cancelTimer();
        parser = null;
        held = null;
        prefaceCheck = false;
        switched = true;
        transport.switchProtocol(h2);
        h2.connectionMade(transport);
        if (start != null && start.hasRemaining() && transport.isOpen()) {
            h2.dataReceived(start);
        }
    }

    /**
     * Looks at the first bytes for the HTTP/2 preface; true when they are HTTP/1.1 and parsing goes on here,
     * false when they were kept (too few to tell yet) or handed over to HTTP/2.
     */
    private boolean checkPreface(ByteBuffer data) {
        if (held == null && data.hasRemaining() && data.get(data.position()) != 'P') {
            prefaceCheck = false;
            return true;
        }
        appendHeld(data);
        int match = dev.torsion.web.http2.Http2Connection.prefaceMatch(held);
        if (match < 0) {
            prefaceCheck = false;
            processHeld();
            return false;
        }
        if (match == dev.torsion.web.http2.Http2Connection.PREFACE_LENGTH) {
            handOverToHttp2(held);
        }
        return false;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (closing) {
            data.position(data.limit());
            return;
        }
        if (prefaceCheck && !checkPreface(data)) {
            return;
        }
        if (held != null) {
            appendHeld(data);
            if (!awaitingResponse()) {
                processHeld();
            }
            return;
        }
        process(data);
        if (data.hasRemaining() && !switched && !closing) {
            appendHeld(data);
        }
    }

    @Override
    public boolean eofReceived() {
        peerEof = true;
        if (awaitingResponse() || (held != null && held.hasRemaining())) {
            return true;
        }
        closing = true;
        cancelTimer();
        return false;
    }

    @Override
    public void writabilityChanged(boolean writable) {
        blockedOnWrite = !writable;
        Producer producer = current != null ? current.producer() : null;
        if (producer != null) {
            if (writable) {
                producer.resumeProducing();
            } else {
                producer.pauseProducing();
            }
        }
        if (writable && held != null && !awaitingResponse() && !closing && !switched) {
            processHeld();
        }
        if (!closing && !switched) {
            updateReading();
        }
    }

    /** Reading is paused while a response is pending (pipelined requests wait) or the peer reads too slowly. */
    private void updateReading() {
        boolean pause = awaitingResponse() || blockedOnWrite;
        if (pause != readingPaused) {
            readingPaused = pause;
            if (pause) {
                transport.pauseReading();
            } else {
                transport.resumeReading();
            }
        }
    }

    /**
     * Graceful shutdown: an idle keep-alive connection closes now; one with a request in progress closes once
     * its response is finished.
     */
    @Override
    public void shutdownRequested() {
        shuttingDown = true;
        if (current == null && !closing) {
            close();
        }
    }

    @Override
    public void connectionLost(Throwable reason) {
        cancelTimer();
        closing = true;
        held = null;
        parser = null;
        Request r = current;
        current = null;
        if (r != null) {
            r.abandon(reason);
        }
    }

    // ---------------------------------------------------------------- parsing

    private boolean awaitingResponse() {
        return current != null && requestComplete;
    }

    private void process(ByteBuffer in) {
        input = in;
        try {
            while (in.hasRemaining() && !closing && !switched && !awaitingResponse() && !blockedOnWrite) {
                if (parser.isIdle() && timerKind != Timer.HEADER) {
                    startTimer(Timer.HEADER, config.headerTimeout());
                }
                boolean ended;
                try {
                    ended = parser.parse(in, this);
                } catch (HttpError e) {
                    fail(e);
                    return;
                }
                if (ended) {
                    dispatch();
                }
            }
        } finally {
            input = null;
        }
        if (peerEof && !awaitingResponse() && !blockedOnWrite && !switched && !closing) {
            close();
        }
    }

    private void processHeld() {
        ByteBuffer h = held;
        process(h);
        if (held == h && !h.hasRemaining()) {
            held = null;
        }
    }

    private void appendHeld(ByteBuffer data) {
        int n = data.remaining();
        if (held == null) {
            held = ByteBuffer.allocate(Math.max(n, 512));
            held.put(data).flip();
            return;
        }
        if (held.capacity() - held.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(held.remaining() + n, held.capacity() * 2));
            bigger.put(held).put(data).flip();
            held = bigger;
        } else {
            held.compact();
            held.put(data).flip();
        }
    }

    @Override
    public void headReceived(RequestHead head) throws HttpError {
        cancelTimer();
        RequestTarget target = RequestTarget.parse(head.target());
        if (target.path.equals("*") && !head.method().equals("OPTIONS")) {
            throw new HttpError(400, "asterisk-form target with " + head.method());
        }
        Request r = new Request(this, head, target);
        current = r;
        requestComplete = false;
        Resource resource;
        BodyReceiver bodyReceiver = null;
        try {
            resource = site.getResourceFor(r);
            if (head.hasBody()) {
                bodyReceiver = resource.bodyReceiver(r);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "resource lookup failed for " + r, e);
            resource = new ErrorResource(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error");
        }
        currentResource = resource;
        receiver = bodyReceiver;
        long limit = bodyReceiver != null ? config.maxStreamedBodySize() : config.maxBodySize();
        parser.setBodyLimit(limit);
        if (head.contentLength() > limit) {
            throw new HttpError(413, "Content-Length " + head.contentLength() + " larger than " + limit);
        }
        if (head.hasBody()) {
            if (head.expectsContinue()) {
                transport.write(ByteBuffer.wrap(CONTINUE));
            }
            bodyDeadline = now() + config.bodyTimeout().toNanos();
            startTimer(Timer.BODY, config.bodyTimeout());
        }
    }

    @Override
    public void bodyReceived(ByteBuffer data) throws HttpError {
        bodyDeadline = now() + config.bodyTimeout().toNanos();
        Request r = current;
        if (r.isFinished()) {
            data.position(data.limit());
            return;
        }
        if (receiver == null) {
            r.appendBody(data);
            return;
        }
        try {
            receiver.bodyData(data);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "body receiver failed for " + r, e);
            throw new HttpError(500, "body receiver failed: " + e);
        }
    }

    @Override
    public void requestReceived(HttpHeaders trailers) {
        cancelTimer();
        current.setTrailers(trailers);
        requestComplete = true;
    }

    // ---------------------------------------------------------------- rendering

    private void dispatch() {
        Request r = current;
        if (r.isFinished()) {
            // answered early by a streaming resource; the connection closes after it
            afterResponse(r);
            return;
        }
        dispatching = true;
        try {
            currentResource.render(r);
        } catch (Throwable t) {
            renderFailed(r, t);
        } finally {
            dispatching = false;
        }
        if (switchWhileDispatching != null) {
            Protocol next = switchWhileDispatching;
            switchWhileDispatching = null;
            handOver(next, input);
            return;
        }
        if (finishedWhileDispatching) {
            finishedWhileDispatching = false;
            afterResponse(r);
        }
        if (!closing && !switched) {
            updateReading();
        }
    }

    private void renderFailed(Request r, Throwable t) {
        LOG.log(System.Logger.Level.ERROR, "resource failed to render " + r, t);
        if (r.isFinished()) {
            return;
        }
        r.abandon(t);
        current = null;
        closing = true;
        cancelTimer();
        if (r.isHeadSent()) {
            transport.abortConnection();
        } else {
            transport.write(ByteBuffer.wrap(ResponseWriter.errorResponse(config, HttpStatus.INTERNAL_SERVER_ERROR)));
            transport.loseConnection();
        }
    }

    /** Called by {@link Request} on the loop when its response is finished. */
    @Override
    public void responseFinished(Request r, boolean complete) {
        if (r != current) {
            return;
        }
        if (!complete) {
            LOG.log(System.Logger.Level.WARNING, "response to " + r + " ended short of its Content-Length; aborting");
            current = null;
            closing = true;
            cancelTimer();
            transport.abortConnection();
            return;
        }
        if (!requestComplete) {
            // answered before the request body was read to its end: the rest cannot be trusted
            r.response().forceClose();
            current = null;
            close();
            return;
        }
        if (dispatching) {
            finishedWhileDispatching = true;
            return;
        }
        afterResponse(r);
        if (closing || switched) {
            return;
        }
        if (held != null) {
            processHeld();
        }
        if (!closing && !switched) {
            updateReading();
        }
    }

    private void afterResponse(Request r) {
        current = null;
        currentResource = null;
        receiver = null;
        requestComplete = false;
        if (r.response().closeAfter() || shuttingDown) {
            close();
            return;
        }
        if (peerEof && (held == null || !held.hasRemaining()) && (input == null || !input.hasRemaining())) {
            close();
            return;
        }
        startTimer(Timer.IDLE, config.idleTimeout());
    }

    // ---------------------------------------------------------------- switching protocols

    /** Called by {@link Request} on the loop: writes the 101 head and hands the connection to {@code next}. */
    @Override
    public void switchProtocols(Request r, byte[] head101, Protocol next) {
        if (r != current || closing || !transport.isOpen()) {
            return;
        }
        transport.write(ByteBuffer.wrap(head101));
        cancelTimer();
        if (dispatching) {
            switchWhileDispatching = next;
            return;
        }
        ByteBuffer rest = held;
        held = null;
        handOver(next, rest);
    }

    private void handOver(Protocol next, ByteBuffer rest) {
        // From now on the transport calls next directly; this channel is forgotten.
        transport.switchProtocol(next);
        switched = true;
        current = null;
        currentResource = null;
        receiver = null;
        parser = null;
        held = null;
        cancelTimer();
        next.connectionMade(transport);
        if (rest != null && rest.hasRemaining() && transport.isOpen()) {
            next.dataReceived(rest);
            rest.position(rest.limit());
        }
        if (peerEof && transport.isOpen() && !next.eofReceived()) {
            transport.loseConnection();
        }
        if (readingPaused) {
            readingPaused = false;
            transport.resumeReading();
        }
    }

    // ---------------------------------------------------------------- failing and closing

    /** The one place where a refused request becomes its answer; the connection always closes after it. */
    private void fail(HttpError e) {
        LOG.log(System.Logger.Level.DEBUG, () -> "refusing request with " + e.status() + ": " + e.getMessage());
        Request r = current;
        current = null;
        cancelTimer();
        closing = true;
        if (r != null && r.isHeadSent()) {
            r.abandon(e);
            transport.abortConnection();
            return;
        }
        if (r != null) {
            r.abandon(e);
        }
        transport.write(ByteBuffer.wrap(ResponseWriter.errorResponse(config, e.status())));
        transport.loseConnection();
    }

    private void close() {
        closing = true;
        cancelTimer();
        transport.loseConnection();
    }

    // ---------------------------------------------------------------- timers

    private void startTimer(Timer kind, Duration delay) {
        if (timer != null) {
            timer.cancel();
        }
        timerKind = kind;
        timer = transport.scheduler().callLater(delay, this::timerFired);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        timerKind = Timer.NONE;
    }

    private void timerFired() {
        if (closing || switched) {
            return;
        }
        switch (timerKind) {
            case HEADER:
                timer = null;
                fail(new HttpError(HttpStatus.REQUEST_TIMEOUT, "request head not complete within " + config.headerTimeout()));
                break;
            case BODY: {
                long left = bodyDeadline - now();
                if (left > 0) {
                    timer = transport.scheduler().callLater(Duration.ofNanos(left), this::timerFired);
                } else {
                    timer = null;
                    fail(new HttpError(HttpStatus.REQUEST_TIMEOUT, "no body bytes for " + config.bodyTimeout()));
                }
                break;
            }
            case IDLE:
                timer = null;
                close();
                break;
            default:
                break;
        }
    }

    private long now() {
        return transport.scheduler().nanoTime();
    }
}
