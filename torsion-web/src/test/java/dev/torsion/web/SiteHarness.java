package dev.torsion.web;

import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** One in-memory connection to a {@link Site}, on a {@link FakeClock}, for sans-I/O tests. */
final class SiteHarness {

    static final Clock FIXED_WALL_CLOCK = Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC);

    final FakeClock clock;
    final MemoryTransport transport;

    SiteHarness(Resource root) {
        this(new Site(root, HttpConfig.defaults().withClock(FIXED_WALL_CLOCK)));
    }

    SiteHarness(Site site) {
        this(site, new FakeClock());
    }

    SiteHarness(Site site, FakeClock clock) {
        this.clock = clock;
        this.transport = new MemoryTransport(clock);
        transport.connect(site.buildProtocol(transport.remoteAddress()));
    }

    static HttpConfig config() {
        return HttpConfig.defaults().withClock(FIXED_WALL_CLOCK);
    }

    void send(String wire) {
        transport.receive(wire.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] wire) {
        transport.receive(wire);
    }

    /** Everything written since the last call, as ISO-8859-1 text. */
    String output() {
        return new String(transport.takeWritten(), StandardCharsets.ISO_8859_1);
    }

    /** The responses written since the last call (HEAD responses flagged by position). */
    List<HttpResponse> responses(boolean... head) {
        return HttpResponse.parseAll(transport.takeWritten(), head);
    }

    /** The single response written since the last call. */
    HttpResponse response() {
        return HttpResponse.parse(transport.takeWritten());
    }

    /** Sends {@code wire} and returns the one response it gets. */
    HttpResponse exchange(String wire) {
        send(wire);
        return response();
    }

    boolean isOpen() {
        return !transport.isDisconnecting();
    }
}
