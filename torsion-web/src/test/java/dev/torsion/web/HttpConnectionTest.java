package dev.torsion.web;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One connection's behaviour (RFC 9112 sections 9 and 6, RFC 9110 section 10.1.1): keep-alive and close,
 * pipelining, asynchronous and streamed responses, 100-continue, streamed request bodies, and each error
 * answer as it reaches the client.
 */
class HttpConnectionTest {

    /** Answers "n=<path>" for any GET path. */
    private static Resource echoPath() {
        return new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected void renderGet(Request request) {
                request.finish(("n=" + request.path()).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            protected void renderPost(Request request) {
                request.finish(("n=" + request.path() + " body=" + request.bodyText()).getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    @Test
    void http11KeepsTheConnectionOpen() {
        SiteHarness h = new SiteHarness(echoPath());
        assertThat(h.exchange("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n").text()).isEqualTo("n=/1");
        assertThat(h.exchange("GET /2 HTTP/1.1\r\nHost: a\r\n\r\n").text()).isEqualTo("n=/2");
        assertThat(h.isOpen()).isTrue();
    }

    @Test
    void connectionCloseIsHonoured() {
        SiteHarness h = new SiteHarness(echoPath());
        HttpResponse r = h.exchange("GET /1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(h.transport.isLost()).isTrue();
    }

    @Test
    void http10ClosesUnlessKeepAliveIsAsked() {
        SiteHarness plain = new SiteHarness(echoPath());
        HttpResponse r = plain.exchange("GET /1 HTTP/1.0\r\n\r\n");
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(plain.transport.isLost()).isTrue();

        SiteHarness keep = new SiteHarness(echoPath());
        HttpResponse k = keep.exchange("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(k.header("Connection")).isEqualTo("keep-alive");
        assertThat(k.header("Content-Length")).isEqualTo("4");
        assertThat(keep.isOpen()).isTrue();
    }

    @Test
    void http10StreamedResponseIsDelimitedByClose() {
        Resource streaming = new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.write("abc".getBytes(StandardCharsets.UTF_8));
                request.write("def".getBytes(StandardCharsets.UTF_8));
                request.finish();
            }
        };
        SiteHarness h = new SiteHarness(streaming);
        h.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        String wire = h.output();
        assertThat(wire).doesNotContain("chunked").contains("Connection: close").endsWith("\r\n\r\nabcdef");
        assertThat(h.transport.isLost()).isTrue();
    }

    @Test
    void streamedResponseUsesChunkedEncoding() {
        Resource streaming = new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.setHeader("Content-Type", "text/plain");
                request.write("hello ".getBytes(StandardCharsets.UTF_8));
                request.write(ByteBuffer.wrap("world".getBytes(StandardCharsets.UTF_8)));
                request.finish();
            }
        };
        SiteHarness h = new SiteHarness(streaming);
        h.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        String wire = h.output();
        assertThat(wire).contains("Transfer-Encoding: chunked\r\n").endsWith("\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n");
        assertThat(HttpResponse.parse(wire.getBytes(StandardCharsets.ISO_8859_1)).text()).isEqualTo("hello world");
        assertThat(h.isOpen()).isTrue();
    }

    @Test
    void declaredContentLengthIsUsedAndAShortBodyAbortsTheConnection() {
        Resource shortBody = new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.setHeader("Content-Length", "10");
                request.write("12345".getBytes(StandardCharsets.UTF_8));
                request.finish();
            }
        };
        SiteHarness h = new SiteHarness(shortBody);
        h.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(h.output()).doesNotContain("chunked").endsWith("12345");
        assertThat(h.transport.isAborted()).isTrue();
    }

    @Test
    void hundredPipelinedRequestsInOneWriteAreAnsweredInOrder() {
        SiteHarness h = new SiteHarness(echoPath());
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            if (i % 3 == 0) {
                wire.append("POST /").append(i).append(" HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nxy");
            } else {
                wire.append("GET /").append(i).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
            }
        }
        h.send(wire.toString());
        List<HttpResponse> rs = h.responses();
        assertThat(rs).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(rs.get(i).text()).isEqualTo(i % 3 == 0 ? "n=/" + i + " body=xy" : "n=/" + i);
        }
        assertThat(h.isOpen()).isTrue();
        assertThat(h.transport.isReadingPaused()).isFalse();
    }

    @Test
    void aClientThatDoesNotReadItsResponsesStopsBeingRead() {
        SiteHarness h = new SiteHarness(echoPath());
        h.transport.setWatermarks(100, 1000);
        h.transport.setSocketBlocked(true);
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            wire.append("GET /").append(i).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
        }
        h.send(wire.toString());
        h.transport.receiveEof();
        assertThat(h.transport.bufferedAmount()).as("stopped near the high watermark").isLessThan(1200);
        assertThat(h.transport.isReadingPaused()).isTrue();
        assertThat(h.transport.isDisconnecting()).isFalse();
        h.transport.setSocketBlocked(false);
        List<HttpResponse> rs = h.responses();
        assertThat(rs).hasSize(100);
        assertThat(rs.get(99).text()).isEqualTo("n=/99");
        assertThat(h.transport.isLost()).as("closed after answering everything sent before the EOF").isTrue();
    }

    @Test
    void asynchronousResponsesHoldPipelinedRequestsUntilFinished() {
        List<Request> pending = new ArrayList<>();
        Resource later = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected void renderGet(Request request) {
                pending.add(request);
                request.scheduler().callLater(Duration.ofSeconds(1),
                        () -> request.finish(("late " + request.path()).getBytes(StandardCharsets.UTF_8)));
            }
        };
        SiteHarness h = new SiteHarness(later);
        h.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\nGET /c HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(pending).hasSize(1);
        assertThat(h.output()).isEmpty();
        assertThat(h.transport.isReadingPaused()).isTrue();
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(pending).hasSize(2);
        h.clock.advance(Duration.ofSeconds(1));
        h.clock.advance(Duration.ofSeconds(1));
        List<HttpResponse> rs = h.responses();
        assertThat(rs).extracting(HttpResponse::text).containsExactly("late /a", "late /b", "late /c");
        assertThat(h.transport.isReadingPaused()).isFalse();
        assertThat(pending.get(0).notifyFinish()).isCompleted();
    }

    @Test
    void notifyFinishFailsWhenTheConnectionIsLostFirst() {
        List<Request> pending = new ArrayList<>();
        Resource never = new Resource() {
            @Override
            protected void renderGet(Request request) {
                pending.add(request);
            }
        };
        SiteHarness h = new SiteHarness(never);
        h.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        h.transport.simulateConnectionLost(new dev.torsion.reactor.ConnectionLost("reset"));
        assertThat(pending.get(0).notifyFinish()).isCompletedExceptionally();
        pending.get(0).finish("too late".getBytes(StandardCharsets.UTF_8));
        assertThat(h.output()).isEmpty();
    }

    @Test
    void expectContinueGets100BeforeTheBody() {
        SiteHarness h = new SiteHarness(echoPath());
        h.send("POST /up HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertThat(h.output()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        h.send("hello");
        assertThat(h.response().text()).isEqualTo("n=/up body=hello");
    }

    @Test
    void expectContinueWithTooLargeABodyGets413Without100() {
        SiteHarness h = new SiteHarness(new Site(echoPath(), SiteHarness.config().withMaxBodySize(10)));
        h.send("POST /up HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
        String wire = h.output();
        assertThat(wire).startsWith("HTTP/1.1 413 Content Too Large\r\n").doesNotContain("100 Continue");
        assertThat(h.transport.isLost()).isTrue();
    }

    @Test
    void aBodyReceiverGetsTheBodyAsItArrivesWithTheStreamedLimit() {
        StringBuilder seen = new StringBuilder();
        Resource upload = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public BodyReceiver bodyReceiver(Request request) {
                return data -> {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    seen.append('[').append(new String(b, StandardCharsets.UTF_8)).append(']');
                };
            }

            @Override
            protected void renderPut(Request request) {
                request.finish(("stored " + seen + " buffered=" + request.body().length).getBytes(StandardCharsets.UTF_8));
            }
        };
        HttpConfig config = SiteHarness.config().withMaxBodySize(4).withMaxStreamedBodySize(100);
        SiteHarness h = new SiteHarness(new Site(upload, config));
        h.send("PUT /f HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
        assertThat(seen.toString()).isEqualTo("[abc]");
        h.send("4\r\ndefg\r\n0\r\n\r\n");
        assertThat(h.response().text()).isEqualTo("stored [abc][defg] buffered=0");
    }

    @Test
    void errorAnswersCloseTheConnection() {
        HttpConfig config = SiteHarness.config().withMaxRequestLineLength(50).withMaxHeaderSize(200)
                .withMaxHeaderCount(3).withMaxBodySize(10);
        String[][] cases = {
            {"400", "GET / HTTP/1.1\r\n\r\n"},
            {"400", "GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n"},
            {"400", "GET /../secret HTTP/1.1\r\nHost: a\r\n\r\n"},
            {"414", "GET /" + "x".repeat(60) + " HTTP/1.1\r\nHost: a\r\n\r\n"},
            {"431", "GET / HTTP/1.1\r\nHost: a\r\nX: " + "y".repeat(250) + "\r\n\r\n"},
            {"431", "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"},
            {"413", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n"},
            {"413", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n123456\r\n6\r\n"},
            {"501", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: br\r\n\r\n"},
            {"505", "GET / HTTP/3.0\r\nHost: a\r\n\r\n"},
        };
        for (String[] c : cases) {
            SiteHarness h = new SiteHarness(new Site(echoPath(), config));
            h.send(c[1]);
            String wire = h.output();
            HttpResponse r = HttpResponse.parse(wire.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(r.status).as(c[1]).isEqualTo(Integer.parseInt(c[0]));
            assertThat(r.header("Connection")).as(c[1]).isEqualTo("close");
            assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(h.transport.isLost()).as(c[1]).isTrue();
        }
    }

    @Test
    void bytesAfterAnErrorAreIgnored() {
        SiteHarness h = new SiteHarness(echoPath());
        h.send("BAD\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        List<HttpResponse> rs = h.responses();
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).status).isEqualTo(400);
    }

    @Test
    void eofAfterPipelinedRequestsStillAnswersThemThenCloses() {
        SiteHarness h = new SiteHarness(echoPath());
        h.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
        h.transport.receiveEof();
        assertThat(h.responses()).extracting(HttpResponse::text).containsExactly("n=/1", "n=/2");
        assertThat(h.transport.isLost()).isTrue();
    }

    @Test
    void eofInTheMiddleOfARequestClosesWithoutAnswer() {
        SiteHarness h = new SiteHarness(echoPath());
        h.send("GET /1 HTTP/1.1\r\nHo");
        h.transport.receiveEof();
        assertThat(h.output()).isEmpty();
        assertThat(h.transport.isLost()).isTrue();
    }
}
