package dev.torsion.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static files: content types, validators and conditional requests (RFC 9110 sections 8.8 and 13), a single
 * range (RFC 9110 section 14), directories, flow control, and every way out of the root refused.
 */
class FileResourceTest {

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    byte[] big;

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectory(tmp.resolve("www"));
        outside = Files.createDirectory(tmp.resolve("private"));
        Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
        Files.writeString(root.resolve("hello.txt"), "hello, world");
        Files.writeString(root.resolve("page.html"), "<h1>hi</h1>");
        Files.writeString(root.resolve("data.bin"), "0123456789");
        Files.setLastModifiedTime(root.resolve("data.bin"), FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
        Files.createDirectory(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "docs index");
        Files.createDirectory(root.resolve("empty dir"));
        Files.writeString(root.resolve("empty dir/a <b>.txt"), "x");
        big = new byte[1_000_000];
        new Random(1).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.createSymbolicLink(root.resolve("escape.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("escape-dir"), outside);
        Files.createSymbolicLink(root.resolve("inside-link.txt"), root.resolve("hello.txt"));
        Files.writeString(root.resolve(".env"), "DOT SECRET env");
        Files.createDirectory(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), "DOT SECRET git");
        Files.writeString(root.resolve("docs/.secret"), "DOT SECRET docs");
        Files.createDirectory(root.resolve(".hidden-dir"));
        Files.writeString(root.resolve(".hidden-dir/index.html"), "DOT SECRET index");
        Files.createSymbolicLink(root.resolve("env-link"), root.resolve(".env"));
    }

    private SiteHarness site() {
        Resource top = new Resource();
        top.putChild("static", new FileResource(root));
        return new SiteHarness(top);
    }

    private HttpResponse get(String path, String... headers) {
        return site().exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\n" + String.join("", headers) + "\r\n");
    }

    @Test
    void servesAFileWithTypeLengthAndValidators() {
        HttpResponse r = get("/static/hello.txt");
        assertThat(r.status).isEqualTo(200);
        assertThat(r.text()).isEqualTo("hello, world");
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.header("Content-Length")).isEqualTo("12");
        assertThat(r.header("ETag")).matches("\"[0-9a-f]+-[0-9a-f]+\"");
        assertThat(r.header("Last-Modified")).endsWith(" GMT");
        assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(get("/static/page.html").header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(get("/static/data.bin").header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(get("/static/data.bin").header("Last-Modified")).isEqualTo("Thu, 02 Jan 2020 03:04:05 GMT");
    }

    @Test
    void headGivesTheHeadersWithoutTheBody() {
        SiteHarness h = site();
        h.send("HEAD /static/hello.txt HTTP/1.1\r\nHost: a\r\n\r\n");
        String wire = h.output();
        assertThat(wire).contains("Content-Length: 12\r\n").endsWith("\r\n\r\n").doesNotContain("hello, world");
    }

    @Test
    void ifNoneMatchGives304() {
        String etag = get("/static/hello.txt").header("ETag");
        HttpResponse r = get("/static/hello.txt", "If-None-Match: \"other\", " + etag + "\r\n");
        assertThat(r.status).isEqualTo(304);
        assertThat(r.body).isEmpty();
        assertThat(r.header("ETag")).isEqualTo(etag);
        assertThat(get("/static/hello.txt", "If-None-Match: *\r\n").status).isEqualTo(304);
        assertThat(get("/static/hello.txt", "If-None-Match: \"other\"\r\n").status).isEqualTo(200);
    }

    @Test
    void ifModifiedSinceGives304WhenNotNewer() {
        assertThat(get("/static/data.bin", "If-Modified-Since: Thu, 02 Jan 2020 03:04:05 GMT\r\n").status).isEqualTo(304);
        assertThat(get("/static/data.bin", "If-Modified-Since: Fri, 03 Jan 2020 00:00:00 GMT\r\n").status).isEqualTo(304);
        assertThat(get("/static/data.bin", "If-Modified-Since: Wed, 01 Jan 2020 00:00:00 GMT\r\n").status).isEqualTo(200);
        assertThat(get("/static/data.bin", "If-Modified-Since: not a date\r\n").status).isEqualTo(200);
        String etag = get("/static/data.bin").header("ETag");
        assertThat(get("/static/data.bin", "If-None-Match: \"nope\"\r\nIf-Modified-Since: Fri, 03 Jan 2020 00:00:00 GMT\r\n")
                .status).as("If-None-Match wins over If-Modified-Since").isEqualTo(200);
        assertThat(etag).isNotNull();
    }

    @Test
    void aSingleRangeGives206() {
        HttpResponse r = get("/static/data.bin", "Range: bytes=2-5\r\n");
        assertThat(r.status).isEqualTo(206);
        assertThat(r.text()).isEqualTo("2345");
        assertThat(r.header("Content-Range")).isEqualTo("bytes 2-5/10");
        assertThat(r.header("Content-Length")).isEqualTo("4");
        assertThat(get("/static/data.bin", "Range: bytes=7-\r\n").text()).isEqualTo("789");
        assertThat(get("/static/data.bin", "Range: bytes=-3\r\n").text()).isEqualTo("789");
        assertThat(get("/static/data.bin", "Range: bytes=8-100\r\n").header("Content-Range")).isEqualTo("bytes 8-9/10");
        assertThat(get("/static/data.bin", "Range: bytes=-50\r\n").text()).isEqualTo("0123456789");
    }

    @Test
    void anUnsatisfiableRangeGives416() {
        HttpResponse r = get("/static/data.bin", "Range: bytes=10-\r\n");
        assertThat(r.status).isEqualTo(416);
        assertThat(r.header("Content-Range")).isEqualTo("bytes */10");
        assertThat(get("/static/data.bin", "Range: bytes=-0\r\n").status).isEqualTo(416);
    }

    @Test
    void multipleOrMalformedRangesOrAStaleIfRangeGiveTheWholeFile() {
        assertThat(get("/static/data.bin", "Range: bytes=0-1,3-4\r\n").status).isEqualTo(200);
        assertThat(get("/static/data.bin", "Range: bytes=5-2\r\n").status).isEqualTo(200);
        assertThat(get("/static/data.bin", "Range: lines=1-2\r\n").status).isEqualTo(200);
        assertThat(get("/static/data.bin", "Range: bytes=1-2\r\nIf-Range: \"stale\"\r\n").status).isEqualTo(200);
        String etag = get("/static/data.bin").header("ETag");
        assertThat(get("/static/data.bin", "Range: bytes=1-2\r\nIf-Range: " + etag + "\r\n").status).isEqualTo(206);
    }

    @Test
    void directoriesRedirectToTheirSlashThenServeIndexOrListing() {
        HttpResponse redirect = get("/static/docs?x=1");
        assertThat(redirect.status).isEqualTo(301);
        assertThat(redirect.header("Location")).isEqualTo("/static/docs/?x=1");
        assertThat(get("/static/docs/").text()).isEqualTo("docs index");
        assertThat(get("/static/empty%20dir/").status).as("listings are off by default").isEqualTo(403);
        HttpResponse listing = site(new FileResource(root).setDirectoryListing(true)).exchange(
                "GET /static/empty%20dir/ HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(listing.status).isEqualTo(200);
        assertThat(listing.text()).contains("a &lt;b&gt;.txt").contains("href=\"a%20%3Cb%3E.txt\"").doesNotContain("<b>");
    }

    private static SiteHarness site(FileResource files) {
        Resource top = new Resource();
        top.putChild("static", files);
        return new SiteHarness(top);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/.env", "/static/.git/config", "/static/.git/", "/static/.git",
        "/static/docs/.secret", "/static/%2eenv", "/static/env-link", "/static/.hidden-dir/index.html",
        "/static/.hidden-dir/"})
    void dotfilesAreNotServedByDefault(String target) {
        SiteHarness h = site(new FileResource(root).setDirectoryListing(true));
        h.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
        String wire = h.output();
        assertThat(wire).startsWith("HTTP/1.1 404 ").doesNotContain("DOT SECRET");
    }

    @Test
    void dotfilesCanBeSwitchedOn() {
        SiteHarness h = site(new FileResource(root).setDotfiles(true));
        assertThat(h.exchange("GET /static/.env HTTP/1.1\r\nHost: a\r\n\r\n").text()).isEqualTo("DOT SECRET env");
        assertThat(site(new FileResource(root).setDotfiles(true)).exchange(
                "GET /static/.git/config HTTP/1.1\r\nHost: a\r\n\r\n").text()).isEqualTo("DOT SECRET git");
        assertThat(site(new FileResource(root).setDotfiles(true)).exchange(
                "GET /static/env-link HTTP/1.1\r\nHost: a\r\n\r\n").text()).isEqualTo("DOT SECRET env");
    }

    @Test
    void listingsLeaveDotfilesOutUnlessTheyAreServed() {
        String hidden = site(new FileResource(root).setDirectoryListing(true)).exchange(
                "GET /static/ HTTP/1.1\r\nHost: a\r\n\r\n").text();
        assertThat(hidden).contains("hello.txt").doesNotContain(".env").doesNotContain(".git");
        String shown = site(new FileResource(root).setDirectoryListing(true).setDotfiles(true)).exchange(
                "GET /static/ HTTP/1.1\r\nHost: a\r\n\r\n").text();
        assertThat(shown).contains("hello.txt").contains(".env").contains(".git/");
    }

    @Test
    void aFileResourceMountedAsTheEmptyChildServesSlashWithoutARedirectLoop() {
        Resource top = new Resource();
        top.putChild("", new FileResource(root.resolve("docs")));
        HttpResponse r = new SiteHarness(top).exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r.status).isEqualTo(200);
        assertThat(r.text()).isEqualTo("docs index");
        Resource nested = new Resource();
        Resource section = new Resource();
        nested.putChild("section", section);
        section.putChild("", new FileResource(root.resolve("docs")));
        assertThat(new SiteHarness(nested).exchange("GET /section/ HTTP/1.1\r\nHost: a\r\n\r\n").text())
                .isEqualTo("docs index");
    }

    @Test
    void aFileResourceAtTheRootRedirectsItsDirectoriesToTheirSlash() {
        SiteHarness h = new SiteHarness(new FileResource(root).setDirectoryListing(true));
        assertThat(h.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n").text()).contains("Index of /<");
        HttpResponse redirect = h.exchange("GET /docs HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(redirect.status).isEqualTo(301);
        assertThat(redirect.header("Location")).isEqualTo("/docs/");
        assertThat(h.exchange("GET /docs/ HTTP/1.1\r\nHost: a\r\n\r\n").text()).isEqualTo("docs index");
        assertThat(h.exchange("GET /empty%20dir/ HTTP/1.1\r\nHost: a\r\n\r\n").text())
                .contains("Index of /empty dir/<");
    }

    @Test
    void aFileResourceServesTheChildrenPutOnItAmongItsFiles() {
        FileResource files = new FileResource(root);
        files.putChild("api", new TextResource("an application resource"));
        SiteHarness h = new SiteHarness(files);
        assertThat(h.exchange("GET /api HTTP/1.1\r\nHost: a\r\n\r\n").text()).isEqualTo("an application resource");
        assertThat(h.exchange("GET /hello.txt HTTP/1.1\r\nHost: a\r\n\r\n").text()).isEqualTo("hello, world");
        assertThat(h.exchange("GET /docs/ HTTP/1.1\r\nHost: a\r\n\r\n").text()).isEqualTo("docs index");
    }

    @Test
    void aLargeFileIsSentInChunksUnderFlowControl() {
        SiteHarness h = site();
        h.transport.setSocketBlocked(true);
        h.send("GET /static/big.bin HTTP/1.1\r\nHost: a\r\n\r\n");
        long queued = h.transport.bufferedAmount();
        assertThat(queued).as("stops at the high watermark, not the whole file").isLessThan(200_000).isGreaterThan(0);
        h.transport.setSocketBlocked(false);
        HttpResponse r = h.response();
        assertThat(r.status).isEqualTo(200);
        assertThat(r.body).isEqualTo(big);
        assertThat(h.isOpen()).isTrue();
    }

    @Test
    void aLargeRangeIsSentUnderFlowControl() {
        HttpResponse r = get("/static/big.bin", "Range: bytes=100000-899999\r\n");
        assertThat(r.status).isEqualTo(206);
        assertThat(r.body).isEqualTo(java.util.Arrays.copyOfRange(big, 100000, 900000));
    }

    @Test
    void aSymbolicLinkInsideTheRootIsServed() {
        assertThat(get("/static/inside-link.txt").text()).isEqualTo("hello, world");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/static/../private/secret.txt",
        "/static/%2e%2e/private/secret.txt",
        "/static/%2E%2E/%2e%2e/private/secret.txt",
        "/static/..%2fprivate%2fsecret.txt",
        "/static/%2e%2e%2fprivate%2fsecret.txt",
        "/static/..%5cprivate%5csecret.txt",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/escape.txt",
        "/static/escape-dir/secret.txt",
        "/static/escape-dir/",
        "/static/docs/../../private/secret.txt",
        "/static/hello.txt/",
        "/static/nothing-here",
        "http://a/static/%2e%2e/private/secret.txt",
    })
    void nothingOutsideTheRootIsReachable(String target) {
        SiteHarness h = site();
        h.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
        String wire = h.output();
        assertThat(wire).doesNotContain("TOP SECRET").doesNotContain("root:");
        int status = HttpResponse.parse(wire.getBytes(StandardCharsets.ISO_8859_1)).status;
        assertThat(status).as(target).isIn(400, 404);
    }

    @Test
    void theRootMustBeADirectory() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FileResource(root.resolve("hello.txt")))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FileResource(root.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
