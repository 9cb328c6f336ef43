package dev.torsion.web.http2;

import dev.torsion.reactor.Protocol;
import dev.torsion.reactor.Transport;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A server-side {@link Http2Connection} on a {@link MemoryTransport} and a {@link FakeClock}: tests send
 * frames and read back what the server wrote. Every stream the peer opens gets a {@link Recorder}; by default
 * it answers nothing (the test drives it), or {@link #answerWith} sets what each new stream does.
 */
final class ServerHarness {

    final FakeClock clock = new FakeClock();
    final MemoryTransport transport = new MemoryTransport(clock);
    final Http2Connection connection;
    final List<Recorder> streams = new ArrayList<>();
    final Wire.Reader reader = new Wire.Reader();
    private Consumer<Recorder> onOpen = r -> { };

    ServerHarness() {
        this(Http2Config.defaults());
    }

    ServerHarness(Http2Config config) {
        connection = new Http2Connection(Http2Connection.Role.SERVER, config, (stream, headers, endStream) -> {
            Recorder r = new Recorder(headers);
            streams.add(r);
            return r;
        });
        transport.connect(connection);
    }

    /** What each newly opened stream does once attached (e.g. answer at once). */
    ServerHarness answerWith(Consumer<Recorder> action) {
        onOpen = action;
        return this;
    }

    /** Sends the preface and an empty SETTINGS, acknowledges the server's, and clears the output. */
    ServerHarness handshake() {
        send(Wire.wire().preface().settings().settingsAck().bytes());
        frames();
        return this;
    }

    void send(byte[] bytes) {
        transport.receive(bytes);
    }

    void send(Wire wire) {
        send(wire.bytes());
    }

    /** The frames written since the last call. */
    List<Wire.Frame> frames() {
        clock.runPending();
        return reader.read(transport.takeWritten());
    }

    /** The one frame of {@code type} written since the last call, failing if there is not exactly one. */
    Wire.Frame only(int type) {
        List<Wire.Frame> of = frames().stream().filter(f -> f.type() == type).toList();
        if (of.size() != 1) {
            throw new AssertionError("expected one " + FrameType.name(type) + " frame, got " + of);
        }
        return of.get(0);
    }

    Recorder stream(int index) {
        return streams.get(index);
    }

    /** A stream handler that writes down what happens to it. */
    final class Recorder implements Http2StreamHandler {
        final Http2Headers requestHeaders;
        final List<String> events = new ArrayList<>();
        final StringBuilder body = new StringBuilder();
        Http2Stream stream;
        Throwable lost;
        Http2Headers trailers;
        boolean keepWritingOnEof = true;

        Recorder(Http2Headers headers) {
            this.requestHeaders = headers;
        }

        @Override
        public void connectionMade(Transport transport) {
            stream = (Http2Stream) transport;
            events.add("made");
            onOpen.accept(this);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            body.append(new String(b, StandardCharsets.ISO_8859_1));
            events.add("data " + b.length);
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return keepWritingOnEof;
        }

        @Override
        public void headersReceived(Http2Headers headers, boolean endStream) {
            trailers = headers;
            events.add("trailers");
        }

        @Override
        public void writabilityChanged(boolean writable) {
            events.add("writable " + writable);
        }

        @Override
        public void shutdownRequested() {
            events.add("shutdown");
        }

        @Override
        public void outputFlushed() {
            events.add("flushed");
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost = reason;
            events.add("lost " + reason.getClass().getSimpleName());
        }

        /** Answers 200 with {@code body} and ends the stream (then runs the loop's pending tasks: the flush). */
        void respond(String text) {
            stream.sendHeaders(new Http2Headers().add(":status", "200"), false);
            stream.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
            stream.loseConnection();
            clock.runPending();
        }
    }

    static Protocol unused() {
        return null;
    }
}
