package dev.torsion.websocket.topic;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketConfig;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.client.WebSocketClient;
import dev.torsion.websocket.server.WebSocketResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Topics over real sockets: a Torsion server on two event loops, Torsion clients on two others. Fan-out to
 * 200 subscribers from two publisher threads, and a client that stops reading among fast ones.
 */
class TopicOverSocketsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int BOUND = 256 * 1024;

    static Reactor serverReactor;
    static Reactor clientReactor;
    static ListeningPort port;
    static WebSocketClient client;
    static final TopicRegistry fanOut = TopicRegistry.create();
    static final TopicRegistry dropping = TopicRegistry.builder().slowConsumerPolicy(SlowConsumerPolicy.drop(BOUND)).build();
    static final TopicRegistry closing = TopicRegistry.builder()
            .slowConsumerPolicy(SlowConsumerPolicy.closePolicyViolation(BOUND)).build();
    /** Server-side sessions by the client's port, and how they closed. */
    static final Map<Integer, WebSocketSession> serverSessions = new ConcurrentHashMap<>();
    static final Map<Integer, CloseCode> serverClosed = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        serverReactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        clientReactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        WebSocketConfig config = WebSocketConfig.defaults().withCloseTimeout(Duration.ofMillis(500));
        Resource root = new Resource();
        root.putChild("fanout", WebSocketResource.builder(subscriber(fanOut)).config(config).build());
        root.putChild("drop", WebSocketResource.builder(subscriber(dropping)).config(config).build());
        root.putChild("close", WebSocketResource.builder(subscriber(closing)).config(config).build());
        port = serverReactor.listenTcp("127.0.0.1", 0, new Site(root));
        client = WebSocketClient.builder(clientReactor).build();
    }

    @AfterAll
    static void stop() {
        clientReactor.close();
        serverReactor.close();
    }

    /** A server handler that subscribes every session to "feed" as it opens. */
    private static WebSocketHandler subscriber(TopicRegistry topics) {
        return new WebSocketHandler() {
            @Override
            public void onOpen(WebSocketSession session) {
                serverSessions.put(portOf(session), session);
                topics.subscribe(session, "feed");
            }

            @Override
            public void onText(WebSocketSession session, String text) {
            }

            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
            }

            @Override
            public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
                serverClosed.put(portOf(session), code);
            }
        };
    }

    private static int portOf(WebSocketSession session) {
        return ((InetSocketAddress) session.remoteAddress()).getPort();
    }

    private static List<OrderCheckingClient> connect(String path, int n, int publishers) throws Exception {
        List<OrderCheckingClient> clients = new ArrayList<>();
        List<CompletableFuture<WebSocketSession>> opening = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            OrderCheckingClient c = new OrderCheckingClient(publishers);
            clients.add(c);
            opening.add(client.connect(URI.create("ws://127.0.0.1:" + port.port() + path), c));
        }
        CompletableFuture.allOf(opening.toArray(new CompletableFuture[0])).get(20, TimeUnit.SECONDS);
        return clients;
    }

    @Test
    void twoHundredSubscribersGetEveryMessageOfTwoPublishersInOrder() throws Exception {
        List<OrderCheckingClient> clients = connect("/fanout", 200, 2);
        await().atMost(PATIENCE).until(() -> fanOut.subscriberCount("feed") == 200);
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int publisher = p;
            publishers.add(new Thread(() -> {
                for (int seq = 0; seq < 100; seq++) {
                    fanOut.publish("feed", publisher + ":" + seq);
                }
            }));
        }
        publishers.forEach(Thread::start);
        for (Thread t : publishers) {
            t.join();
        }
        await().atMost(PATIENCE).until(() -> clients.stream().allMatch(c -> c.received.get() >= 200));
        for (OrderCheckingClient c : clients) {
            assertThat(c.problems).isEmpty();
            assertThat(c.received.get()).isEqualTo(200);
        }
        assertThat(fanOut.droppedMessages()).isZero();
    }

    @Test
    void aClientThatStopsReadingLosesMessagesWhileTheOthersGetThemAll() throws Exception {
        List<OrderCheckingClient> fast = connect("/drop", 4, 1);
        try (Socket stalled = stalledClient("/drop")) {
            await().atMost(PATIENCE).until(() -> dropping.subscriberCount("feed") == 5);
            int published = publishPaced(dropping, fast, 1500);
            WebSocketSession slow = serverSessions.get(stalled.getLocalPort());
            await().atMost(PATIENCE).until(() -> dropping.droppedMessages(slow) > 0);
            assertThat(slow.bufferedAmount()).isLessThanOrEqualTo(BOUND + 4200);
            assertThat(slow.isOpen()).isTrue();
            for (OrderCheckingClient c : fast) {
                assertThat(c.problems).isEmpty();
                assertThat(c.received.get()).isEqualTo(published);
            }
            assertThat(dropping.droppedMessages()).isEqualTo(dropping.droppedMessages(slow));
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWith1008AndUnsubscribed() throws Exception {
        List<OrderCheckingClient> fast = connect("/close", 4, 1);
        try (Socket stalled = stalledClient("/close")) {
            await().atMost(PATIENCE).until(() -> closing.subscriberCount("feed") == 5);
            int published = publishPaced(closing, fast, 1500);
            int slowPort = stalled.getLocalPort();
            await().atMost(PATIENCE).until(() -> serverClosed.containsKey(slowPort));
            assertThat(closing.slowConsumersClosed()).isEqualTo(1);
            assertThat(closing.subscriptions(serverSessions.get(slowPort))).isEmpty();
            assertThat(closing.subscriberCount("feed")).isEqualTo(4);
            for (OrderCheckingClient c : fast) {
                assertThat(c.problems).isEmpty();
                assertThat(c.received.get()).isEqualTo(published);
                assertThat(c.closedWith).isNull();
            }
        }
    }

    /**
     * Publishes {@code n} 4 KiB messages in batches, waiting after each batch until the fast clients have it
     * (so only the stalled client can fall behind); returns {@code n}.
     */
    private static int publishPaced(TopicRegistry topics, List<OrderCheckingClient> fast, int n) {
        String padding = "x".repeat(4096);
        for (int seq = 0; seq < n; seq++) {
            topics.publish("feed", "0:" + seq + padding);
            if (seq % 32 == 31 || seq == n - 1) {
                int upTo = seq + 1;
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(2))
                        .until(() -> fast.stream().allMatch(c -> c.received.get() >= upTo));
            }
        }
        return n;
    }

    /** A raw-socket client that completes the opening handshake and then never reads again. */
    private static Socket stalledClient(String path) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port.port()), 5000);
        socket.setSoTimeout(5000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the server closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101 ");
        return socket;
    }
}
