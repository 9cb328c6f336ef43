package dev.torsion.web;

import dev.torsion.http.HttpHeaders;
import dev.torsion.http.HttpStatus;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Scheduler;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP request and its response, as twisted.web's {@code Request}: what the client asked (method, path,
 * query arguments, headers, body, address) and how the resource answers (status, headers, streamed body,
 * finish, or a switch to another protocol).
 *
 * <p><b>Path.</b> {@link #path()} is the raw path as sent. {@link #prepath()} and {@link #postpath()} are its
 * decoded segments, with {@code .} and {@code ..} resolved: those traversal consumed, and those left. An
 * encoded slash ({@code %2F}) stays inside its segment.
 *
 * <p><b>Response.</b> Set the status and headers, then {@link #write} the body in as many pieces as needed
 * and {@link #finish()}. The head goes out with the first write: with {@code Content-Length} if the resource
 * set it, chunked otherwise (HTTP/1.1). {@link #finish(byte[])} answers with a whole body of known length.
 * {@code Date} and {@code Server} are added unless set.
 *
 * <p><b>Conditional requests.</b> A 2xx answer to GET or HEAD that carries an {@code ETag} or
 * {@code Last-Modified} is checked against the request's conditional fields just before its head goes out,
 * and becomes a 304 or a 412 when they say so (RFC 9110 section 13, {@link Preconditions}); a resource that
 * wants to check first, or must (an unsafe method), calls {@link #checkPreconditions}.
 *
 * <p><b>Threading.</b> The request's data may be read from any thread once rendering has begun (prepath and
 * postpath are plain lists that traversal changes: do not change them from several threads). Every
 * response method may be called from any thread: called off the connection's loop it hops onto the loop
 * and takes effect there, in the order the calling thread made its calls; the exceptions such a call would
 * throw are then logged instead.
 *
 * <p><b>Lifecycle.</b> Made when the request's head arrives; rendered once its body is complete; done when
 * {@link #finish()} or {@link #switchProtocols} has run, or when the connection is lost. Calls to response
 * methods after that are ignored. {@link #notifyFinish()} tells which of the two happened.
 */
public final class Request {

    private static final System.Logger LOG = System.getLogger("dev.torsion.web");
    private static final byte[] NO_BODY = new byte[0];
    private static final byte[] PRECONDITION_FAILED_TEXT =
            "Precondition Failed\n".getBytes(StandardCharsets.US_ASCII);

    private final RequestChannel channel;
    private final RequestHead head;
    private final RequestTarget target;
    private final ArrayList<String> prepath = new ArrayList<>(4);
    private final ArrayList<String> postpath;
    private final ResponseWriter response;
    private byte[] body = NO_BODY;
    private int bodyLength;
    private HttpHeaders trailers;
    private boolean done;
    private Producer producer;
    private CompletableFuture<Void> finishFuture;
    /** True once the conditional fields were evaluated (by the resource, or before the head went out). */
    private boolean preconditionsChecked;

    Request(RequestChannel channel, RequestHead head, RequestTarget target) {
        this.channel = channel;
        this.head = head;
        this.target = target;
        this.postpath = new ArrayList<>(target.segments);
        this.response = new ResponseWriter(channel.transport(), channel.config(), head);
        if (head.contentLength() > 0) {
            body = new byte[(int) Math.min(head.contentLength(), 64 * 1024)];
        }
    }

    // ---------------------------------------------------------------- the request

    /** The method, e.g. "GET". */
    public String method() {
        return head.method();
    }

    /** The request target as sent, e.g. "/a%20b?x=1". */
    public String uri() {
        return head.target();
    }

    /** The raw (not decoded) path of the target, without the query: "/a%20b". */
    public String path() {
        return target.path;
    }

    /** The raw query string after '?', or null if there was none. */
    public String queryString() {
        return target.query;
    }

    /** "HTTP/1.1", "HTTP/1.0" or "HTTP/2": the protocol the request came over. */
    public String version() {
        return head.version();
    }

    /** True if the request came over HTTP/2 (by ALPN over TLS, or with prior knowledge on plain TCP). */
    public boolean isHttp2() {
        return head.isHttp2();
    }

    /**
     * The protocol an extended CONNECT asks for (RFC 8441: {@code :method} CONNECT with {@code :protocol}, over
     * HTTP/2), e.g. {@code "websocket"}; null for every other request. A resource that speaks it answers with
     * {@link #switchProtocols}, which over HTTP/2 is a 200 and hands the stream over.
     */
    public String connectProtocol() {
        return head.connectProtocol();
    }

    /** Decoded path segments consumed by traversal so far (twisted's prepath). A mutable list. */
    public List<String> prepath() {
        return prepath;
    }

    /** Decoded path segments not yet consumed (twisted's postpath); "/" alone gives [""]. A mutable list. */
    public List<String> postpath() {
        return postpath;
    }

    /** Decoded query arguments, each name with its values in order ('+' decoded as a space). */
    public Map<String, List<String>> args() {
        return target.args;
    }

    /** The first value of query argument {@code name}, or null. */
    public String getArg(String name) {
        List<String> values = target.args.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The request's header fields. */
    public HttpHeaders requestHeaders() {
        return head.headers();
    }

    /** The first value of request header {@code name}, or null. */
    public String getHeader(String name) {
        return head.headers().get(name);
    }

    /**
     * The whole request body (empty if none, or if a {@link BodyReceiver} took it). The array is the
     * request's own: do not change it.
     */
    public byte[] body() {
        if (body.length != bodyLength) {
            body = Arrays.copyOf(body, bodyLength);
        }
        return body;
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    /** The trailer fields of a chunked body (empty if none). */
    public HttpHeaders trailers() {
        return trailers != null ? trailers : new HttpHeaders();
    }

    /** The client's address. */
    public SocketAddress remoteAddress() {
        return channel.transport().remoteAddress();
    }

    /**
     * The TLS session of this request's connection (its protocol, cipher suite, and the client's certificates
     * when the server asked for them), or null for plain HTTP.
     */
    public javax.net.ssl.SSLSession sslSession() {
        return channel.transport().sslSession();
    }

    /** True when the request came over TLS ({@code https}, {@code wss}). */
    public boolean isSecure() {
        return sslSession() != null;
    }

    /** The server's address for this connection. */
    public SocketAddress localAddress() {
        return channel.transport().localAddress();
    }

    /** The event loop of this request's connection: for timers and for hopping onto the loop. */
    public Scheduler scheduler() {
        return channel.transport().scheduler();
    }

    // ---------------------------------------------------------------- the response

    /** Sets the response status (200 to 599; a 101 is made by {@link #switchProtocols}). Before the first write. */
    public void setResponseCode(int code) {
        setResponseCode(code, null);
    }

    /** Sets the response status and its reason phrase (null for the standard one). Before the first write. */
    public void setResponseCode(int code, String reason) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("setResponseCode: status must be 200..599, got " + code);
        }
        onLoop(() -> {
            if (done) {
                return;
            }
            requireHeadNotSent("setResponseCode");
            response.code = code;
            response.reason = reason;
        });
    }

    /** The response status set so far (200 unless changed). */
    public int responseCode() {
        return response.code;
    }

    /**
     * The response's header fields, to change before the first write. Changing them directly is for the
     * connection's loop (a render method); from another thread use {@link #setHeader}/{@link #addHeader}.
     */
    public HttpHeaders responseHeaders() {
        return response.headers;
    }

    /** Sets response header {@code name} to {@code value}, replacing earlier values. Before the first write. */
    public void setHeader(String name, String value) {
        onLoop(() -> {
            if (done) {
                return;
            }
            requireHeadNotSent("setHeader");
            response.headers.set(name, value);
        });
    }

    /** Adds a response header line. Before the first write. */
    public void addHeader(String name, String value) {
        onLoop(() -> {
            if (done) {
                return;
            }
            requireHeadNotSent("addHeader");
            response.headers.add(name, value);
        });
    }

    /** Writes a copy of {@code data} as part of the body (sending the head first if needed). */
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data.clone()));
    }

    /** Writes the buffer's remaining bytes as part of the body; the request owns the buffer from now on. */
    public void write(ByteBuffer data) {
        onLoop(() -> {
            if (done) {
                return;
            }
            beforeHead();
            response.write(data);
        });
    }

    /**
     * True if {@link #sendFile} can send file bytes without copying them through the heap on this connection
     * (plain TCP; not TLS).
     */
    public boolean supportsSendFile() {
        return channel.transport().supportsSendFile();
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position} as body bytes with zero copy (see
     * {@link dev.torsion.reactor.Transport#sendFile}); the response must have a known length (a
     * {@code Content-Length} header). Call on the connection's loop. The future completes when the bytes were
     * handed to the operating system; the caller then finishes the request and closes the file.
     */
    public java.util.concurrent.CompletableFuture<Void> sendFile(java.nio.channels.FileChannel file, long position,
                                                                 long count) {
        if (done) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new IllegalStateException("sendFile: the response is already finished"));
        }
        beforeHead();
        return response.sendFile(file, position, count);
    }

    /** Ends the response. A response finished before any write gets {@code Content-Length: 0}. */
    public void finish() {
        onLoop(this::finishOnLoop);
    }

    /** Writes {@code data} as the whole body, with its {@code Content-Length}, and ends the response. */
    public void finish(byte[] data) {
        byte[] copy = data.clone();
        onLoop(() -> {
            if (done) {
                return;
            }
            beforeHead();
            if (!response.headSent()) {
                response.writeHead(copy.length);
            }
            response.write(ByteBuffer.wrap(copy));
            finishOnLoop();
        });
    }

    /** True once the response is finished, switched, or abandoned because the connection is gone. */
    public boolean isFinished() {
        return done;
    }

    /** True once the response's head has been written. */
    public boolean isHeadSent() {
        return response.headSent();
    }

    /** True while the connection can take more bytes without queueing past its high watermark. */
    public boolean isWritable() {
        return channel.transport().isWritable();
    }

    /**
     * A future completed when the response is finished (or switched), or completed exceptionally with the
     * reason when the connection is lost first. Callable from any thread.
     */
    public synchronized CompletableFuture<Void> notifyFinish() {
        if (finishFuture == null) {
            finishFuture = new CompletableFuture<>();
        }
        return finishFuture;
    }

    /**
     * Registers the producer that writes this response's body under flow control (see {@link Producer}); its
     * {@code resumeProducing} is called at once if the connection is writable.
     */
    public void registerProducer(Producer producer) {
        onLoop(() -> {
            if (this.producer != null) {
                throw new IllegalStateException("registerProducer: a producer is already registered");
            }
            if (done) {
                producer.stopProducing();
                return;
            }
            this.producer = producer;
            if (channel.transport().isWritable()) {
                producer.resumeProducing();
            }
        });
    }

    /** Unregisters the producer (it will get no more calls). */
    public void unregisterProducer() {
        onLoop(() -> producer = null);
    }

    /**
     * Evaluates the request's conditional fields against the current representation (RFC 9110 section 13.2.2,
     * see {@link Preconditions}) and, when they fail, answers in the resource's place: 304 Not Modified (GET
     * and HEAD; with the representation's {@code ETag} and {@code Last-Modified}, and the other headers set
     * so far that a 304 keeps) or 412 Precondition Failed. Returns true if it answered: the resource then does
     * nothing more. Call it before acting on an unsafe method ({@code PUT} with {@code If-Match}), and only
     * when the answer would otherwise be 2xx. Once called, the response path does not evaluate again.
     */
    public boolean checkPreconditions(Preconditions representation) {
        Preconditions.Outcome outcome = representation.evaluate(method(), requestHeaders());
        onLoop(() -> {
            preconditionsChecked = true;
            if (done || outcome == Preconditions.Outcome.PROCEED) {
                return;
            }
            requireHeadNotSent("checkPreconditions");
            if (outcome == Preconditions.Outcome.NOT_MODIFIED) {
                response.code = HttpStatus.NOT_MODIFIED;
                response.reason = null;
                representation.addValidators(response.headers);
                Preconditions.toNotModified(response.headers);
                finishOnLoop();
            } else {
                failPrecondition();
                finishOnLoop();
            }
        });
        return outcome != Preconditions.Outcome.PROCEED;
    }

    /**
     * Evaluates the conditional fields once, just before the head goes out, for a 2xx answer to GET or HEAD
     * that carries an ETag or Last-Modified the resource did not check itself (see
     * {@link Preconditions#forResponse}): a 304 replaces it, or a 412.
     */
    private void beforeHead() {
        if (preconditionsChecked || response.headSent()) {
            return;
        }
        preconditionsChecked = true;
        Preconditions.Outcome outcome =
                Preconditions.forResponse(method(), requestHeaders(), response.code, response.headers);
        if (outcome == Preconditions.Outcome.NOT_MODIFIED) {
            response.code = HttpStatus.NOT_MODIFIED;
            response.reason = null;
            Preconditions.toNotModified(response.headers);
        } else if (outcome == Preconditions.Outcome.PRECONDITION_FAILED) {
            failPrecondition();
        }
    }

    private void failPrecondition() {
        response.code = HttpStatus.PRECONDITION_FAILED;
        response.reason = null;
        Preconditions.toPreconditionFailed(response.headers);
        response.headers.set("Content-Type", "text/plain; charset=utf-8");
        response.replaceBody(PRECONDITION_FAILED_TEXT);
    }

    /**
     * Answers {@code 101 Switching Protocols} and hands the connection to {@code next}; or, for an extended
     * CONNECT over HTTP/2 ({@link #connectProtocol()} not null, RFC 8441), answers {@code 200} and hands the
     * stream over (a tunnel: the stream's DATA frames are {@code next}'s bytes, its END_STREAM the close). A
     * switch on any other HTTP/2 request resets its stream with HTTP_1_1_REQUIRED (HTTP/2 has no 101).
     *
     * <p>The 101 (or 200) response carries exactly the headers set on this response (Upgrade, Connection,
     * Sec-WebSocket-Accept...; over HTTP/2 without the connection-specific ones). Then
     * {@code next.connectionMade(transport)} is called, then
     * {@code next.dataReceived} with every byte that arrived after this request's end, including bytes that
     * came in the same read as the request, and from then on every callback of the connection
     * (dataReceived, eofReceived, writabilityChanged, connectionLost) goes to {@code next}. No HTTP timeout
     * remains active. Must be called before the response head is written. If the connection is already gone
     * when the switch runs, {@code next} is never called.
     */
    public void switchProtocols(Protocol next) {
        if (next == null) {
            throw new IllegalArgumentException("switchProtocols needs a protocol, got null");
        }
        onLoop(() -> {
            if (done) {
                return;
            }
            requireHeadNotSent("switchProtocols");
            byte[] head101 = response.switchingProtocolsHead();
            markDone(null);
            channel.switchProtocols(this, head101, next);
        });
    }

    // ---------------------------------------------------------------- for the connection

    ResponseWriter response() {
        return response;
    }

    RequestHead head() {
        return head;
    }

    Producer producer() {
        return producer;
    }

    void appendBody(ByteBuffer data) {
        int n = data.remaining();
        if (bodyLength + n > body.length) {
            body = Arrays.copyOf(body, Math.max(bodyLength + n, Math.min(body.length * 2 + 1024, Integer.MAX_VALUE - 8)));
        }
        data.get(body, bodyLength, n);
        bodyLength += n;
    }

    void setTrailers(HttpHeaders trailers) {
        this.trailers = trailers.isEmpty() ? null : trailers;
    }

    /** Ends the request without a normal finish: the connection failed it or is gone. */
    void abandon(Throwable reason) {
        if (!done) {
            markDone(reason);
        }
    }

    private void finishOnLoop() {
        if (done) {
            return;
        }
        beforeHead();
        boolean complete = response.finish();
        markDone(null);
        channel.responseFinished(this, complete);
    }

    private void markDone(Throwable failure) {
        done = true;
        Producer p = producer;
        producer = null;
        if (failure != null && p != null) {
            p.stopProducing();
        }
        CompletableFuture<Void> future;
        synchronized (this) {
            future = finishFuture;
            if (future == null && failure == null) {
                finishFuture = CompletableFuture.completedFuture(null);
            } else if (future == null) {
                finishFuture = CompletableFuture.failedFuture(failure);
            }
        }
        if (future != null) {
            if (failure == null) {
                future.complete(null);
            } else {
                future.completeExceptionally(failure);
            }
        }
    }

    private void requireHeadNotSent(String call) {
        if (response.headSent()) {
            throw new IllegalStateException(call + ": the response head was already sent");
        }
    }

    private void onLoop(Runnable action) {
        Scheduler loop = channel.transport().scheduler();
        if (loop.inEventLoop()) {
            action.run();
            return;
        }
        loop.execute(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "response call from another thread failed for "
                        + method() + " " + path(), e);
            }
        });
    }

    @Override
    public String toString() {
        return method() + " " + uri() + " " + version();
    }
}
