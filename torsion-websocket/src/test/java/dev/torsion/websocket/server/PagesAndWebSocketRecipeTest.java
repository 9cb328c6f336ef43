package dev.torsion.websocket.server;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.web.FileResource;
import dev.torsion.web.Site;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.handshake.OriginPolicy;
import dev.torsion.websocket.topic.TopicRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The pages-plus-WebSocket recipe of docs/server.md, as written there, over real sockets with the JDK's
 * HttpClient and java.net.http.WebSocket as the peers: a folder of pages with a broadcast endpoint at
 * {@code /ws}, a handler per connection that knows its user, the files served with their validators, and
 * every other path a 404.
 */
class PagesAndWebSocketRecipeTest {

    @TempDir
    static Path www;
    static Reactor reactor;
    static ListeningPort port;
    static HttpClient http;
    static String base;

    /** The recipe (docs/server.md, "Pages and WebSocket on one port"). */
    static Site site(Path folder, TopicRegistry topics) {
        FileResource pages = new FileResource(folder);                  // GET /, /app.js, /style.css, ...
        pages.putChild("ws", WebSocketResource.builder(request -> {      // ws://host:port/ws?name=ada
            String name = request.getArg("name") != null ? request.getArg("name") : "anonymous";
            return new WebSocketHandler() {                              // one handler per connection
                public void onOpen(WebSocketSession session) {
                    topics.subscribe(session, "room");
                    topics.publish("room", name + " joined");
                }

                public void onText(WebSocketSession session, String text) {
                    topics.publish("room", name + ": " + text);
                }

                public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
                    topics.publish("room", name + " left");
                }
            };
        }).originPolicy(OriginPolicy.allowList("http://localhost:8080")).build());
        return new Site(pages);
    }

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(www.resolve("index.html"), "<script src=\"app.js\"></script>");
        Files.writeString(www.resolve("app.js"), "new WebSocket('ws://' + location.host + '/ws?name=ada')");
        Files.writeString(www.resolve(".env"), "SECRET=1");
        reactor = Reactor.create();
        port = reactor.listenTcp("127.0.0.1", 0, site(www, TopicRegistry.create()));
        base = "127.0.0.1:" + port.port();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        reactor.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + base + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePagesAreServed() throws Exception {
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo("<script src=\"app.js\"></script>");
        assertThat(index.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        HttpResponse<String> script = get("/app.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("/ws?name=ada");
        String etag = script.headers().firstValue("etag").orElseThrow();
        assertThat(get("/app.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void everyOtherPathIsA404() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(get("/.env").statusCode()).isEqualTo(404);
        assertThat(get("/ws/nope").statusCode()).isEqualTo(404);
        assertThat(get("/ws").statusCode()).as("a page request for the endpoint gets the handshake's answer")
                .isEqualTo(400);
        Throwable refused = catchThrowable(() -> connect("/nope", new Inbox()));
        assertThat(refused).hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(404);
    }

    @Test
    void aBrowserOnAnotherSiteIsRefused() {
        Throwable refused = catchThrowable(() -> http.newWebSocketBuilder().header("Origin", "https://evil.example")
                .buildAsync(URI.create("ws://" + base + "/ws"), new Inbox()).get(10, TimeUnit.SECONDS));
        assertThat(refused).hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(403);
    }

    @Test
    void theEndpointBroadcastsWithAHandlerPerConnection() throws Exception {
        Inbox adaInbox = new Inbox();
        WebSocket ada = connect("/ws?name=ada", adaInbox);
        assertThat(adaInbox.next()).isEqualTo("ada joined");
        Inbox bobInbox = new Inbox();
        WebSocket bob = connect("/ws?name=bob", bobInbox);
        assertThat(bobInbox.next()).isEqualTo("bob joined");
        assertThat(adaInbox.next()).isEqualTo("bob joined");
        bob.sendText("hello", true).get(10, TimeUnit.SECONDS);
        assertThat(adaInbox.next()).isEqualTo("bob: hello");
        assertThat(bobInbox.next()).isEqualTo("bob: hello");
        bob.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        assertThat(bobInbox.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(adaInbox.next()).isEqualTo("bob left");
        ada.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        assertThat(adaInbox.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    private static WebSocket connect(String path, Inbox inbox) throws Exception {
        return http.newWebSocketBuilder().header("Origin", "http://localhost:8080")
                .buildAsync(URI.create("ws://" + base + path), inbox).get(10, TimeUnit.SECONDS);
    }

    /** Text messages as they arrive, and the close code. */
    static final class Inbox implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        String next() throws InterruptedException {
            String m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a message within 10 s").isNotNull();
            return m;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
