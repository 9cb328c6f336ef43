package dev.torsion.web;

/**
 * Something that writes a response body piece by piece and follows the connection's flow control
 * (Twisted's push producer): registered with {@link Request#registerProducer}, it is told to pause when the
 * transport's buffer rises above its high watermark, to resume when it drains, and to stop when the
 * connection is lost.
 *
 * <p><b>Threading.</b> Every method is called on the connection's event loop.
 *
 * <p><b>Lifecycle.</b> {@link #resumeProducing()} is called once at registration (if the connection is
 * writable), then after each pause. A producer unregisters itself ({@link Request#unregisterProducer()})
 * when done, before or when it finishes the request. {@link #stopProducing()} is called at most once, if the
 * connection goes away while it is registered.
 */
public interface Producer {

    /** Write more: the connection can take it. Keep writing until {@link Request#isWritable()} turns false. */
    void resumeProducing();

    /** Stop writing until {@link #resumeProducing()}: the connection's buffer is full. */
    void pauseProducing();

    /** The connection is gone: release resources; writing is no longer possible. */
    void stopProducing();
}
