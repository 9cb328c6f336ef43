package dev.torsion.web.http2;

import dev.torsion.reactor.Protocol;

/**
 * A {@link Protocol} for one HTTP/2 stream that also wants the header sections that come after the one that
 * opened it. Any protocol can run on a stream ({@link Http2Stream} is its transport); this interface adds:
 * on a server, the request's trailers; on a client, the responses (informational ones, the final one) and
 * the trailers.
 *
 * <p>The stream's callbacks map onto the protocol's: {@code connectionMade(stream)} once the handler is
 * attached; {@code dataReceived} for each DATA frame's data; {@code eofReceived} for END_STREAM (return true
 * to keep sending, false to end this side too); {@code writabilityChanged} when the stream's queued data
 * crosses its watermarks; {@code shutdownRequested} when the connection starts a graceful shutdown;
 * {@code connectionLost} once the stream is closed, with a {@link StreamResetException} if it was reset.
 *
 * <p><b>Threading.</b> Every callback runs on the connection's event loop.
 */
public interface Http2StreamHandler extends Protocol {

    /**
     * A header section after the first: trailers (then {@code endStream} is true) or, on a client, a
     * response. Called before the {@code eofReceived} that END_STREAM brings.
     */
    default void headersReceived(Http2Headers headers, boolean endStream) {
    }
}
