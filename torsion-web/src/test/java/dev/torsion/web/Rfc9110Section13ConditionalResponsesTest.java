package dev.torsion.web;

import dev.torsion.http.HttpStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9110 section 13 on a running site: conditional requests for static files ({@link FileResource}) and for
 * application resources that set an ETag or Last-Modified, each with its exact status and the headers that a
 * 304 (section 15.4.5) or 412 carries; If-Range with ranges (section 13.1.5, 14.2).
 */
class Rfc9110Section13ConditionalResponsesTest {

    private static final String AT = "Thu, 02 Jan 2020 03:04:05 GMT";
    private static final String RFC850_AT = "Thursday, 02-Jan-20 03:04:05 GMT";
    private static final String ASCTIME_AT = "Thu Jan  2 03:04:05 2020";
    private static final String PAST = "Wed, 01 Jan 2020 00:00:00 GMT";
    private static final String LATER = "Fri, 03 Jan 2020 00:00:00 GMT";

    @TempDir
    Path root;
    String etag;
    final AtomicInteger puts = new AtomicInteger();

    @BeforeEach
    void files() throws IOException {
        Files.writeString(root.resolve("data.bin"), "0123456789");
        Files.setLastModifiedTime(root.resolve("data.bin"), FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
        etag = get("/static/data.bin").header("ETag");
    }

    private SiteHarness site() {
        Resource top = new Resource();
        top.putChild("static", new FileResource(root));
        top.putChild("doc", new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.setHeader("Content-Type", "text/plain; charset=utf-8");
                request.setHeader("ETag", "\"doc-7\"");
                request.setHeader("Last-Modified", AT);
                request.setHeader("Cache-Control", "max-age=60");
                request.setHeader("Vary", "Accept-Language");
                request.finish("the document".getBytes(StandardCharsets.UTF_8));
            }
        });
        top.putChild("doc-put", writable(Preconditions.of("\"doc-7\"", 1577934245L), HttpStatus.NO_CONTENT));
        top.putChild("new", writable(Preconditions.missing(), HttpStatus.CREATED));
        top.putChild("stream", new Resource() {
            @Override
            protected void renderGet(Request request) {
                request.setHeader("ETag", "W/\"s1\"");
                request.write("part one, ".getBytes(StandardCharsets.UTF_8));
                request.write("part two".getBytes(StandardCharsets.UTF_8));
                request.finish();
            }
        });
        top.putChild("plain", new TextResource("no validators"));
        return new SiteHarness(top);
    }

    /** A PUT that checks the conditions against {@code current} before it acts, then answers {@code status}. */
    private Resource writable(Preconditions current, int status) {
        return new Resource() {
            @Override
            protected void renderPut(Request request) {
                if (request.checkPreconditions(current)) {
                    return;
                }
                puts.incrementAndGet();
                request.setResponseCode(status);
                request.finish();
            }
        };
    }

    private HttpResponse get(String path, String... headers) {
        return request("GET", path, headers);
    }

    private HttpResponse request(String method, String path, String... headers) {
        SiteHarness h = site();
        h.send(method + " " + path + " HTTP/1.1\r\nHost: a\r\n" + String.join("", headers)
                + (method.equals("PUT") ? "Content-Length: 1\r\n\r\nx" : "\r\n"));
        return HttpResponse.parseAll(h.transport.takeWritten(), method.equals("HEAD")).get(0);
    }

    private static String h(String name, String value) {
        return name + ": " + value + "\r\n";
    }

    // ---------------------------------------------------------------- static files

    @Test
    void ifMatchOnAFile() {
        assertThat(get("/static/data.bin", h("If-Match", etag)).status).isEqualTo(200);
        assertThat(get("/static/data.bin", h("If-Match", "\"x\"")).status).isEqualTo(412);
        assertThat(get("/static/data.bin", h("If-Match", "*")).status).isEqualTo(200);
        assertThat(get("/static/data.bin", h("If-Match", "W/" + etag)).status).as("strong comparison").isEqualTo(412);
    }

    @Test
    void a412CarriesAShortTextAndNoValidators() {
        HttpResponse r = get("/static/data.bin", h("If-Match", "\"x\""));
        assertThat(r.status).isEqualTo(412);
        assertThat(r.text()).isEqualTo("Precondition Failed\n");
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.header("ETag")).isNull();
    }

    @Test
    void ifUnmodifiedSinceOnAFile() {
        assertThat(get("/static/data.bin", h("If-Unmodified-Since", PAST)).status).isEqualTo(412);
        assertThat(get("/static/data.bin", h("If-Unmodified-Since", AT)).status).isEqualTo(200);
        assertThat(get("/static/data.bin", h("If-Unmodified-Since", "Wednesday, 01-Jan-20 00:00:00 GMT")).status)
                .isEqualTo(412);
        assertThat(get("/static/data.bin", h("If-Match", etag), h("If-Unmodified-Since", PAST)).status)
                .as("ignored when If-Match is present").isEqualTo(200);
    }

    @Test
    void ifNoneMatchOnAFileUsesWeakComparison() {
        assertThat(get("/static/data.bin", h("If-None-Match", "W/" + etag)).status).isEqualTo(304);
        assertThat(get("/static/data.bin", h("If-None-Match", "\"a\", " + etag)).status).isEqualTo(304);
        assertThat(get("/static/data.bin", h("If-None-Match", "\"a\"")).status).isEqualTo(200);
    }

    @Test
    void ifModifiedSinceOnAFileInEveryDateForm() {
        assertThat(get("/static/data.bin", h("If-Modified-Since", AT)).status).isEqualTo(304);
        assertThat(get("/static/data.bin", h("If-Modified-Since", RFC850_AT)).status).isEqualTo(304);
        assertThat(get("/static/data.bin", h("If-Modified-Since", ASCTIME_AT)).status).isEqualTo(304);
        assertThat(get("/static/data.bin", h("If-Modified-Since", LATER)).status).isEqualTo(304);
        assertThat(get("/static/data.bin", h("If-Modified-Since", PAST)).status).isEqualTo(200);
        assertThat(get("/static/data.bin", h("If-Modified-Since", "Wednesday, 01-Jan-20 00:00:00 GMT")).status)
                .isEqualTo(200);
    }

    @Test
    void a304CarriesItsValidatorsAndNoContentMetadata() {
        HttpResponse r = get("/static/data.bin", h("If-None-Match", etag));
        assertThat(r.status).isEqualTo(304);
        assertThat(r.body).isEmpty();
        assertThat(r.header("ETag")).isEqualTo(etag);
        assertThat(r.header("Last-Modified")).isEqualTo(AT);
        assertThat(r.header("Date")).isNotNull();
        assertThat(r.header("Content-Type")).isNull();
        assertThat(r.header("Content-Length")).isNull();
    }

    @Test
    void headIsConditionalToo() {
        assertThat(request("HEAD", "/static/data.bin", h("If-None-Match", etag)).status).isEqualTo(304);
        assertThat(request("HEAD", "/static/data.bin", h("If-Match", "\"x\"")).status).isEqualTo(412);
    }

    @Test
    void theOrderOfSection13_2_2OnAFile() {
        assertThat(get("/static/data.bin", h("If-None-Match", etag), h("If-Match", "\"x\"")).status).isEqualTo(412);
        assertThat(get("/static/data.bin", h("If-None-Match", "\"x\""), h("If-Modified-Since", LATER)).status)
                .as("If-None-Match wins over If-Modified-Since").isEqualTo(200);
        assertThat(get("/static/data.bin", h("If-None-Match", etag), h("If-Unmodified-Since", PAST)).status)
                .isEqualTo(412);
    }

    @Test
    void preconditionsComeBeforeTheRange() {
        assertThat(get("/static/data.bin", h("Range", "bytes=0-1"), h("If-None-Match", etag)).status).isEqualTo(304);
        assertThat(get("/static/data.bin", h("Range", "bytes=0-1"), h("If-Match", "\"x\"")).status).isEqualTo(412);
        assertThat(get("/static/data.bin", h("Range", "bytes=50-"), h("If-Match", "\"x\"")).status)
                .as("412 before 416").isEqualTo(412);
    }

    @Test
    void ifRangeOnAFile() {
        assertThat(get("/static/data.bin", h("Range", "bytes=1-2"), h("If-Range", etag)).status).isEqualTo(206);
        assertThat(get("/static/data.bin", h("Range", "bytes=1-2"), h("If-Range", "\"stale\"")).status).isEqualTo(200);
        assertThat(get("/static/data.bin", h("Range", "bytes=1-2"), h("If-Range", "W/" + etag)).status)
                .as("a weak tag never matches").isEqualTo(200);
        assertThat(get("/static/data.bin", h("Range", "bytes=1-2"), h("If-Range", AT)).text()).isEqualTo("12");
        assertThat(get("/static/data.bin", h("Range", "bytes=1-2"), h("If-Range", ASCTIME_AT)).status).isEqualTo(206);
        assertThat(get("/static/data.bin", h("Range", "bytes=1-2"), h("If-Range", LATER)).status)
                .as("a date must be exactly the modification date").isEqualTo(200);
        assertThat(get("/static/data.bin", h("If-Range", "\"stale\"")).status).as("no Range: no effect").isEqualTo(200);
        assertThat(get("/static/data.bin", h("Range", "bytes=50-"), h("If-Range", "\"stale\"")).status)
                .as("a false If-Range ignores even an unsatisfiable Range").isEqualTo(200);
    }

    @Test
    void aFreshlyModifiedFileHasAWeakDateForIfRange() throws IOException {
        Files.writeString(root.resolve("fresh.txt"), "fresh data");
        String lastModified = get("/static/fresh.txt").header("Last-Modified");
        assertThat(get("/static/fresh.txt", h("Range", "bytes=0-1"), h("If-Range", lastModified)).status)
                .as("modified within the last second: the date is weak").isEqualTo(200);
    }

    @Test
    void rangeIsForGetOnly() {
        HttpResponse r = request("HEAD", "/static/data.bin", h("Range", "bytes=1-2"));
        assertThat(r.status).isEqualTo(200);
        assertThat(r.header("Content-Length")).isEqualTo("10");
    }

    @Test
    void aMissingFileIsA404WhateverTheConditions() {
        assertThat(get("/static/none.txt", h("If-Match", "*")).status).isEqualTo(404);
        assertThat(get("/static/none.txt", h("If-None-Match", "*")).status).isEqualTo(404);
    }

    // ---------------------------------------------------------------- application resources

    @Test
    void anApplicationResourceThatSetsAnEtagGets304() {
        HttpResponse r = get("/doc", h("If-None-Match", "\"doc-7\""));
        assertThat(r.status).isEqualTo(304);
        assertThat(r.body).isEmpty();
        assertThat(r.header("ETag")).isEqualTo("\"doc-7\"");
        assertThat(r.header("Cache-Control")).isEqualTo("max-age=60");
        assertThat(r.header("Vary")).isEqualTo("Accept-Language");
        assertThat(r.header("Content-Type")).isNull();
        assertThat(r.header("Content-Length")).isNull();
        assertThat(get("/doc", h("If-None-Match", "\"doc-6\"")).text()).isEqualTo("the document");
    }

    @Test
    void anApplicationResourceThatSetsLastModifiedGets304InEveryDateForm() {
        assertThat(get("/doc", h("If-Modified-Since", AT)).status).isEqualTo(304);
        assertThat(get("/doc", h("If-Modified-Since", RFC850_AT)).status).isEqualTo(304);
        assertThat(get("/doc", h("If-Modified-Since", ASCTIME_AT)).status).isEqualTo(304);
        assertThat(get("/doc", h("If-Modified-Since", PAST)).status).isEqualTo(200);
    }

    @Test
    void anApplicationResourceGets412ForAFailedIfMatchOrIfUnmodifiedSince() {
        HttpResponse r = get("/doc", h("If-Match", "\"x\""));
        assertThat(r.status).isEqualTo(412);
        assertThat(r.text()).isEqualTo("Precondition Failed\n");
        assertThat(r.header("ETag")).isNull();
        assertThat(r.header("Cache-Control")).as("not representation metadata: kept").isEqualTo("max-age=60");
        assertThat(get("/doc", h("If-Unmodified-Since", PAST)).status).isEqualTo(412);
        assertThat(get("/doc", h("If-Match", "\"doc-7\"")).status).isEqualTo(200);
    }

    @Test
    void aStreamedResponseIsReplacedToo() {
        SiteHarness h = site();
        h.send("GET /stream HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"s1\"\r\n\r\nGET /stream HTTP/1.1\r\nHost: a\r\n"
                + "If-Match: \"s1\"\r\n\r\nGET /stream HTTP/1.1\r\nHost: a\r\n\r\n");
        java.util.List<HttpResponse> rs = h.responses();
        assertThat(rs).hasSize(3);
        assertThat(rs.get(0).status).isEqualTo(304);
        assertThat(rs.get(0).body).isEmpty();
        assertThat(rs.get(1).status).as("a weak ETag never matches If-Match").isEqualTo(412);
        assertThat(rs.get(1).text()).isEqualTo("Precondition Failed\n");
        assertThat(rs.get(2).status).isEqualTo(200);
        assertThat(rs.get(2).text()).isEqualTo("part one, part two");
        assertThat(h.isOpen()).as("the connection stays usable").isTrue();
    }

    @Test
    void aResourceWithoutValidatorsIsNotEvaluated() {
        assertThat(get("/plain", h("If-Match", "\"x\"")).status).isEqualTo(200);
        assertThat(get("/plain", h("If-None-Match", "*")).status).isEqualTo(200);
    }

    @Test
    void anUnsafeMethodChecksBeforeItActs() {
        assertThat(request("PUT", "/doc-put", h("If-Match", "\"doc-6\"")).status).isEqualTo(412);
        assertThat(request("PUT", "/doc-put", h("If-Unmodified-Since", PAST)).status).isEqualTo(412);
        assertThat(request("PUT", "/doc-put", h("If-None-Match", "*")).status).isEqualTo(412);
        assertThat(puts.get()).as("no failed PUT acted").isZero();
        assertThat(request("PUT", "/doc-put", h("If-Match", "\"doc-7\"")).status).isEqualTo(204);
        assertThat(request("PUT", "/doc-put").status).isEqualTo(204);
        assertThat(puts.get()).isEqualTo(2);
    }

    @Test
    void createOnlyIfAbsent() {
        assertThat(request("PUT", "/new", h("If-None-Match", "*")).status).isEqualTo(201);
        assertThat(request("PUT", "/new", h("If-Match", "*")).status).isEqualTo(412);
    }
}
