package dev.torsion.testing;

import dev.torsion.reactor.ConnectionDone;
import dev.torsion.reactor.ConnectionLost;
import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryTransportTest {

    static class Log implements Protocol {
        final List<String> events = new ArrayList<>();
        Transport transport;
        boolean halfOpen;

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
            events.add("made");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            events.add("data:" + new String(b, StandardCharsets.UTF_8));
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return halfOpen;
        }

        @Override
        public void writabilityChanged(boolean writable) {
            events.add(writable ? "writable" : "unwritable");
        }

        @Override
        public void connectionLost(Throwable reason) {
            events.add("lost:" + reason.getClass().getSimpleName());
        }
    }

    @Test
    void recordsWritesAndDeliversData() {
        Log p = new Log();
        MemoryTransport t = new MemoryTransport().connect(p);
        t.receive("hi");
        p.transport.write("one".getBytes());
        p.transport.write(ByteBuffer.wrap("two".getBytes()), ByteBuffer.wrap("three".getBytes()));
        assertThat(t.writtenText()).isEqualTo("onetwothree");
        assertThat(t.takeWritten()).hasSize(11);
        assertThat(t.written()).isEmpty();
        assertThat(p.events).containsExactly("made", "data:hi");
    }

    @Test
    void pauseHoldsDataUntilResume() {
        Log p = new Log();
        MemoryTransport t = new MemoryTransport().connect(p);
        t.pauseReading();
        t.receive("a");
        t.receive("b");
        assertThat(p.events).containsExactly("made");
        t.resumeReading();
        assertThat(p.events).containsExactly("made", "data:a", "data:b");
    }

    @Test
    void aBlockedSocketQueuesWritesAndDrivesTheWatermarks() {
        Log p = new Log();
        MemoryTransport t = new MemoryTransport().connect(p);
        t.setWatermarks(10, 20);
        t.setSocketBlocked(true);
        p.transport.write(new byte[15]);
        assertThat(t.bufferedAmount()).isEqualTo(15);
        assertThat(t.isWritable()).isTrue();
        p.transport.write(new byte[10]);
        assertThat(t.isWritable()).isFalse();
        assertThat(p.events).containsExactly("made", "unwritable");
        assertThat(t.written()).isEmpty();
        t.setSocketBlocked(false);
        assertThat(t.written()).hasSize(25);
        assertThat(t.bufferedAmount()).isZero();
        assertThat(p.events).containsExactly("made", "unwritable", "writable");
    }

    @Test
    void loseConnectionWaitsForTheQueueThenReportsConnectionDone() {
        Log p = new Log();
        MemoryTransport t = new MemoryTransport().connect(p);
        t.setSocketBlocked(true);
        p.transport.write("last words".getBytes());
        p.transport.loseConnection();
        assertThat(t.isDisconnecting()).isTrue();
        assertThat(t.isLost()).isFalse();
        t.setSocketBlocked(false);
        assertThat(t.writtenText()).isEqualTo("last words");
        assertThat(t.lostReason()).isInstanceOf(ConnectionDone.class);
        assertThat(p.events).endsWith("lost:ConnectionDone");
    }

    @Test
    void eofLosesTheConnectionUnlessTheProtocolStaysHalfOpen() {
        Log closing = new Log();
        MemoryTransport a = new MemoryTransport().connect(closing);
        a.receiveEof();
        assertThat(closing.events).containsExactly("made", "eof", "lost:ConnectionDone");

        Log halfOpen = new Log();
        halfOpen.halfOpen = true;
        MemoryTransport b = new MemoryTransport().connect(halfOpen);
        b.receiveEof();
        assertThat(b.isOpen()).isTrue();
        halfOpen.transport.write("reply".getBytes());
        assertThat(b.writtenText()).isEqualTo("reply");
    }

    @Test
    void abortDiscardsTheQueueAndConnectionLostIsCalledOnce() {
        Log p = new Log();
        MemoryTransport t = new MemoryTransport().connect(p);
        t.setSocketBlocked(true);
        p.transport.write(new byte[100]);
        p.transport.abortConnection();
        p.transport.abortConnection();
        t.simulateConnectionLost(new ConnectionLost("again"));
        assertThat(t.isAborted()).isTrue();
        assertThat(t.bufferedAmount()).isZero();
        assertThat(p.events).containsExactly("made", "lost:ConnectionLost");
    }
}
