package dev.torsion.web;

import java.nio.ByteBuffer;

/**
 * Takes a request body as it arrives, instead of the site holding it in memory: a resource returns one
 * from {@link Resource#bodyReceiver(Request)}. The body limit is then {@link HttpConfig#maxStreamedBodySize()}.
 *
 * <p><b>Threading.</b> Called on the connection's event loop.
 *
 * <p><b>Lifecycle.</b> {@link #bodyData} is called for each piece of the body, in order; then the resource's
 * {@link Resource#render(Request)} is called once the body is complete. If the connection is lost or the
 * request fails before that, render is never called.
 */
@FunctionalInterface
public interface BodyReceiver {

    /** A piece of the body: the buffer's remaining bytes, valid only during the call (copy what you keep). */
    void bodyData(ByteBuffer data);
}
