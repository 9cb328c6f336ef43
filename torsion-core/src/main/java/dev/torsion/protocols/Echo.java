package dev.torsion.protocols;

import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;

import java.nio.ByteBuffer;

/**
 * Writes back every byte it receives (Twisted's {@code twisted.protocols.wire.Echo}): the smallest useful
 * protocol, behind {@code torsion tcp-echo} and a handy peer in tests. On a graceful shutdown it flushes and
 * closes.
 *
 * <p><b>Threading.</b> Like every protocol, called on its connection's loop. <b>Lifecycle.</b> One per
 * connection.
 */
public class Echo implements Protocol {

    /** The connection; set by {@link #connectionMade}. */
    protected Transport transport;

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
    }

    /**
     * Writes the bytes back: copied once, straight into the transport's output (the read buffer belongs to
     * the event loop and is only valid during this call).
     */
    @Override
    public void dataReceived(ByteBuffer data) {
        ByteBuffer out = transport.claimWrite(data.remaining());
        out.put(data);
        transport.commitWrite(out);
    }

    @Override
    public void shutdownRequested() {
        transport.loseConnection();
    }

    @Override
    public void connectionLost(Throwable reason) {
    }
}
