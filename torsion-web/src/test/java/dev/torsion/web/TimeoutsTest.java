package dev.torsion.web;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Header (slowloris), body and idle timeouts, tested by moving a fake clock, never by sleeping. */
class TimeoutsTest {

    private static final HttpConfig CONFIG = SiteHarness.config().withHeaderTimeout(Duration.ofSeconds(10))
            .withBodyTimeout(Duration.ofSeconds(20)).withIdleTimeout(Duration.ofSeconds(30));

    private static Resource ok() {
        return new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected void renderGet(Request request) {
                request.finish("ok".getBytes(StandardCharsets.UTF_8));
            }

            @Override
            protected void renderPost(Request request) {
                request.finish(request.body());
            }
        };
    }

    private static SiteHarness connect() {
        return new SiteHarness(new Site(ok(), CONFIG));
    }

    @Test
    void slowHeadersAreCutOffAfterTheHeaderTimeout() {
        SiteHarness h = connect();
        String request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
        for (int i = 0; i < 9; i++) {
            h.send(request.substring(i, i + 1));
            h.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(h.isOpen()).isTrue();
        h.clock.advance(Duration.ofSeconds(1));
        HttpResponse r = h.response();
        assertThat(r.status).isEqualTo(408);
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(h.transport.isLost()).isTrue();
    }

    @Test
    void aConnectionThatSendsNothingIsCutOffAfterTheHeaderTimeout() {
        SiteHarness h = connect();
        h.clock.advance(Duration.ofSeconds(9));
        assertThat(h.isOpen()).isTrue();
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(h.response().status).isEqualTo(408);
        assertThat(h.transport.isLost()).isTrue();
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() {
        SiteHarness h = connect();
        assertThat(h.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").text()).isEqualTo("ok");
        h.clock.advance(Duration.ofSeconds(29));
        assertThat(h.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").text()).isEqualTo("ok");
        h.clock.advance(Duration.ofSeconds(29));
        assertThat(h.isOpen()).isTrue();
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(h.output()).isEmpty();
        assertThat(h.transport.isLost()).isTrue();
    }

    @Test
    void theHeaderTimeoutAppliesToTheNextRequestFromItsFirstByte() {
        SiteHarness h = connect();
        h.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        h.clock.advance(Duration.ofSeconds(25));
        h.send("GET / HTTP/1.1\r\n");
        h.clock.advance(Duration.ofSeconds(9));
        assertThat(h.isOpen()).isTrue();
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(h.response().status).isEqualTo(408);
    }

    @Test
    void aStalledBodyIsCutOffAfterTheBodyTimeout() {
        SiteHarness h = connect();
        h.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345");
        h.clock.advance(Duration.ofSeconds(19));
        h.send("6");
        h.clock.advance(Duration.ofSeconds(19));
        assertThat(h.isOpen()).isTrue();
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(h.response().status).isEqualTo(408);
        assertThat(h.transport.isLost()).isTrue();
    }

    @Test
    void noTimeoutRunsWhileAResponseIsPending() {
        Request[] pending = new Request[1];
        Resource slow = new Resource() {
            @Override
            protected void renderGet(Request request) {
                pending[0] = request;
            }
        };
        SiteHarness h = new SiteHarness(new Site(slow, CONFIG));
        h.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        h.clock.advance(Duration.ofHours(1));
        assertThat(h.isOpen()).isTrue();
        pending[0].finish("done".getBytes(StandardCharsets.UTF_8));
        assertThat(h.response().text()).isEqualTo("done");
        assertThat(h.clock.pendingCalls()).containsExactly(Duration.ofSeconds(30));
    }
}
