package dev.torsion.web;

import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A protocol that writes down every callback it gets, and every byte, for switchProtocols tests. */
final class RecordingProtocol implements Protocol {

    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    Transport transport;
    boolean stayHalfOpen;

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        events.add("connectionMade");
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        received.write(b, 0, b.length);
        if (events.isEmpty() || !events.get(events.size() - 1).equals("data")) {
            events.add("data");
        }
    }

    @Override
    public boolean eofReceived() {
        events.add("eof");
        return stayHalfOpen;
    }

    @Override
    public void writabilityChanged(boolean writable) {
        events.add("writable=" + writable);
    }

    @Override
    public void connectionLost(Throwable reason) {
        events.add("lost");
    }

    String receivedText() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }
}
