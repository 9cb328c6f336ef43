package dev.torsion.web;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A running Site on real sockets, spoken to by the JDK's HttpClient, by curl and by a raw socket. */
class RealClientsTest {

    @TempDir
    static Path tmp;
    static Reactor reactor;
    static ListeningPort port;
    static ScheduledExecutorService worker;
    static HttpClient client;
    static byte[] big;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        Path www = Files.createDirectory(tmp.resolve("www"));
        Files.createDirectory(tmp.resolve("private"));
        Files.writeString(tmp.resolve("private/secret.txt"), "TOP SECRET");
        Files.writeString(www.resolve("data.txt"), "0123456789");
        Files.writeString(www.resolve("dated.txt"), "dated file contents");
        Files.setLastModifiedTime(www.resolve("dated.txt"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2020-01-02T03:04:05Z")));
        Files.writeString(www.resolve(".env"), "TOP SECRET env");
        big = new byte[3_000_000];
        new Random(2).nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        worker = Executors.newSingleThreadScheduledExecutor();

        Resource root = new Resource();
        root.putChild("hello", new TextResource("hello from torsion"));
        root.putChild("doc", new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.setHeader("Content-Type", "text/plain; charset=utf-8");
                request.setHeader("ETag", "\"doc-7\"");
                request.setHeader("Last-Modified", "Thu, 02 Jan 2020 03:04:05 GMT");
                request.finish("the document".getBytes(StandardCharsets.UTF_8));
            }
        });
        root.putChild("echo", new Resource() {
            @Override
            protected void renderPost(Request request) {
                request.setHeader("Content-Type", "application/octet-stream");
                request.finish(request.body());
            }
        });
        root.putChild("async", new Resource() {
            @Override
            protected void renderGet(Request request) {
                worker.schedule(() -> {
                    request.setHeader("X-Thread", Thread.currentThread().getName());
                    request.write("answered ".getBytes(StandardCharsets.UTF_8));
                    request.write("later".getBytes(StandardCharsets.UTF_8));
                    request.finish();
                }, 50, TimeUnit.MILLISECONDS);
            }
        });
        root.putChild("static", new FileResource(www));
        root.putChild("upgrade", new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.setHeader("Upgrade", "echo");
                request.setHeader("Connection", "Upgrade");
                request.switchProtocols(new dev.torsion.protocols.Echo());
            }
        });
        reactor = Reactor.create();
        port = reactor.listenTcp("127.0.0.1", 0, new Site(root));
        base = "http://127.0.0.1:" + port.port();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        reactor.close();
        worker.shutdownNow();
    }


    private static java.net.http.HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofByteArray());
    }

    @Test
    void httpClientGetsAResource() throws Exception {
        var r = send(HttpRequest.newBuilder(URI.create(base + "/hello")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hello from torsion");
        assertThat(r.headers().firstValue("server")).hasValue("Torsion");
        assertThat(r.headers().firstValue("date")).isPresent();
    }

    @Test
    void httpClientPostsALargeBodyAndManyRequestsConcurrently() throws Exception {
        byte[] body = new byte[1_000_000];
        new Random(3).nextBytes(body);
        var r = send(HttpRequest.newBuilder(URI.create(base + "/echo")).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body);
        List<CompletableFuture<java.net.http.HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/hello")).timeout(Duration.ofSeconds(10)).build(),
                    BodyHandlers.ofString()));
        }
        for (var f : all) {
            assertThat(f.get(10, TimeUnit.SECONDS).body()).isEqualTo("hello from torsion");
        }
    }

    @Test
    void httpClientGetsAnAsynchronousChunkedResponseFinishedFromAnotherThread() throws Exception {
        var r = send(HttpRequest.newBuilder(URI.create(base + "/async")));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("answered later");
        assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(r.headers().firstValue("x-thread")).hasValueSatisfying(t -> assertThat(t).doesNotContain("main"));
    }

    @Test
    void httpClientGetsALargeFileAndARange() throws Exception {
        var r = send(HttpRequest.newBuilder(URI.create(base + "/static/big.bin")));
        assertThat(r.body()).isEqualTo(big);
        var range = send(HttpRequest.newBuilder(URI.create(base + "/static/big.bin")).header("Range", "bytes=1000-1999"));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(big, 1000, 2000));
    }

    @Test
    void httpClientGetsErrorAnswers() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/nothing"))).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/hello")).DELETE()).statusCode()).isEqualTo(405);
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--max-time", "10"));
        command.addAll(List.of(args));
        // output to a file read after the wait: reading the pipe first would make the wait's timeout useless
        Path out = Files.createTempFile("torsion-curl-", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean exited = p.waitFor(15, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            assertThat(exited).as("curl exited").isTrue();
            return new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void curlGetsAResourceWithHeaders() throws Exception {
        String out = curl("-i", base + "/hello");
        assertThat(out).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 18\r\n").endsWith("hello from torsion");
    }

    @Test
    void curlGetsRangesConditionalsAndHead() throws Exception {
        assertThat(curl("-r", "2-5", base + "/static/data.txt")).isEqualTo("2345");
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-r", "50-", base + "/static/data.txt")).isEqualTo("416");
        String head = curl("-I", base + "/static/data.txt");
        assertThat(head).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 10");
        String etag = head.lines().filter(l -> l.startsWith("ETag:")).findFirst().orElseThrow().substring(6).trim();
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: " + etag, base + "/static/data.txt"))
                .isEqualTo("304");
        String lastModified = head.lines().filter(l -> l.startsWith("Last-Modified:")).findFirst().orElseThrow().substring(15).trim();
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "If-Modified-Since: " + lastModified,
                base + "/static/data.txt")).isEqualTo("304");
    }

    /** What curl got: the status and the body, written as "STATUS|BODY". */
    private static String curlStatusAndBody(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-w", "|%{http_code}"));
        all.addAll(List.of(args));
        String out = curl(all.toArray(new String[0]));
        int bar = out.lastIndexOf('|');
        return out.substring(bar + 1) + "|" + out.substring(0, bar);
    }

    @Test
    void curlDrivesEveryConditionalRequestOfRfc9110Section13() throws Exception {
        String file = base + "/static/dated.txt";
        // curl's own conditional features: -z (If-Modified-Since, and "-date" for If-Unmodified-Since),
        // --etag-save/--etag-compare (If-None-Match)
        assertThat(curlStatusAndBody("-z", "Thu, 02 Jan 2020 03:04:05 GMT", file)).isEqualTo("304|");
        assertThat(curlStatusAndBody("-z", "Wed, 01 Jan 2020 00:00:00 GMT", file)).isEqualTo("200|dated file contents");
        assertThat(curlStatusAndBody("-z", "-Wed, 01 Jan 2020 00:00:00 GMT", file)).startsWith("412|");
        assertThat(curlStatusAndBody("-z", "-Fri, 03 Jan 2020 00:00:00 GMT", file)).isEqualTo("200|dated file contents");
        Path etagFile = tmp.resolve("etag.txt");
        assertThat(curlStatusAndBody("--etag-save", etagFile.toString(), file)).isEqualTo("200|dated file contents");
        String etag = Files.readString(etagFile).trim();
        assertThat(etag).matches("\"[0-9a-f]+-[0-9a-f]+\"");
        assertThat(curlStatusAndBody("--etag-compare", etagFile.toString(), file)).isEqualTo("304|");
        // the other date forms and fields, sent as headers
        assertThat(curlStatusAndBody("-H", "If-Modified-Since: Thursday, 02-Jan-20 03:04:05 GMT", file)).isEqualTo("304|");
        assertThat(curlStatusAndBody("-H", "If-Modified-Since: Thu Jan  2 03:04:05 2020", file)).isEqualTo("304|");
        assertThat(curlStatusAndBody("-H", "If-Match: \"x\"", file)).isEqualTo("412|Precondition Failed\n");
        assertThat(curlStatusAndBody("-H", "If-Match: " + etag, file)).isEqualTo("200|dated file contents");
        assertThat(curlStatusAndBody("-H", "If-None-Match: W/" + etag, file)).isEqualTo("304|");
        assertThat(curlStatusAndBody("-H", "If-None-Match: \"x\"", "-H", "If-Modified-Since: Fri, 03 Jan 2020 00:00:00 GMT",
                file)).as("If-None-Match wins").isEqualTo("200|dated file contents");
        // a 304 carries the validators and no content metadata
        String notModified = curl("-i", "-H", "If-None-Match: " + etag, file);
        assertThat(notModified).startsWith("HTTP/1.1 304 Not Modified\r\n").contains("ETag: " + etag + "\r\n")
                .contains("Last-Modified: Thu, 02 Jan 2020 03:04:05 GMT\r\n").doesNotContain("Content-Type")
                .doesNotContain("Content-Length").endsWith("\r\n\r\n");
        // an application resource that sets validators gets the same rules
        assertThat(curlStatusAndBody("-H", "If-None-Match: \"doc-7\"", base + "/doc")).isEqualTo("304|");
        assertThat(curlStatusAndBody("-z", "Thu, 02 Jan 2020 03:04:05 GMT", base + "/doc")).isEqualTo("304|");
        assertThat(curlStatusAndBody("-H", "If-Match: \"doc-6\"", base + "/doc")).startsWith("412|");
        assertThat(curlStatusAndBody(base + "/doc")).isEqualTo("200|the document");
    }

    @Test
    void curlResumesADownloadAndUsesIfRange() throws Exception {
        String file = base + "/static/dated.txt";
        String etag = curl("-I", file).lines().filter(l -> l.startsWith("ETag:")).findFirst().orElseThrow()
                .substring(6).trim();
        Path partial = tmp.resolve("partial.txt");
        Files.writeString(partial, "dated ");
        assertThat(curl("-C", "-", "-o", partial.toString(), "-w", "%{http_code}", file)).isEqualTo("206");
        assertThat(Files.readString(partial)).isEqualTo("dated file contents");
        assertThat(curlStatusAndBody("-r", "6-9", "-H", "If-Range: " + etag, file)).isEqualTo("206|file");
        assertThat(curlStatusAndBody("-r", "6-9", "-H", "If-Range: \"stale\"", file))
                .isEqualTo("200|dated file contents");
        assertThat(curlStatusAndBody("-r", "6-9", "-H", "If-Range: Thu, 02 Jan 2020 03:04:05 GMT", file))
                .isEqualTo("206|file");
        assertThat(curlStatusAndBody("-r", "6-9", "-H", "If-Range: Fri, 03 Jan 2020 00:00:00 GMT", file))
                .isEqualTo("200|dated file contents");
        assertThat(curlStatusAndBody("-r", "6-9", "-H", "If-None-Match: " + etag, file)).isEqualTo("304|");
        assertThat(curlStatusAndBody("-r", "100-", file)).startsWith("416|");
    }

    @Test
    void curlGetsNoDotfile() throws Exception {
        assertThat(curlStatusAndBody(base + "/static/.env")).startsWith("404|").doesNotContain("TOP SECRET");
        assertThat(curlStatusAndBody(base + "/static/")).startsWith("403|");
    }

    @Test
    void curlPostsWithExpectContinueAndChunkedUpload() throws Exception {
        Path upload = tmp.resolve("upload.bin");
        Files.write(upload, java.util.Arrays.copyOf(big, 200_000));
        Path got = tmp.resolve("got.bin");
        String code = curl("-o", got.toString(), "-w", "%{http_code}", "-H", "Expect: 100-continue",
                "--data-binary", "@" + upload, base + "/echo");
        assertThat(code).isEqualTo("200");
        assertThat(Files.readAllBytes(got)).isEqualTo(Files.readAllBytes(upload));
        Path got2 = tmp.resolve("got2.bin");
        curl("-o", got2.toString(), "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + upload, base + "/echo");
        assertThat(Files.readAllBytes(got2)).isEqualTo(Files.readAllBytes(upload));
    }

    @Test
    void curlCannotLeaveTheStaticRoot() throws Exception {
        for (String path : List.of("/static/../private/secret.txt", "/static/%2e%2e/private/secret.txt",
                "/static/..%2fprivate%2fsecret.txt", "/static//etc/passwd")) {
            String out = curl("--path-as-is", "-i", base + path);
            assertThat(out).as(path).doesNotContain("TOP SECRET").matches("(?s)HTTP/1.1 40[04] .*");
        }
    }

    @Test
    void curlKeepsTheConnectionAliveAcrossRequests() throws Exception {
        String out = curl("-v", base + "/hello", base + "/static/data.txt");
        assertThat(out).contains("hello from torsion").contains("0123456789").contains("Re-using existing connection");
    }

    @Test
    void rawSocketUpgradeWithBytesGluedToTheRequest() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /upgrade HTTP/1.1\r\nHost: a\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nglued-bytes")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String expected = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nglued-bytes";
            assertThat(readExactly(s.getInputStream(), expected.length())).isEqualTo(expected);
            out.write("more".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(readExactly(s.getInputStream(), 4)).isEqualTo("more");
        }
    }

    @Test
    void rawSocketMalformedRequestGets400AndClose() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] all = s.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n");
        }
    }

    private static String readExactly(InputStream in, int n) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (buf.size() < n) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            buf.write(b);
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }
}
