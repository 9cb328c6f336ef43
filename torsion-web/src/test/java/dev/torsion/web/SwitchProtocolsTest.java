package dev.torsion.web;

import dev.torsion.reactor.ConnectionDone;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 101 hand-over contract the WebSocket layer builds on: exact 101 head, connectionMade then every byte
 * after the request's end (however TCP cut them), all callbacks forwarded, no HTTP timer left.
 */
class SwitchProtocolsTest {

    private static final String REQUEST = "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n";
    private static final String GLUED = "FIRST-FRAME\u0000\u00ff-bytes";
    private static final String HEAD_101 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n";

    /** A resource that switches at once to the next protocol it is given. */
    private static final class Upgrading extends Resource {
        final List<RecordingProtocol> made = new ArrayList<>();
        final boolean later;

        Upgrading(boolean later) {
            this.later = later;
        }

        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        protected void renderGet(Request request) {
            RecordingProtocol next = new RecordingProtocol();
            made.add(next);
            request.setHeader("Upgrade", "echo");
            request.setHeader("Connection", "Upgrade");
            if (later) {
                request.scheduler().callLater(Duration.ofMillis(10), () -> request.switchProtocols(next));
            } else {
                request.switchProtocols(next);
            }
        }

        @Override
        protected void renderPost(Request request) {
            renderGet(request);
        }
    }

    @Test
    void bytesGluedToTheRequestReachTheNextProtocolAtEverySplitPoint() {
        byte[] wire = (REQUEST + GLUED).getBytes(StandardCharsets.ISO_8859_1);
        for (int split = 0; split <= wire.length; split++) {
            Upgrading resource = new Upgrading(false);
            SiteHarness h = new SiteHarness(resource);
            h.send(java.util.Arrays.copyOfRange(wire, 0, split));
            h.send(java.util.Arrays.copyOfRange(wire, split, wire.length));
            assertThat(h.output()).as("split %d", split).isEqualTo(HEAD_101);
            assertThat(resource.made).hasSize(1);
            RecordingProtocol next = resource.made.get(0);
            assertThat(next.receivedText()).as("split %d", split).isEqualTo(GLUED);
            assertThat(next.events.get(0)).isEqualTo("connectionMade");
            assertThat(h.clock.pendingCalls()).as("no HTTP timer after the switch").isEmpty();
        }
    }

    @Test
    void bytesAreHandedOverWhenTheSwitchHappensLater() {
        byte[] wire = (REQUEST + GLUED).getBytes(StandardCharsets.ISO_8859_1);
        for (int split = 0; split <= wire.length; split += 7) {
            Upgrading resource = new Upgrading(true);
            SiteHarness h = new SiteHarness(resource);
            h.send(java.util.Arrays.copyOfRange(wire, 0, split));
            h.send(java.util.Arrays.copyOfRange(wire, split, wire.length));
            assertThat(h.output()).isEmpty();
            h.clock.advance(Duration.ofMillis(10));
            h.send("-AFTER");
            assertThat(h.output()).isEqualTo(HEAD_101);
            assertThat(resource.made.get(0).receivedText()).isEqualTo(GLUED + "-AFTER");
            assertThat(h.transport.isReadingPaused()).isFalse();
        }
    }

    @Test
    void bytesAfterARequestBodyAreHandedOver() {
        Upgrading resource = new Upgrading(false);
        SiteHarness h = new SiteHarness(resource);
        h.send("POST /chat HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbodyAFTER-BODY");
        assertThat(h.output()).isEqualTo(HEAD_101);
        assertThat(resource.made.get(0).receivedText()).isEqualTo("AFTER-BODY");
    }

    @Test
    void everyCallbackIsForwardedAfterTheSwitch() {
        Upgrading resource = new Upgrading(false);
        SiteHarness h = new SiteHarness(resource);
        h.send(REQUEST);
        RecordingProtocol next = resource.made.get(0);
        assertThat(next.events).containsExactly("connectionMade");
        h.send("x");
        h.transport.setWatermarks(1, 2);
        h.transport.setSocketBlocked(true);
        next.transport.write("abc".getBytes(StandardCharsets.ISO_8859_1));
        h.transport.setSocketBlocked(false);
        next.stayHalfOpen = true;
        h.transport.receiveEof();
        assertThat(h.transport.isDisconnecting()).isFalse();
        h.transport.simulateConnectionLost(new ConnectionDone("done"));
        assertThat(next.events).containsExactly("connectionMade", "data", "writable=false", "writable=true", "eof", "lost");
        assertThat(next.transport).isSameAs(h.transport);
    }

    @Test
    void noTimeoutAfterTheSwitch() {
        Upgrading resource = new Upgrading(false);
        SiteHarness h = new SiteHarness(resource);
        h.send(REQUEST);
        h.clock.advance(Duration.ofHours(2));
        assertThat(h.transport.isDisconnecting()).isFalse();
        assertThat(resource.made.get(0).events).containsExactly("connectionMade");
    }

    @Test
    void eofBeforeALaterSwitchIsPassedOn() {
        Upgrading resource = new Upgrading(true);
        SiteHarness h = new SiteHarness(resource);
        h.send(REQUEST + "tail");
        h.transport.receiveEof();
        assertThat(h.transport.isDisconnecting()).isFalse();
        h.clock.advance(Duration.ofMillis(10));
        RecordingProtocol next = resource.made.get(0);
        assertThat(next.events).containsExactly("connectionMade", "data", "eof", "lost");
        assertThat(next.receivedText()).isEqualTo("tail");
    }

    @Test
    void switchAfterTheConnectionIsGoneDoesNothing() {
        Upgrading resource = new Upgrading(true);
        SiteHarness h = new SiteHarness(resource);
        h.send(REQUEST);
        h.transport.simulateConnectionLost(new ConnectionDone("gone"));
        h.clock.advance(Duration.ofMillis(10));
        assertThat(resource.made.get(0).events).isEmpty();
    }
}
