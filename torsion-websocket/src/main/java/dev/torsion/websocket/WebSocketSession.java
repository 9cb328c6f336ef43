package dev.torsion.websocket;

import dev.torsion.http.HttpHeaders;
import dev.torsion.reactor.Scheduler;

import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One open WebSocket connection as the application sees it: send messages, ping, close, and read what the
 * opening handshake decided.
 *
 * <p><b>Threading.</b> Every method may be called from any thread. A call made on the connection's event loop
 * takes effect at once; a call from another thread hops onto the loop and takes effect in the order that
 * thread made its calls. So messages sent before {@link #close} reach the peer before the close frame.
 *
 * <p><b>Send queue.</b> A session's sends are bounded ({@link WebSocketConfig#maxSendQueueBytes()}): the bytes
 * the transport has not written yet plus those still hopping onto the loop ({@link #bufferedAmount()}). A
 * message (or stream piece) is accepted while less than the bound is queued, whatever its size; one sent when
 * the bound is reached is handled by the {@link WebSocketConfig#overflowPolicy()}: failed with
 * {@link SendQueueFullException}, dropped (counted in {@link #droppedMessages()}), or the connection is failed
 * with 1008 or 1013. So the queue holds at most the bound plus one message, and a message the peer may
 * legally send (at most the bound) can be echoed whatever control frames (pongs) or leftovers of earlier
 * echoes are queued, as long as the queue is below the bound. Control frames (pings, pongs, close) are never
 * refused: they are small, and a peer's pings produce pongs only as fast as it is read, and reading pauses
 * while the transport is over its high watermark. A send returns true when the message was accepted, false
 * when it was dropped or the session no longer sends (closing or closed).
 *
 * <p><b>Buffers.</b> On the connection's event loop, {@code sendBinary(ByteBuffer)} (and a stream's
 * {@code write}) copies the buffer's remaining bytes straight into the transport's output before it returns,
 * without changing the buffer: it is free again at once, so a handler may send the view it was given (see
 * {@link WebSocketHandler}). From another thread the session keeps the buffer until the loop sends it: do
 * not change it afterwards. {@code sendBinary(byte[])} copies the array first, on any thread.
 *
 * <p><b>Lifecycle.</b> Usable from {@link WebSocketHandler#onOpen} until {@link WebSocketHandler#onClose};
 * after {@link #close} or once the connection closes, sends return false.
 */
public interface WebSocketSession {

    /** Sends a text message. */
    boolean sendText(String text);

    /** Sends a binary message carrying a copy of {@code data}. */
    boolean sendBinary(byte[] data);

    /** Sends a binary message carrying the buffer's remaining bytes (see the class documentation on buffers). */
    boolean sendBinary(ByteBuffer data);

    /** Sends a message framed once for many sessions (broadcast). */
    boolean sendPrepared(PreparedMessage message);

    /**
     * Sends a text message and gives its fate to {@code callback}: null once its frame was handed to the
     * operating system, otherwise why not (see {@link SendCallback} for which failure comes when). Never throws
     * for a closed session or a full send queue; throws for a programming error (a stream open, not yet
     * connected).
     */
    void sendText(String text, SendCallback callback);

    /** As {@link #sendText(String, SendCallback)}, for a binary message carrying a copy of {@code data}. */
    void sendBinary(byte[] data, SendCallback callback);

    /** As {@link #sendText(String, SendCallback)}, for a binary message of the buffer's remaining bytes. */
    void sendBinary(ByteBuffer data, SendCallback callback);

    /** As {@link #sendText(String, SendCallback)}, for a prepared message. */
    void sendPrepared(PreparedMessage message, SendCallback callback);

    /** Starts a fragmented text message. */
    MessageStream startText();

    /** Starts a fragmented binary message. */
    MessageStream startBinary();

    /**
     * Receiving in pieces ({@link WebSocketConfig#receiveInPieces()}): lets {@code n} more pieces come
     * ({@code Long.MAX_VALUE}: every piece as it arrives). Demand starts at one piece; each piece given to
     * {@link WebSocketHandler#onTextPiece}/{@link WebSocketHandler#onBinaryPiece} uses one. While it is zero the
     * session reads nothing more (TCP pushes back on the peer; at most the rest of one read waits in memory), so a
     * handler that writes each piece somewhere slow asks for the next when done, and a 50 MiB upload needs no
     * 50 MiB buffer. (A pong or close frame behind the data is read only when there is demand again.) Once this
     * end has called {@code close()}, the demand is unbounded: pieces keep coming until the peer's close frame,
     * which must be read. Without pieces it does nothing. Any thread.
     */
    void request(long n);

    /** Sends a ping whose pong will measure the round-trip time ({@link #lastRoundTripTime()}). */
    boolean ping();

    /** Sends a ping with an application payload of at most 125 bytes. */
    boolean ping(ByteBuffer payload);

    /**
     * Starts the closing handshake with 1000 (normal closure). Calling close again does nothing. Returns
     * {@link #closeFuture()}.
     */
    CompletionStage<CloseStatus> close();

    /**
     * Starts the closing handshake with {@code code} and {@code reason} (at most 123 bytes of UTF-8).
     * Throws {@link IllegalArgumentException} for a code that may not be sent (1005, 1006, 1015) or a reason
     * that is too long. Calling close again does nothing. Returns {@link #closeFuture()}.
     */
    CompletionStage<CloseStatus> close(CloseCode code, String reason);

    /**
     * Completes when the session is done: as soon as the closing handshake is done (both close frames
     * exchanged, and this end's handed to the operating system), with the peer's code and {@code clean} true,
     * even while a client still waits for the server to close TCP; otherwise when the connection is gone, with
     * the same status {@link WebSocketHandler#onClose} gets (1006 and {@code clean} false for a connection that
     * ended without a closing handshake, the code of a failure). It never completes exceptionally. So a program
     * that closes its client's reactor right after {@code session.close().toCompletableFuture().join()} reports
     * the 1000 the server saw, not a local 1006.
     *
     * <p>The same stage on every call; its dependents run on the session's event loop (or in the calling thread
     * when already complete).
     */
    CompletionStage<CloseStatus> closeFuture();

    /** True while messages can be sent: open, and close not called. */
    boolean isOpen();

    /** The subprotocol the handshake agreed on, or null when none. */
    String subprotocol();

    /**
     * The headers of the opening handshake request (names case-insensitive); read-only. Available until
     * {@link WebSocketHandler#onOpen} returns; after that only with
     * {@link WebSocketConfig#withKeepRequestHeaders WebSocketConfig.withKeepRequestHeaders(true)} (an idle
     * connection holds no headers otherwise), and {@link IllegalStateException} says so.
     */
    HttpHeaders requestHeaders();

    /**
     * The HTTP version whose handshake opened this connection, which carries it: {@code "HTTP/1.1"} for an
     * RFC 6455 upgrade (the connection is the TCP or TLS connection), {@code "HTTP/2"} for an extended CONNECT
     * (RFC 8441: the connection is one stream of an HTTP/2 connection, which it may share with other streams).
     */
    default String httpVersion() {
        return "HTTP/1.1";
    }

    /**
     * The headers of the opening handshake's {@code 101} response: for a client, what the server answered
     * (cookies, the chosen subprotocol and extensions, the server's own headers); for a server, what it sent.
     * Read-only. A client keeps them for the whole session (its code reads them once {@code connect} completed);
     * a server keeps them after {@link WebSocketHandler#onOpen} returns by the same rule as
     * {@link #requestHeaders()}.
     */
    HttpHeaders responseHeaders();

    /**
     * The URI of the opening request: for a server, its request target as a relative URI ({@code /chat?room=1}:
     * {@code getPath()} gives the decoded path, {@code getRawQuery()} the query); for a client, the
     * {@code ws://} or {@code wss://} URI it connected to. Available for the whole session (characters that a
     * {@code URI} does not allow are percent-encoded).
     */
    URI requestUri();

    /** The peer's address. */
    SocketAddress remoteAddress();

    /** Bytes accepted for sending and not yet handed to the operating system. */
    long bufferedAmount();

    /** False while the transport's write queue is above its high watermark (see {@link WebSocketHandler#onDrain}). */
    boolean isWritable();

    /** Messages dropped by {@link OverflowPolicy#DROP}. */
    long droppedMessages();

    /** The round-trip time measured by the last answered ping, if any. */
    Optional<Duration> lastRoundTripTime();

    /**
     * The event loop this session lives on (its transport's scheduler), or null before the connection is made.
     * Code that sends to many sessions can group them by loop and hop once per loop instead of once per session:
     * a send made on this scheduler's thread takes effect at once.
     */
    Scheduler scheduler();

    /**
     * Runs {@code listener} once the connection is gone: on the session's event loop, right after
     * {@link WebSocketHandler#onClose}; at once, in the calling thread, if the connection is already gone. Meant
     * for layers built on sessions that keep per-session state (topics drop a closed session's subscriptions
     * here). A listener that throws is logged and the others still run.
     */
    void addCloseListener(Runnable listener);
}
