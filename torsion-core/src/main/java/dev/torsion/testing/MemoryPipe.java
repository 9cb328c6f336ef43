package dev.torsion.testing;

import dev.torsion.reactor.ConnectionLost;
import dev.torsion.reactor.Protocol;

import java.net.InetSocketAddress;

/**
 * Connects a client protocol to a server protocol in memory and pumps bytes between them (Twisted's
 * {@code iosim.connect}), optionally cut into chunks of a chosen size so that every protocol sees TCP's
 * arbitrary splits.
 *
 * <p>Closing is carried across: when one side's transport is closed in an orderly way, the other side
 * receives what was written before and then an EOF; when one side aborts, the other side's connection is
 * lost with a {@link ConnectionLost} ("connection reset by peer").
 *
 * <p><b>Threading.</b> Not thread-safe: a test drives it from one thread; both transports share one
 * {@link FakeClock}.
 */
public final class MemoryPipe {

    private final FakeClock clock;
    private final MemoryTransport clientTransport;
    private final MemoryTransport serverTransport;
    private final int chunkSize;
    private boolean clientClosedSeen;
    private boolean serverClosedSeen;

    private MemoryPipe(FakeClock clock, int chunkSize) {
        this.clock = clock;
        this.chunkSize = chunkSize;
        InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", 8080);
        InetSocketAddress clientAddress = new InetSocketAddress("127.0.0.1", 50000);
        this.clientTransport = new MemoryTransport(clock, clientAddress, serverAddress);
        this.serverTransport = new MemoryTransport(clock, serverAddress, clientAddress);
    }

    /** Connects the two protocols (server first, then client) and delivers bytes in whole writes. */
    public static MemoryPipe connect(Protocol client, Protocol server) {
        return connect(client, server, Integer.MAX_VALUE, new FakeClock());
    }

    /** Connects the two protocols, delivering bytes in chunks of at most {@code chunkSize}. */
    public static MemoryPipe connect(Protocol client, Protocol server, int chunkSize) {
        return connect(client, server, chunkSize, new FakeClock());
    }

    /** Connects the two protocols on the given clock, delivering bytes in chunks of at most {@code chunkSize}. */
    public static MemoryPipe connect(Protocol client, Protocol server, int chunkSize, FakeClock clock) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be positive, got " + chunkSize);
        }
        MemoryPipe pipe = new MemoryPipe(clock, chunkSize);
        pipe.serverTransport.connect(server);
        pipe.clientTransport.connect(client);
        return pipe;
    }

    /**
     * Moves bytes both ways until neither side has anything left to say, delivering EOFs and resets as the
     * transports close. Returns true if anything moved.
     */
    public boolean pump() {
        boolean any = false;
        boolean moved;
        do {
            clock.runPending();
            moved = transfer(clientTransport, serverTransport) | transfer(serverTransport, clientTransport);
            moved |= carryClose(clientTransport, serverTransport, true) | carryClose(serverTransport, clientTransport, false);
            any |= moved;
        } while (moved);
        return any;
    }

    /** The client side's transport. */
    public MemoryTransport clientTransport() {
        return clientTransport;
    }

    /** The server side's transport. */
    public MemoryTransport serverTransport() {
        return serverTransport;
    }

    /** The clock both sides share. */
    public FakeClock clock() {
        return clock;
    }

    private boolean transfer(MemoryTransport from, MemoryTransport to) {
        byte[] bytes = from.takeWritten();
        if (bytes.length == 0) {
            return false;
        }
        if (!to.isLost()) {
            to.receiveInChunks(bytes, chunkSize);
        }
        return true;
    }

    private boolean carryClose(MemoryTransport closer, MemoryTransport peer, boolean closerIsClient) {
        boolean seen = closerIsClient ? clientClosedSeen : serverClosedSeen;
        if (seen || !closer.isLost() || closer.written().length > 0) {
            return false;
        }
        if (closerIsClient) {
            clientClosedSeen = true;
        } else {
            serverClosedSeen = true;
        }
        if (peer.isLost()) {
            return true;
        }
        if (closer.isAborted() || closer.lostReason() instanceof ConnectionLost) {
            peer.simulateConnectionLost(new ConnectionLost("connection reset by peer"));
        } else {
            peer.receiveEof();
        }
        return true;
    }
}
