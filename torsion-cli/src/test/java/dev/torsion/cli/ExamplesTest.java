package dev.torsion.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The programs under {@code examples/} that the README shows are real: each compiles (no warnings) against
 * the library alone (torsion-core, -http, -web, -websocket), and runs on it: the echo server serves its folder
 * and echoes, the client sends three messages, prints the answers and its JVM exits by itself, the TCP echo server
 * echoes, the broadcast server serves its folder and sends each text to the whole room, the token server refuses
 * without the token (401 and its challenge) and picks its preferred subprotocol, and the stream server sends and
 * takes messages larger than its heap, to fast, slow and leaving clients. README.md and docs/ show them as they are.
 */
class ExamplesTest {

    @TempDir
    static Path dir;
    static Path classes;

    private final List<Process> started = new ArrayList<>();

    @org.junit.jupiter.api.BeforeAll
    static void compile() throws Exception {
        classes = compileExamples();
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void everyExampleCompilesWithoutWarnings() throws Exception {
        try (Stream<Path> files = Files.list(examples())) {
            for (Path source : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String name = source.getFileName().toString().replace(".java", ".class");
                assertThat(classes.resolve(name)).as("compiled " + source).exists();
            }
        }
    }

    @Test
    void theReadmeAndDocsShowEachExampleAsItIs() throws Exception {
        shows("README.md", "EchoServer.java", "EchoClient.java", "TcpEcho.java");
        shows("docs/websocket.md", "StreamServer.java");
        shows("docs/comparison.md", "BroadcastServer.java", "EchoClient.java", "TokenServer.java", "TcpEcho.java");
    }

    /** The file {@code doc} (from the repository's root) shows each of {@code examples} whole, as it is. */
    private static void shows(String doc, String... examples) throws Exception {
        String text = Files.readString(examples().resolveSibling(doc));
        for (String example : examples) {
            String code = Files.readString(examples().resolve(example)).strip();
            assertThat(text).as(doc + " shows examples/" + example + " exactly")
                    .contains("```java\n" + code + "\n```");
        }
    }

    @Test
    void theServerServesItsFolderAndTheClientTalksToItAndExits() throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "<h1>hello from the folder</h1>");
        Process server = start("EchoServer", "0", www.toString());
        String banner = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        Matcher m = Pattern.compile("on http://127.0.0.1:(\\d+)/, echoing on ws://127.0.0.1:\\d+/echo").matcher(banner);
        assertThat(m.find()).as(banner).isTrue();
        int port = Integer.parseInt(m.group(1));

        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("<h1>hello from the folder</h1>");

        Process client = start("EchoClient", "ws://127.0.0.1:" + port + "/echo");
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).as("the client's JVM exits by itself").isTrue();
        assertThat(client.exitValue()).isZero();
        assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("got: one\ngot: two\ngot: three\nclosed: 1000 clean\n");
    }

    @Test
    void theBroadcastServerServesItsFolderAndSendsEachTextToTheWholeRoom() throws Exception {
        Path www = Files.createDirectories(dir.resolve("room"));
        Files.writeString(www.resolve("index.html"), "<h1>the room</h1>");
        Process server = start("BroadcastServer", "0", www.toString());
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("on http://127.0.0.1:(\\d+)/, chat on").matcher(lineWithin(out));
        assertThat(m.find()).isTrue();
        String base = "127.0.0.1:" + m.group(1);
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("<h1>the room</h1>");

        Texts ada = new Texts();
        WebSocket adaSocket = http.newWebSocketBuilder().buildAsync(URI.create("ws://" + base + "/chat?name=ada"), ada)
                .get(10, TimeUnit.SECONDS);
        assertThat(ada.next()).isEqualTo("ada joined");
        Texts bob = new Texts();
        WebSocket bobSocket = http.newWebSocketBuilder().buildAsync(URI.create("ws://" + base + "/chat?name=bob"), bob)
                .get(10, TimeUnit.SECONDS);
        assertThat(bob.next()).isEqualTo("bob joined");
        assertThat(ada.next()).isEqualTo("bob joined");
        adaSocket.sendText("hello, room", true);
        assertThat(ada.next()).isEqualTo("ada: hello, room");
        assertThat(bob.next()).isEqualTo("ada: hello, room");
        adaSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
        assertThat(bob.next()).isEqualTo("ada left");
        bobSocket.abort();
    }

    @Test
    void theTokenServerRefusesWithoutTheTokenAndPicksItsPreferredSubprotocol() throws Exception {
        Process server = start("TokenServer", "0", "s3cret");
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("on ws://127.0.0.1:(\\d+)/ws").matcher(lineWithin(out));
        assertThat(m.find()).isTrue();
        URI uri = URI.create("ws://127.0.0.1:" + m.group(1) + "/ws");
        HttpClient http = HttpClient.newHttpClient();

        CompletableFuture<WebSocket> refused = http.newWebSocketBuilder()
                .header("Authorization", "Bearer wrong").buildAsync(uri, new Texts());
        assertThat(refused).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
                    assertThat(e.getResponse().statusCode()).isEqualTo(401);
                    assertThat(e.getResponse().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"chat\"");
                });

        Texts texts = new Texts();
        WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Bearer s3cret")
                .subprotocols("chat.v1", "chat.v2").buildAsync(uri, texts).get(10, TimeUnit.SECONDS);
        assertThat(socket.getSubprotocol()).isEqualTo("chat.v2");
        assertThat(texts.next()).isEqualTo("subprotocol: chat.v2");
        Texts browser = new Texts();
        http.newWebSocketBuilder().buildAsync(URI.create(uri + "?token=s3cret"), browser).get(10, TimeUnit.SECONDS);
        assertThat(browser.next()).isEqualTo("subprotocol: none");   // offered none: speaks none
        socket.abort();
    }

    /** A JDK WebSocket listener that queues the texts it gets. */
    private static final class Texts implements WebSocket.Listener {
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        String next() throws InterruptedException {
            String text = texts.poll(10, TimeUnit.SECONDS);
            assertThat(text).as("a text within 10 s").isNotNull();
            return text;
        }
    }

    @Test
    void theTcpEchoServerEchoes() throws Exception {
        Process server = start("TcpEcho", "0");
        String banner = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        Matcher m = Pattern.compile("echoing on 127.0.0.1:(\\d+)").matcher(banner);
        assertThat(m.find()).as(banner).isTrue();
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
            OutputStream out = socket.getOutputStream();
            out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
        }
    }

    @Test
    void theStreamServerStreamsMessagesLargerThanItsHeapToFastSlowAndLeavingClients() throws Exception {
        List<String> smallHeap = List.of("-Xmx16m");            // every message below is larger, but the leaving one
        Process server = start(smallHeap, "StreamServer", "0");
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("streaming on ws://127.0.0.1:(\\d+)/download and /upload").matcher(lineWithin(out));
        assertThat(m.find()).isTrue();
        String base = "ws://127.0.0.1:" + m.group(1);
        Process fast = start(smallHeap, "StreamClient", base, "32");
        Process slow = start(smallHeap, "StreamClient", base, "2", "4");          // 2 MiB read at 4 MiB/s
        Process leaving = start(smallHeap, "StreamClient", base, "50", "0", "1");  // leaves after 1 MiB of 50

        assertThat(output(fast)).isEqualTo("downloaded 33554432 bytes of 33554432, content ok\n"
                + "upload: received 33554432 bytes, content ok\n");
        assertThat(output(slow)).isEqualTo("downloaded 2097152 bytes of 2097152, content ok\n"
                + "upload: received 2097152 bytes, content ok\n");
        assertThat(output(leaving)).matches("left after \\d+ bytes of 52428800, content ok\n");
        List<String> report = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            report.add(lineWithin(out));   // the three clients are gone, so the server has said all it will
        }
        assertThat(report).anySatisfy(line -> assertThat(line).matches("sent 33554432 bytes, at most \\d+ bytes queued"))
                .anySatisfy(line -> assertThat(line).matches("sent 2097152 bytes, at most \\d+ bytes queued"))
                .anySatisfy(line -> assertThat(line).matches("stopped after \\d+ bytes: the client closed \\(1000\\)"));
        for (String line : report) {
            Matcher n = Pattern.compile("(?:at most|stopped after) (\\d+) bytes").matcher(line);
            assertThat(n.find()).isTrue();
            long bytes = Long.parseLong(n.group(1));
            assertThat(bytes).as(line).isLessThan(line.startsWith("sent") ? 256 << 10 : 50L << 20);
        }
    }

    /** The next line, within 10 s (read on another thread: a pipe read ignores interrupts; stop() ends it). */
    private static String lineWithin(BufferedReader out) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(10, TimeUnit.SECONDS);
    }

    /** What a program printed, once it exited 0 by itself (within 60 s). */
    private static String output(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        assertThat(p.exitValue()).isZero();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Compiles every example against the library's classes, with every lint warning an error. */
    private static Path compileExamples() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-Xlint:all", "-Werror", "-d", classes.toString(),
                "-cp", library()));
        try (Stream<Path> files = Files.list(examples())) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int code = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertThat(code).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        return classes;
    }

    private Process start(String main, String... args) throws Exception {
        return start(List.of(), main, args);
    }

    private Process start(List<String> jvmOptions, String main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classes + File.pathSeparator + library(), main));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        started.add(p);
        return p;
    }

    private static Path examples() {
        return EchoServerFixture.repository("examples");
    }

    /** The library's own jars or class folders: core, http, web, websocket, and nothing else. */
    private static String library() {
        List<String> path = new ArrayList<>();
        for (Class<?> c : List.of(dev.torsion.reactor.Reactor.class, dev.torsion.http.HttpHeaders.class,
                dev.torsion.web.Site.class, dev.torsion.websocket.client.WebSocketClient.class)) {
            try {
                path.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, path);
    }
}
