package dev.torsion.web;

import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;

/**
 * What a {@link Request} needs from the protocol that carries it: an HTTP/1.1 connection
 * ({@link HttpChannel}) or an HTTP/2 stream ({@link Http2Exchange}), so that one Request serves both.
 *
 * <p><b>Threading.</b> Every method is called on the connection's event loop.
 */
interface RequestChannel {

    /** The transport the response goes out on: the TCP or TLS connection, or the HTTP/2 stream. */
    Transport transport();

    HttpConfig config();

    /** The response to {@code r} is finished; {@code complete} is false if it ended short of its length. */
    void responseFinished(Request r, boolean complete);

    /** {@code r} answered 101 with {@code head101} and hands the connection to {@code next}. */
    void switchProtocols(Request r, byte[] head101, Protocol next);
}
