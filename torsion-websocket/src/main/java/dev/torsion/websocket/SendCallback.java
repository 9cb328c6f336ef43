package dev.torsion.websocket;

/**
 * The fate of one send, for the {@code send...(..., SendCallback)} overloads of {@link WebSocketSession} and
 * {@link MessageStream}: called exactly once, with {@code null} when the message's bytes were handed to the
 * operating system, or with the reason it was not sent.
 *
 * <table>
 *   <caption>Where each outcome goes</caption>
 *   <tr><th>what happened</th><th>{@code failure}</th><th>when</th></tr>
 *   <tr><td>the frame's bytes were handed to the operating system (TCP) or, over TLS, the records that carry
 *       them</td><td>null</td><td>on the loop, after the callback that sent it (the socket took it) or as
 *       the peer reads</td></tr>
 *   <tr><td>the session no longer sends: {@code close()} was called, the peer's close frame arrived, the
 *       connection or its event loop is gone</td><td>{@link WebSocketClosedException}</td><td>at once, in the
 *       calling thread</td></tr>
 *   <tr><td>the send queue holds {@link WebSocketConfig#maxSendQueueBytes()} or more, under any
 *       {@link OverflowPolicy} (dropped and counted for {@code DROP}; the connection failed with 1008 or 1013
 *       for the {@code CLOSE_*} policies)</td><td>{@link SendQueueFullException}</td><td>at once, in the
 *       calling thread</td></tr>
 *   <tr><td>accepted, but the connection ended before the bytes left (the peer vanished, an abort, a close
 *       frame from the peer that overtook a send from another thread)</td><td>{@link WebSocketClosedException}
 *       saying so</td><td>on the loop, before {@link WebSocketHandler#onClose}</td></tr>
 * </table>
 *
 * Programming errors still throw from the send itself: a send while a {@link MessageStream} is open, before
 * the connection is made, or with an invalid argument.
 *
 * <p>A send without a callback is the same send with nowhere to report: it returns false where the callback
 * would get a {@code WebSocketClosedException} or a dropped message's {@code SendQueueFullException}, and throws
 * {@code SendQueueFullException} under {@link OverflowPolicy#FAIL_SEND}. So the overloads cost nothing when
 * unused: an echo that sends without a callback allocates nothing for it, and a shared callback (a constant, a
 * non-capturing lambda) allocates nothing either.
 *
 * <p><b>Threading.</b> Called on the session's event loop, except for a send refused at the call, which is
 * reported in the calling thread before the send returns. It must not block. An exception it throws is logged
 * and ignored.
 *
 * @see SendFuture for the same outcome as a {@code CompletableFuture}
 */
@FunctionalInterface
public interface SendCallback {

    /** The send's outcome: {@code null} when its bytes were handed to the operating system, else why not. */
    void completed(Throwable failure);
}
