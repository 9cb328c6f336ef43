package dev.torsion.web;

import dev.torsion.http.HttpError;
import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpStatus;
import dev.torsion.reactor.DelayedCall;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;
import dev.torsion.web.http2.ErrorCode;
import dev.torsion.web.http2.Http2Headers;
import dev.torsion.web.http2.Http2Stream;
import dev.torsion.web.http2.Http2StreamHandler;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One request and its response on an HTTP/2 stream, in the twisted.web shape: the stream's header section
 * becomes a {@link Request} (with {@code :authority} as {@code Host}, cookies joined as RFC 9113 section
 * 8.2.3 asks), the site's tree finds its {@link Resource}, the body arrives through DATA frames (held, or
 * given to a {@link BodyReceiver}, within the same limits as HTTP/1.1), the resource renders once the stream's
 * END_STREAM came, and the response goes out through the stream ({@link ResponseWriter} writes a HEADERS frame
 * and DATA). The stream's flow control drives the response's {@link Producer}.
 *
 * <p>An extended CONNECT (RFC 8441, {@code :protocol} set) is rendered as soon as its head arrives: its DATA
 * frames are not a body but the bytes of the protocol it asks for, held until the resource switches
 * ({@link Request#switchProtocols}: a 200, and the stream becomes that protocol's tunnel) or answers otherwise.
 *
 * <p>Answers: a body past the limit gets 413, a request target that cannot be used 400, a resource that
 * throws 500 (or a reset with INTERNAL_ERROR once its head is out), a body that stops for the body timeout
 * 408; a switch of protocols on anything but an extended CONNECT resets the stream with HTTP_1_1_REQUIRED
 * (HTTP/2 has no 101).
 *
 * <p><b>Threading.</b> Every callback runs on the connection's event loop ({@link Request} hops there).
 *
 * <p><b>Lifecycle.</b> Made when a peer opens a stream; ends with the stream.
 */
final class Http2Exchange implements Http2StreamHandler, RequestChannel {

    private static final System.Logger LOG = System.getLogger("dev.torsion.web");

    private final Site site;
    private final HttpConfig config;
    private final Http2Stream stream;
    /** The request, or null when the stream's head could not make one ({@link #refusal} says the answer). */
    private Request request;
    private final int refusal;
    private Resource resource;
    private BodyReceiver receiver;
    private long bodyLimit;
    private long bodyBytes;
    private boolean failed;
    private DelayedCall bodyTimer;
    private long bodyDeadline;
    /** An extended CONNECT (RFC 8441): rendered on its head; its DATA is the tunnel's, held until the switch. */
    private boolean connect;
    private ByteBuffer early;
    private boolean peerEnded;

    private Http2Exchange(Site site, Http2Stream stream, int refusal) {
        this.site = site;
        this.config = site.config();
        this.stream = stream;
        this.refusal = refusal;
    }

    /** The exchange for a stream the peer opened with {@code fields}. */
    static Http2Exchange open(Site site, Http2Stream stream, Http2Headers fields, boolean endStream) {
        String method = fields.get(":method");
        String path = fields.get(":path");
        HttpHeaders headers = new HttpHeaders();
        StringBuilder cookies = null;
        long contentLength = endStream ? 0 : -1;
        try {
            for (int i = 0; i < fields.size(); i++) {
                String name = fields.name(i);
                String value = fields.value(i);
                if (name.charAt(0) == ':') {
                    continue;
                }
                if (name.equals("cookie")) {
                    cookies = cookies == null ? new StringBuilder(value) : cookies.append("; ").append(value);
                    continue;
                }
                if (name.equals("content-length") && !endStream) {
                    contentLength = Long.parseLong(value);
                }
                headers.add(name, value);
            }
            if (cookies != null) {
                headers.add("cookie", cookies.toString());
            }
            String authority = fields.get(":authority");
            if (authority != null && !headers.contains("Host")) {
                headers.add("host", authority);
            }
        } catch (IllegalArgumentException e) {
            return new Http2Exchange(site, stream, HttpStatus.BAD_REQUEST);
        }
        if (path == null) {
            return new Http2Exchange(site, stream, HttpStatus.METHOD_NOT_ALLOWED);   // CONNECT
        }
        String protocol = fields.get(":protocol");
        boolean expectContinue = !endStream && "100-continue".equalsIgnoreCase(headers.get("Expect"));
        RequestHead head = protocol != null ? RequestHead.extendedConnect(path, protocol, headers)
                : RequestHead.http2(method, path, headers, contentLength, expectContinue);
        RequestTarget target;
        try {
            target = RequestTarget.parse(path);
            if (target.path.equals("*") && !method.equals("OPTIONS")) {
                throw new HttpError(HttpStatus.BAD_REQUEST, "asterisk-form target with " + method);
            }
        } catch (HttpError e) {
            return new Http2Exchange(site, stream, e.status());
        }
        Http2Exchange exchange = new Http2Exchange(site, stream, 0);
        exchange.request = new Request(exchange, head, target);
        exchange.connect = protocol != null;
        return exchange;
    }

    @Override
    public Transport transport() {
        return stream;
    }

    @Override
    public HttpConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- the stream

    @Override
    public void connectionMade(Transport transport) {
        if (request == null) {
            failed = true;
            Http2Responses.sendError(stream, config, refusal);
            return;
        }
        try {
            resource = site.getResourceFor(request);
            if (request.head().hasBody()) {
                receiver = resource.bodyReceiver(request);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "resource lookup failed for " + request, e);
            resource = new ErrorResource(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error");
        }
        bodyLimit = receiver != null ? config.maxStreamedBodySize() : config.maxBodySize();
        if (connect) {
            render();   // an extended CONNECT is answered on its head: what follows is the tunnel's
            return;
        }
        long declared = request.head().contentLength();
        if (declared > bodyLimit) {
            refuse(HttpStatus.CONTENT_TOO_LARGE, "content-length " + declared + " larger than " + bodyLimit);
            return;
        }
        if (request.head().hasBody()) {
            if (request.head().expectsContinue()) {
                stream.sendHeaders(new Http2Headers().add(":status", "100"), false);
            }
            bodyDeadline = now() + config.bodyTimeout().toNanos();
            bodyTimer = stream.scheduler().callLater(config.bodyTimeout(), this::bodyTimerFired);
        }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (failed || request.isFinished()) {
            data.position(data.limit());
            return;
        }
        if (connect) {
            holdEarly(data);
            return;
        }
        bodyDeadline = now() + config.bodyTimeout().toNanos();
        bodyBytes += data.remaining();
        if (bodyBytes > bodyLimit) {
            data.position(data.limit());
            refuse(HttpStatus.CONTENT_TOO_LARGE, "body larger than " + bodyLimit);
            return;
        }
        if (receiver == null) {
            request.appendBody(data);
            return;
        }
        try {
            receiver.bodyData(data);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "body receiver failed for " + request, e);
            refuse(HttpStatus.INTERNAL_SERVER_ERROR, "body receiver failed: " + e);
        }
    }

    @Override
    public void headersReceived(Http2Headers trailers, boolean endStream) {
        if (request == null || failed) {
            return;
        }
        HttpHeaders t = new HttpHeaders();
        try {
            trailers.forEach(t::add);
        } catch (IllegalArgumentException e) {
            refuse(HttpStatus.BAD_REQUEST, "trailer field not allowed: " + e.getMessage());
            return;
        }
        request.setTrailers(t);
    }

    /** END_STREAM: the request is complete, the resource renders it (an extended CONNECT was rendered already). */
    @Override
    public boolean eofReceived() {
        cancelBodyTimer();
        if (connect) {
            peerEnded = true;
            return true;
        }
        if (failed || request == null || request.isFinished()) {
            return true;
        }
        render();
        return true;
    }

    private void render() {
        try {
            resource.render(request);
        } catch (Throwable t) {
            renderFailed(t);
        }
    }

    /** Tunnel bytes that came before the resource switched (it answers later): held for the next protocol. */
    private void holdEarly(ByteBuffer data) {
        int n = data.remaining();
        int held = early == null ? 0 : early.position();
        if (held + n > bodyLimit) {
            data.position(data.limit());
            refuse(HttpStatus.CONTENT_TOO_LARGE, "more than " + bodyLimit + " bytes before the CONNECT was answered");
            return;
        }
        if (early == null || early.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(held + n, 2 * held));
            if (early != null) {
                bigger.put(early.flip());
            }
            early = bigger;
        }
        early.put(data);
    }

    @Override
    public void writabilityChanged(boolean writable) {
        Producer producer = request != null ? request.producer() : null;
        if (producer != null) {
            if (writable) {
                producer.resumeProducing();
            } else {
                producer.pauseProducing();
            }
        }
    }

    @Override
    public void connectionLost(Throwable reason) {
        cancelBodyTimer();
        if (request != null) {
            request.abandon(reason);
        }
    }

    // ---------------------------------------------------------------- RequestChannel

    @Override
    public void responseFinished(Request r, boolean complete) {
        cancelBodyTimer();
        if (complete) {
            stream.loseConnection();
        } else {
            LOG.log(System.Logger.Level.WARNING, "response to " + r + " ended short of its Content-Length; resetting");
            stream.reset(ErrorCode.INTERNAL_ERROR);
        }
    }

    /**
     * An extended CONNECT (RFC 8441) is answered 200 with the response's headers and the stream becomes
     * {@code next}'s tunnel, with the bytes (and the END_STREAM) that came before; any other request is reset
     * with HTTP_1_1_REQUIRED, since HTTP/2 has no 101.
     */
    @Override
    public void switchProtocols(Request r, byte[] head101, Protocol next) {
        if (!connect) {
            LOG.log(System.Logger.Level.DEBUG, () -> "switchProtocols on HTTP/2 stream " + stream.id()
                    + ": HTTP/2 has no 101; resetting with HTTP_1_1_REQUIRED");
            stream.reset(ErrorCode.HTTP_1_1_REQUIRED);
            return;
        }
        if (!stream.isOpen()) {
            return;
        }
        stream.sendHeaders(Http2Responses.head(HttpStatus.OK, r.response().headers, config), false);
        stream.useAsTunnel();
        stream.switchProtocol(next);
        next.connectionMade(stream);
        ByteBuffer held = early;
        early = null;
        if (held != null && held.flip().hasRemaining() && stream.isOpen()) {
            next.dataReceived(held);
        }
        if (peerEnded && stream.isOpen() && !next.eofReceived()) {
            stream.loseConnection();
        }
    }

    // ---------------------------------------------------------------- failing

    private void refuse(int status, String why) {
        LOG.log(System.Logger.Level.DEBUG, () -> "refusing HTTP/2 request with " + status + ": " + why);
        failed = true;
        cancelBodyTimer();
        if (request.isHeadSent()) {
            request.abandon(new HttpError(status, why));
            stream.reset(ErrorCode.INTERNAL_ERROR);
            return;
        }
        request.abandon(new HttpError(status, why));
        Http2Responses.sendError(stream, config, status);
    }

    private void renderFailed(Throwable t) {
        LOG.log(System.Logger.Level.ERROR, "resource failed to render " + request, t);
        if (request.isFinished()) {
            return;
        }
        refuse(HttpStatus.INTERNAL_SERVER_ERROR, "resource failed: " + t);
    }

    private void bodyTimerFired() {
        bodyTimer = null;
        if (failed || request.isFinished()) {
            return;
        }
        long left = bodyDeadline - now();
        if (left > 0) {
            bodyTimer = stream.scheduler().callLater(Duration.ofNanos(left), this::bodyTimerFired);
            return;
        }
        refuse(HttpStatus.REQUEST_TIMEOUT, "no body bytes for " + config.bodyTimeout());
    }

    private void cancelBodyTimer() {
        if (bodyTimer != null) {
            bodyTimer.cancel();
            bodyTimer = null;
        }
    }

    private long now() {
        return stream.scheduler().nanoTime();
    }
}
