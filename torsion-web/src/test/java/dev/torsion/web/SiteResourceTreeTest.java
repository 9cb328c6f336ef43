package dev.torsion.web;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The resource tree: putChild, getChild, leaves, method dispatch, 404/405/500, default headers. */
class SiteResourceTreeTest {

    private static Resource tree() {
        Resource root = new TextResource("root");
        Resource docs = new Resource();
        docs.putChild("guide", new TextResource("guide"));
        root.putChild("docs", docs);
        root.putChild("leaf", new TextResource("leaf") {
            @Override
            public boolean isLeaf() {
                return true;
            }
        });
        root.putChild("users", new Resource() {
            @Override
            public Resource getChild(String name, Request request) {
                return new TextResource("user " + name);
            }
        });
        root.putChild("boom", new Resource() {
            @Override
            protected void renderGet(Request request) {
                throw new IllegalStateException("secret internal detail");
            }
        });
        root.putChild("post", new Resource() {
            @Override
            protected void renderPost(Request request) {
                request.setHeader("Content-Type", "text/plain");
                request.finish(("got " + request.bodyText() + " q=" + request.getArg("q")
                        + " ct=" + request.getHeader("content-type")).getBytes(StandardCharsets.UTF_8));
            }
        });
        return root;
    }

    @Test
    void rootIsRenderedForSlash() {
        HttpResponse r = new SiteHarness(tree()).exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r.status).isEqualTo(200);
        assertThat(r.text()).isEqualTo("root");
        assertThat(r.header("X-Postpath")).isEqualTo("");
    }

    @Test
    void staticChildrenAreTraversedAndSegmentsMoveToPrepath() {
        HttpResponse r = new SiteHarness(tree()).exchange("GET /docs/guide HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r.text()).isEqualTo("guide");
        assertThat(r.header("X-Prepath")).isEqualTo("docs|guide");
    }

    @Test
    void dynamicChildrenComeFromGetChild() {
        HttpResponse r = new SiteHarness(tree()).exchange("GET /users/ada%20l HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r.text()).isEqualTo("user ada l");
    }

    @Test
    void aLeafRendersTheRestOfThePath() {
        HttpResponse r = new SiteHarness(tree()).exchange("GET /leaf/x/y/ HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r.text()).isEqualTo("leaf");
        assertThat(r.header("X-Prepath")).isEqualTo("leaf");
        assertThat(r.header("X-Postpath")).isEqualTo("x|y|");
    }

    @Test
    void aChildPutOnALeafIsFoundBeforeTheLeafTakesThePath() {
        Resource leaf = new TextResource("leaf") {
            @Override
            public boolean isLeaf() {
                return true;
            }
        };
        leaf.putChild("ws", new TextResource("child of a leaf"));
        SiteHarness h = new SiteHarness(leaf);
        assertThat(h.exchange("GET /ws HTTP/1.1\r\nHost: a\r\n\r\n").text()).isEqualTo("child of a leaf");
        HttpResponse rest = h.exchange("GET /other/x HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(rest.text()).isEqualTo("leaf");
        assertThat(rest.header("X-Postpath")).isEqualTo("other|x");
        HttpResponse root = h.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(root.text()).isEqualTo("leaf");
    }

    @Test
    void traversalCanStartBelowTheRoot() {
        Resource docs = new Resource();
        docs.putChild("guide", new TextResource("guide"));
        Resource handsOn = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public void render(Request request) {
                Site.traverse(docs, request).render(request);
            }
        };
        Resource root = new Resource();
        root.putChild("api", handsOn);
        HttpResponse r = new SiteHarness(root).exchange("GET /api/guide HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r.text()).isEqualTo("guide");
        assertThat(r.header("X-Prepath")).isEqualTo("api|guide");
    }

    @Test
    void missingChildIs404() {
        HttpResponse r = new SiteHarness(tree()).exchange("GET /docs/nothing HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r.status).isEqualTo(404);
        assertThat(r.text()).isEqualTo("Not Found\n");
    }

    @Test
    void missingMethodIs405WithAllow() {
        SiteHarness h = new SiteHarness(tree());
        HttpResponse r = h.exchange("DELETE /docs/guide HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r.status).isEqualTo(405);
        assertThat(r.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(h.exchange("GET /post HTTP/1.1\r\nHost: a\r\n\r\n").header("Allow")).isEqualTo("POST, OPTIONS");
        assertThat(h.exchange("BREW /post HTTP/1.1\r\nHost: a\r\n\r\n").status).isEqualTo(405);
        assertThat(h.isOpen()).isTrue();
    }

    @Test
    void optionsAnswersAllow() {
        HttpResponse r = new SiteHarness(tree()).exchange("OPTIONS /post HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r.status).isEqualTo(204);
        assertThat(r.header("Allow")).isEqualTo("POST, OPTIONS");
        assertThat(r.header("Content-Length")).isNull();
    }

    @Test
    void headIsAnsweredFromGetWithoutBody() {
        SiteHarness h = new SiteHarness(tree());
        h.send("HEAD /docs/guide HTTP/1.1\r\nHost: a\r\n\r\nGET /docs/guide HTTP/1.1\r\nHost: a\r\n\r\n");
        String wire = h.output();
        List<HttpResponse> rs = HttpResponse.parseAll(wire.getBytes(StandardCharsets.ISO_8859_1), true, false);
        assertThat(rs).hasSize(2);
        assertThat(rs.get(0).status).isEqualTo(200);
        assertThat(rs.get(0).header("Content-Length")).isEqualTo("5");
        assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(wire.substring(0, wire.indexOf("HTTP/1.1", 1))).endsWith("\r\n\r\n").doesNotContain("\r\n\r\nguide");
        assertThat(rs.get(1).text()).isEqualTo("guide");
    }

    @Test
    void anExceptionBecomes500WithoutStackTraceAndTheConnectionCloses() {
        SiteHarness h = new SiteHarness(tree());
        h.send("GET /boom HTTP/1.1\r\nHost: a\r\n\r\n");
        String wire = h.output();
        HttpResponse r = HttpResponse.parse(wire.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.status).isEqualTo(500);
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(wire).doesNotContain("secret").doesNotContain("Exception").doesNotContain("at dev.");
        assertThat(h.transport.isLost()).isTrue();
    }

    @Test
    void anExceptionInGetChildBecomes500() {
        Resource root = new Resource() {
            @Override
            public Resource getChild(String name, Request request) {
                throw new IllegalArgumentException("lookup exploded");
            }
        };
        HttpResponse r = new SiteHarness(root).exchange("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r.status).isEqualTo(500);
        assertThat(r.text()).doesNotContain("exploded");
    }

    @Test
    void dateAndServerHeadersByDefault() {
        HttpResponse r = new SiteHarness(tree()).exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r.header("Date")).isEqualTo("Mon, 06 May 2024 07:08:09 GMT");
        assertThat(r.header("Server")).isEqualTo("Torsion");
        HttpResponse anonymous = new SiteHarness(new Site(tree(), SiteHarness.config().withServerName(null)))
                .exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(anonymous.header("Server")).isNull();
    }

    @Test
    void requestExposesQueryHeadersBodyAndAddress() {
        SiteHarness h = new SiteHarness(tree());
        HttpResponse r = h.exchange("POST /post?q=a+b%21 HTTP/1.1\r\nHost: a\r\nContent-Type: text/x\r\n"
                + "Content-Length: 4\r\n\r\nbody");
        assertThat(r.text()).isEqualTo("got body q=a b! ct=text/x");
    }

    @Test
    void asteriskTargetOnlyForOptions() {
        SiteHarness h = new SiteHarness(tree());
        assertThat(h.exchange("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").status).isEqualTo(204);
        assertThat(h.exchange("GET * HTTP/1.1\r\nHost: a\r\n\r\n").status).isEqualTo(400);
    }
}
