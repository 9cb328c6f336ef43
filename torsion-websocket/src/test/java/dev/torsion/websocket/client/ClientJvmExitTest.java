package dev.torsion.websocket.client;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import dev.torsion.websocket.CloseCode;
import dev.torsion.websocket.WebSocketHandler;
import dev.torsion.websocket.WebSocketSession;
import dev.torsion.websocket.server.WebSocketResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that owns its reactor lets its JVM exit by itself, and not before its work is done: a program that
 * sends and closes exits once the close handshake is over (the server got every message and a 1000), and one
 * whose {@code main} returned with a session open stays up until that session closes. Real child JVMs, real
 * sockets.
 */
class ClientJvmExitTest {

    private final Reactor server = Reactor.create(ReactorConfig.defaults().withEventLoops(1));
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private Process child;

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        server.close();
    }

    @Test
    void aProgramThatSendsAndClosesExitsOnceTheCloseIsDone() throws Exception {
        child = start("send-and-close", listen());
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the client JVM exited by itself").isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(List.of(next(), next(), next(), next())).containsExactly("one", "two", "three", "close 1000 clean");
    }

    @Test
    void anOpenSessionKeepsTheJvmAliveAfterMainReturnedUntilItCloses() throws Exception {
        String uri = listen();
        child = start("wait-for-bye", uri);
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("main returned");
        assertThat(next()).isEqualTo("waiting");
        sessions.poll(10, TimeUnit.SECONDS).sendText("bye");
        assertThat(next()).as("the client still answers after main returned").isEqualTo("got bye");
        assertThat(next()).isEqualTo("close 1000 clean");
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the client JVM exited by itself").isTrue();
        assertThat(child.exitValue()).isZero();
    }

    private final BlockingQueue<WebSocketSession> sessions = new LinkedBlockingQueue<>();

    private String listen() throws Exception {
        Resource root = new Resource();
        root.putChild("record", WebSocketResource.builder(new WebSocketHandler() {
            @Override
            public void onOpen(WebSocketSession session) {
                sessions.add(session);
            }

            @Override
            public void onText(WebSocketSession session, String text) {
                received.add(text);
            }

            @Override
            public void onBinary(WebSocketSession session, ByteBuffer data) {
            }

            @Override
            public void onClose(WebSocketSession session, CloseCode code, String reason, boolean clean) {
                received.add("close " + code.code() + (clean ? " clean" : " unclean"));
            }
        }).build());
        ListeningPort port = server.listenTcp("127.0.0.1", 0, new Site(root));
        return "ws://127.0.0.1:" + port.port() + "/record";
    }

    private static Process start(String mode, String uri) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ExitingClientProgram.class.getName(), mode, uri))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private String next() throws InterruptedException {
        String s = received.poll(30, TimeUnit.SECONDS);
        assertThat(s).as("the server heard from the client in time").isNotNull();
        return s;
    }
}
