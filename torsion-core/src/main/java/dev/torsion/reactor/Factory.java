package dev.torsion.reactor;

import java.net.SocketAddress;

/**
 * Builds one {@link Protocol} per connection, as Twisted's {@code Factory.buildProtocol} does.
 *
 * <p><b>Threading.</b> Called on the event loop that will own the connection; several loops may call one
 * factory at once, so a factory that keeps shared state must make it thread-safe.
 *
 * <p>Returning {@code null} refuses the connection: it is closed at once.
 */
@FunctionalInterface
public interface Factory {

    /** Returns the protocol for a new connection with the peer at {@code remoteAddress}, or null to refuse it. */
    Protocol buildProtocol(SocketAddress remoteAddress);
}
