package dev.torsion.web.http2;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.tls.SelfSignedCertificate;
import dev.torsion.tls.TlsConfig;
import dev.torsion.web.FileResource;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Site over HTTP/2 on real sockets, spoken to by real peers from Debian: curl with prior knowledge
 * (h2c) and over TLS with ALPN (h2), nghttp (nghttp2-client) and Python's h2 (python3-h2) for frame-level
 * checks: concurrent streams, PING, flow control with a tiny window, a large upload, trailers, a bad frame;
 * and the JDK's HttpClient negotiating h2 over TLS.
 */
class Http2RealPeersTest {

    @TempDir
    static Path tmp;
    static Reactor reactor;
    static ListeningPort plain;
    static ListeningPort tls;
    static byte[] big;
    static Path bigFile;
    static SelfSignedCertificate cert;

    @BeforeAll
    static void start() throws Exception {
        Path www = Files.createDirectory(tmp.resolve("www"));
        Files.writeString(www.resolve("data.txt"), "0123456789");
        big = new byte[300_000];
        new Random(5).nextBytes(big);
        bigFile = www.resolve("big.bin");
        Files.write(bigFile, big);
        Resource root = new Resource();
        root.putChild("hello", new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.setHeader("Content-Type", "text/plain");
                request.setHeader("X-Protocol", request.version());
                request.finish("hello from torsion".getBytes(StandardCharsets.UTF_8));
            }
        });
        root.putChild("echo", new Resource() {
            @Override
            protected void renderPost(Request request) {
                request.setHeader("Content-Type", "application/octet-stream");
                request.finish(request.body());
            }
        });
        root.putChild("static", new FileResource(www));
        cert = SelfSignedCertificate.generate(tmp.resolve("cert"));
        TlsConfig tlsConfig = TlsConfig.serverFromPem(cert.certificate(), cert.privateKey())
                .withApplicationProtocols("h2", "http/1.1");
        reactor = Reactor.create();
        Site site = new Site(root, dev.torsion.web.HttpConfig.defaults().withMaxBodySize(4 << 20));
        plain = reactor.listenTcp("127.0.0.1", 0, site);
        tls = reactor.listenTcp("127.0.0.1", 0, tlsConfig.wrap(site));
    }

    @AfterAll
    static void stop() {
        reactor.close();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s exit status; output:%n%s", String.join(" ", command), text).isZero();
        return text;
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "20"));
        command.addAll(List.of(args));
        return run(command.toArray(new String[0]));
    }

    private static String h2c() {
        return "http://127.0.0.1:" + plain.port();
    }

    private static String h2() {
        return "https://localhost:" + tls.port();
    }

    @Test
    void curl_with_prior_knowledge_speaks_h2c() throws Exception {
        String out = curl("--http2-prior-knowledge", "-i", "-w", "%{http_version}", h2c() + "/hello");
        assertThat(out).startsWith("HTTP/2 200").contains("x-protocol: HTTP/2").endsWith("hello from torsion2");
    }

    @Test
    void curl_over_tls_gets_h2_by_alpn_and_http_1_1_when_it_asks_for_it() throws Exception {
        assertThat(curl("--http2", "-k", "-w", " %{http_version}", h2() + "/hello")).isEqualTo("hello from torsion 2");
        assertThat(curl("--http1.1", "-k", "-i", h2() + "/hello")).startsWith("HTTP/1.1 200").contains("X-Protocol: HTTP/1.1");
    }

    @Test
    void curl_without_prior_knowledge_on_plain_tcp_stays_on_http_1_1() throws Exception {
        assertThat(curl("--http2", "-w", " %{http_version}", h2c() + "/hello")).isEqualTo("hello from torsion 1.1");
    }

    @Test
    void curl_gets_static_files_ranges_and_conditionals_over_h2() throws Exception {
        assertThat(curl("--http2", "-k", "-r", "2-5", h2() + "/static/data.txt")).isEqualTo("2345");
        Path download = tmp.resolve("download.bin");
        curl("--http2-prior-knowledge", "-o", download.toString(), h2c() + "/static/big.bin");
        assertThat(Files.readAllBytes(download)).isEqualTo(big);
        Path etags = tmp.resolve("etags.txt");
        curl("--http2", "-k", "-o", "/dev/null", "--etag-save", etags.toString(), h2() + "/static/data.txt");
        assertThat(curl("--http2", "-k", "-o", "/dev/null", "-w", "%{http_code}", "--etag-compare", etags.toString(),
                h2() + "/static/data.txt")).isEqualTo("304");
    }

    @Test
    void curl_uploads_a_large_body_over_h2() throws Exception {
        Path out = tmp.resolve("echoed.bin");
        curl("--http2", "-k", "--data-binary", "@" + bigFile, "-H", "Content-Type: application/octet-stream",
                "-o", out.toString(), h2() + "/echo");
        assertThat(Files.readAllBytes(out)).isEqualTo(big);
    }

    @Test
    void the_jdks_http_client_negotiates_h2_over_tls() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2)
                .sslContext(TlsConfig.clientTrusting(cert.certificate()).context()).build();
        java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(h2() + "/hello")).timeout(java.time.Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        assertThat(r.headers().firstValue("x-protocol")).hasValue("HTTP/2");
        assertThat(r.body()).isEqualTo("hello from torsion");
        java.net.http.HttpResponse<byte[]> file = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(h2() + "/static/big.bin")).timeout(java.time.Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.body()).isEqualTo(big);
    }

    @Test
    void nghttp_gets_several_resources_on_one_connection() throws Exception {
        String out = run("nghttp", "-nv", h2c() + "/hello", h2c() + "/static/data.txt", h2c() + "/nope");
        // nghttp sends PRIORITY frames for idle streams (its dependency tree), then the requests on 13, 15, 17
        assertThat(out).contains("recv SETTINGS frame").contains("recv (stream_id=13) x-protocol: HTTP/2")
                .contains("recv (stream_id=15) :status: 200").contains("recv (stream_id=17) :status: 404")
                .doesNotContain("recv GOAWAY").doesNotContain("recv RST_STREAM");
        String tlsOut = run("nghttp", "-nv", h2() + "/hello");
        assertThat(tlsOut).contains("The negotiated protocol: h2").contains(":status: 200");
    }

    private static String python(String scenario) throws Exception {
        Path script = Path.of(Http2RealPeersTest.class.getResource("/h2/h2_peer.py").toURI());
        return run("/usr/bin/python3", script.toString(), "127.0.0.1", Integer.toString(plain.port()), scenario);
    }

    @Test
    void python_h2_concurrent_streams_and_ping() throws Exception {
        assertThat(python("concurrent")).contains("20 streams answered").contains("PING acknowledged").endsWith("ok concurrent\n");
    }

    @Test
    void python_h2_flow_control_with_a_tiny_window() throws Exception {
        assertThat(python("flow-control")).contains("300000 bytes").endsWith("ok flow-control\n");
    }

    @Test
    void python_h2_large_upload() throws Exception {
        assertThat(python("upload")).endsWith("ok upload\n");
    }

    @Test
    void python_h2_trailers() throws Exception {
        assertThat(python("trailers")).endsWith("ok trailers\n");
    }

    @Test
    void python_h2_bad_frame_gets_goaway() throws Exception {
        assertThat(python("bad-frame")).contains("GOAWAY PROTOCOL_ERROR: WINDOW_UPDATE with an increment of 0");
    }
}
