package dev.torsion.reactor;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** Test protocol: writes back every byte it receives (a copy: the read buffer is the loop's). */
class Echo implements Protocol {
    Transport transport;
    final CompletableFuture<Throwable> lost = new CompletableFuture<>();

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        transport.write(copy);
    }

    @Override
    public void connectionLost(Throwable reason) {
        lost.complete(reason);
    }
}
