package dev.torsion.cli;

import dev.torsion.reactor.Factory;
import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import dev.torsion.tls.SelfSignedCertificate;
import dev.torsion.web.Request;
import dev.torsion.web.Resource;
import dev.torsion.web.Site;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium loads the echo page of {@code torsion echo --cert --key --verbose} over https:// with HTTP/2
 * (ALPN h2), and the page's WebSocket goes over that same connection, as a stream (RFC 8441). Proved from the
 * server side: the page's request came over HTTP/2 from one client address (one TCP connection: the client's
 * port), and the WebSocket session says HTTP/2 (the verbose line) and has that same peer; the browser's
 * navigation entry says h2 as well. The self-signed certificate is ignored with --ignore-certificate-errors.
 */
class EchoPageChromiumHttp2Test {

    @TempDir
    static Path dir;
    static Reactor reactor;
    static ListeningPort port;
    static WebDriver browser;
    static final ByteArrayOutputStream log = new ByteArrayOutputStream();
    /** The peer address of every TCP connection the server accepted. */
    static final List<SocketAddress> accepted = new CopyOnWriteArrayList<>();
    /** Every request the site rendered: "version method path peer". */
    static final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir.resolve("cert"), "localhost");
        EchoCommand echo = new EchoCommand(new PrintStream(log, true, StandardCharsets.UTF_8));
        new picocli.CommandLine(echo).parseArgs("--cert", certificate.certificate().toString(),
                "--key", certificate.privateKey().toString(), "--verbose");
        Resource endpoint = ((Site) echo.site()).root();
        Resource recording = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            public void render(Request request) {
                requests.add(request.version() + " " + request.method() + " " + request.path() + " "
                        + request.remoteAddress());
                endpoint.render(request);
            }
        };
        Factory site = new Site(recording);
        Factory counted = remote -> {
            accepted.add(remote);
            return site.buildProtocol(remote);
        };
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        port = reactor.listenTcp("127.0.0.1", 0, echo.tls().wrap(counted));
        browser = HeadlessChromium.start("--ignore-certificate-errors");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (reactor != null) {
            reactor.close();
        }
    }

    @Test
    void the_page_and_its_websocket_share_one_http2_connection() {
        browser.get("https://localhost:" + port.port() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElement(By.id("status")).getText().equals("open"));
        browser.findElement(By.id("message")).sendKeys("hello over h2 \u2603", Keys.ENTER);
        wait.until(d -> "hello over h2 \u2603".equals(d.findElement(By.tagName("body")).getAttribute("data-last-echo")));

        Object protocol = ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('navigation')[0].nextHopProtocol;");
        assertThat(protocol).as("the page's protocol, as the browser saw it").isEqualTo("h2");

        String verbose = log.toString(StandardCharsets.UTF_8);
        Matcher connected = Pattern.compile("\\+ (\\S+) connected over (\\S+) \\(").matcher(verbose);
        assertThat(connected.find()).as("a verbose connect line in:%n%s", verbose).isTrue();
        assertThat(connected.group(2)).as("the HTTP version the server session reports").isEqualTo("HTTP/2");
        String page = requests.stream().filter(r -> r.contains(" GET / ")).findFirst().orElseThrow(() ->
                new AssertionError("no page request among " + requests));
        assertThat(page).as("the page's request").startsWith("HTTP/2 GET / ");
        String pagePeer = page.substring(page.lastIndexOf(' ') + 1);
        assertThat(requests).as("the WebSocket's extended CONNECT").contains("HTTP/2 CONNECT / " + pagePeer);
        assertThat(connected.group(1)).as("the session's peer is the page's connection (accepted: %s)", accepted)
                .isEqualTo(pagePeer);
        assertThat(accepted).as("a TCP connection the server accepted").extracting(Object::toString).contains(pagePeer);
    }
}
