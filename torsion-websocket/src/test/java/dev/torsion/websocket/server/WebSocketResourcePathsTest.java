package dev.torsion.websocket.server;

import dev.torsion.testing.FakeClock;
import dev.torsion.testing.MemoryTransport;
import dev.torsion.web.FileResource;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.WebSocketHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a {@link WebSocketResource} upgrades: its own path only (with or without the trailing slash), a
 * request below it going to the fallback or getting 404; children put on it and on a FileResource; the
 * per-connection handler factory and what it sees.
 */
class WebSocketResourcePathsTest {

    @TempDir
    Path www;

    private static String upgrade(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n";
    }

    /** The status line and body of the answer {@code site} gives to {@code request} on a fresh connection. */
    private static String answer(Resource root, String request) {
        MemoryTransport transport = new MemoryTransport(new FakeClock());
        transport.connect(new Site(root).buildProtocol(transport.remoteAddress()));
        transport.receive(request.getBytes(StandardCharsets.ISO_8859_1));
        String wire = new String(transport.takeWritten(), StandardCharsets.ISO_8859_1);
        int lineEnd = wire.indexOf("\r\n");
        int headEnd = wire.indexOf("\r\n\r\n");
        return wire.substring(0, lineEnd) + (headEnd < 0 ? "" : " | " + wire.substring(headEnd + 4));
    }

    private static WebSocketResource endpoint() {
        return WebSocketResource.builder(new EchoHandler()).build();
    }

    private static Resource page(String text) {
        return new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected void renderGet(Request request) {
                if (!request.postpath().isEmpty() && !(request.postpath().size() == 1 && request.postpath().get(0).isEmpty())) {
                    request.setResponseCode(404);
                    request.finish("no such page\n".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                request.finish(text.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    @Test
    void anEndpointUpgradesItsOwnPathWithOrWithoutTheSlash() {
        Resource root = new Resource();
        root.putChild("echo", endpoint());
        assertThat(answer(root, upgrade("/echo"))).startsWith("HTTP/1.1 101 ");
        assertThat(answer(root, upgrade("/echo/"))).startsWith("HTTP/1.1 101 ");
        assertThat(answer(root, upgrade("/echo?room=1"))).startsWith("HTTP/1.1 101 ");
    }

    @Test
    void aPathBelowAnEndpointWithoutFallbackIs404() {
        Resource root = new Resource();
        root.putChild("echo", endpoint());
        assertThat(answer(root, upgrade("/echo/nope"))).startsWith("HTTP/1.1 404 ");
        assertThat(answer(root, get("/echo/nope"))).startsWith("HTTP/1.1 404 ");
        assertThat(answer(endpoint(), upgrade("/nope"))).as("mounted at the root").startsWith("HTTP/1.1 404 ");
        assertThat(answer(endpoint(), upgrade("/"))).startsWith("HTTP/1.1 101 ");
    }

    @Test
    void aPlainRequestForTheEndpointWithoutFallbackGetsTheHandshakeRefusal() {
        assertThat(answer(endpoint(), get("/"))).isEqualTo("HTTP/1.1 400 Bad Request | Upgrade header is missing");
    }

    @Test
    void withAFallbackAtTheRootOnlyTheRootUpgradesAndUnknownPathsAre404() {
        WebSocketResource root = WebSocketResource.builder(new EchoHandler()).fallback(page("the page")).build();
        assertThat(answer(root, upgrade("/"))).startsWith("HTTP/1.1 101 ");
        assertThat(answer(root, get("/"))).isEqualTo("HTTP/1.1 200 OK | the page");
        assertThat(answer(root, upgrade("/nope"))).isEqualTo("HTTP/1.1 404 Not Found | no such page\n");
        assertThat(answer(root, get("/nope"))).isEqualTo("HTTP/1.1 404 Not Found | no such page\n");
    }

    @Test
    void theFallbackIsWalkedAsATree() throws IOException {
        Files.writeString(www.resolve("app.js"), "console.log(1)");
        Files.writeString(www.resolve("index.html"), "<h1>index</h1>");
        WebSocketResource root = WebSocketResource.builder(new EchoHandler()).fallback(new FileResource(www)).build();
        assertThat(answer(root, get("/"))).isEqualTo("HTTP/1.1 200 OK | <h1>index</h1>");
        assertThat(answer(root, get("/app.js"))).isEqualTo("HTTP/1.1 200 OK | console.log(1)");
        assertThat(answer(root, upgrade("/app.js"))).as("an upgrade below the endpoint is an ordinary request there")
                .isEqualTo("HTTP/1.1 200 OK | console.log(1)");
        assertThat(answer(root, upgrade("/missing.js"))).startsWith("HTTP/1.1 404 ");
        assertThat(answer(root, upgrade("/"))).startsWith("HTTP/1.1 101 ");
        Resource tree = new Resource();
        tree.putChild("about", page("about us"));
        WebSocketResource overTree = WebSocketResource.builder(new EchoHandler()).fallback(tree).build();
        assertThat(answer(overTree, get("/about"))).isEqualTo("HTTP/1.1 200 OK | about us");
        assertThat(answer(overTree, get("/other"))).startsWith("HTTP/1.1 404 ");
    }

    @Test
    void subpathsUpgradeWhenAccepted() {
        List<List<String>> seen = new ArrayList<>();
        Function<Request, WebSocketHandler> factory = request -> {
            seen.add(List.copyOf(request.postpath()));
            return new EchoHandler();
        };
        Resource root = new Resource();
        root.putChild("rooms", WebSocketResource.builder(factory).acceptSubpaths(true).build());
        assertThat(answer(root, upgrade("/rooms/lobby"))).startsWith("HTTP/1.1 101 ");
        assertThat(answer(root, upgrade("/rooms/a/b"))).startsWith("HTTP/1.1 101 ");
        assertThat(answer(root, upgrade("/rooms"))).startsWith("HTTP/1.1 101 ");
        assertThat(seen).containsExactly(List.of("lobby"), List.of("a", "b"), List.of());
    }

    @Test
    void theFactoryMakesAHandlerPerConnectionFromItsRequest() {
        List<String> seen = new ArrayList<>();
        WebSocketResource root = WebSocketResource.builder(request -> {
            seen.add(request.getArg("user"));
            return new EchoHandler();
        }).build();
        answer(root, upgrade("/?user=ada"));
        answer(root, upgrade("/?user=bob"));
        answer(root, get("/?user=eve"));
        assertThat(seen).as("called once per accepted upgrade, not for refused requests").containsExactly("ada", "bob");
    }

    @Test
    void aFactoryThatReturnsNoHandlerRefusesWith500() {
        WebSocketResource root = WebSocketResource.builder(request -> null).build();
        assertThat(answer(root, upgrade("/"))).startsWith("HTTP/1.1 500 ");
    }

    @Test
    void theTwistedTreeFilesWithAnEndpointChildWorks() throws IOException {
        Files.writeString(www.resolve("index.html"), "<h1>index</h1>");
        Files.writeString(www.resolve("ws"), "a file hidden by the child");
        FileResource files = new FileResource(www);
        files.putChild("ws", endpoint());
        assertThat(answer(files, upgrade("/ws"))).startsWith("HTTP/1.1 101 ");
        assertThat(answer(files, get("/"))).isEqualTo("HTTP/1.1 200 OK | <h1>index</h1>");
        assertThat(answer(files, get("/index.html"))).isEqualTo("HTTP/1.1 200 OK | <h1>index</h1>");
        assertThat(answer(files, get("/ws"))).as("the endpoint, not the file").startsWith("HTTP/1.1 400 ");
    }

    @Test
    void childrenPutOnAnEndpointAreServedBelowIt() {
        WebSocketResource root = endpoint();
        root.putChild("health", page("ok"));
        assertThat(answer(root, get("/health"))).isEqualTo("HTTP/1.1 200 OK | ok");
        assertThat(answer(root, upgrade("/"))).startsWith("HTTP/1.1 101 ");
    }
}
