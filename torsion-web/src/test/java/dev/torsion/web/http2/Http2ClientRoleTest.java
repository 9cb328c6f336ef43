package dev.torsion.web.http2;

import dev.torsion.reactor.Transport;
import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryPipe;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client role of {@link Http2Connection} against a {@link Site} over an in-memory pipe, cut into small
 * chunks: requests with and without bodies on several streams, responses with their head, data and end, a
 * GOAWAY from the server refusing the streams past its last one.
 */
class Http2ClientRoleTest {

    final FakeClock clock = new FakeClock();
    final List<ErrorCode> goAways = new ArrayList<>();
    Http2Connection client;
    MemoryPipe pipe;

    /** What one response looked like from the client. */
    static final class Response implements Http2StreamHandler {
        final List<Http2Headers> heads = new ArrayList<>();
        final StringBuilder body = new StringBuilder();
        boolean ended;
        Throwable lost;

        @Override
        public void connectionMade(Transport transport) {
        }

        @Override
        public void headersReceived(Http2Headers headers, boolean endStream) {
            heads.add(headers);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            body.append(new String(b, StandardCharsets.UTF_8));
        }

        @Override
        public boolean eofReceived() {
            ended = true;
            return true;
        }

        @Override
        public void connectionLost(Throwable reason) {
            lost = reason;
        }
    }

    void connect(int chunk) {
        Resource root = new Resource();
        root.putChild("hello", new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.finish(("hello " + request.version()).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            protected void renderPost(Request request) {
                request.finish(("got " + request.body().length).getBytes(StandardCharsets.UTF_8));
            }
        });
        client = new Http2Connection(Http2Connection.Role.CLIENT, Http2Config.defaults(), new Http2Connection.Listener() {
            @Override
            public dev.torsion.reactor.Protocol streamOpened(Http2Stream stream, Http2Headers headers, boolean endStream) {
                throw new AssertionError("a server cannot open streams");
            }

            @Override
            public void goAwayReceived(int lastStreamId, ErrorCode code, String debugData) {
                goAways.add(code);
            }
        });
        pipe = MemoryPipe.connect(client, new Site(root).buildProtocol(null), chunk, clock);
        settle();
    }

    void settle() {
        for (int i = 0; i < 100; i++) {
            clock.runPending();
            if (!pipe.pump()) {
                clock.runPending();
                if (!pipe.pump()) {
                    return;
                }
            }
        }
    }

    private static Http2Headers get(String path, String method) {
        return new Http2Headers().add(":method", method).add(":scheme", "http").add(":path", path)
                .add(":authority", "localhost");
    }

    @Test
    void requests_on_several_streams_get_their_responses() {
        connect(7);
        Response a = new Response();
        Response b = new Response();
        client.openStream(get("/hello", "GET"), true, a);
        Http2Stream post = client.openStream(get("/hello", "POST"), false, b);
        post.write(ByteBuffer.wrap(new byte[50_000]));
        post.endStream();
        settle();
        assertThat(a.heads).singleElement().satisfies(h -> assertThat(h.get(":status")).isEqualTo("200"));
        assertThat(a.body).hasToString("hello HTTP/2");
        assertThat(a.ended).isTrue();
        assertThat(b.body).hasToString("got 50000");
        assertThat(b.ended).isTrue();
        assertThat(client.activeStreams()).isZero();
    }

    @Test
    void a_response_that_ends_while_the_client_is_paused_is_delivered_whole_on_resume() {
        connect(1000);
        Response a = new Response();
        Http2Stream s = client.openStream(get("/hello", "GET"), true, a);
        s.pauseReading();
        settle();
        assertThat(a.body).isEmpty();
        assertThat(a.lost).isNull();
        s.resumeReading();
        assertThat(a.body).hasToString("hello HTTP/2");
        assertThat(a.ended).isTrue();
        assertThat(a.lost).isInstanceOf(dev.torsion.reactor.ConnectionDone.class);
        assertThat(client.activeStreams()).isZero();
    }

    @Test
    void a_server_shutting_down_says_goaway_and_finishes_what_it_took() {
        connect(1000);
        Response a = new Response();
        client.openStream(get("/hello", "GET"), true, a);
        settle();
        pipe.serverTransport().protocol().shutdownRequested();
        settle();
        assertThat(goAways).containsExactly(ErrorCode.NO_ERROR);
        assertThat(a.body).hasToString("hello HTTP/2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.openStream(get("/hello", "GET"), true, new Response()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("openStream: the connection is");
    }
}
