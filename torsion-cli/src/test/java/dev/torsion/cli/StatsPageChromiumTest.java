package dev.torsion.cli;

import dev.torsion.reactor.ListeningPort;
import dev.torsion.reactor.Reactor;
import dev.torsion.reactor.ReactorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium loads {@code /stats} of {@code torsion echo --metrics} while a load runs (JDK WebSocket
 * clients echoing text, bounded to a minute): the page connects to its live feed, shows the load's
 * connections, and its message count and rate move from one update to the next. The screenshot it takes
 * ({@code target/stats-page.png}) is the one in docs/observability.md.
 */
class StatsPageChromiumTest {

    static final int CLIENTS = 5;

    Reactor reactor;
    ListeningPort port;
    WebDriver browser;
    final AtomicBoolean loading = new AtomicBoolean(true);
    final List<Thread> load = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        EchoCommand command = new EchoCommand(new PrintStream(new ByteArrayOutputStream(), true));
        command.metrics = true;
        reactor = Reactor.create(ReactorConfig.defaults().withEventLoops(2));
        port = reactor.listenTcp("127.0.0.1", 0, command.site(reactor));
        browser = HeadlessChromium.start("--window-size=1100,900");
    }

    @AfterEach
    void stop() throws Exception {
        loading.set(false);
        for (Thread t : load) {
            t.join(10_000);
        }
        if (browser != null) {
            browser.quit();
        }
        reactor.close();
    }

    @Test
    void theStatsPageShowsTheLoadAndItsNumbersMove() throws Exception {
        startLoad();
        browser.get("http://127.0.0.1:" + port.port() + "/stats");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> d.findElement(By.id("status")).getText().equals("open"));
        wait.until(d -> updates(d) >= 3 && d.findElement(By.id("connections")).getText().equals(String.valueOf(CLIENTS)));
        long total = messagesTotal();
        int seen = updates(browser);
        wait.until(d -> updates(d) >= seen + 2);
        assertThat(messagesTotal()).isGreaterThan(total);
        assertThat(Long.parseLong(browser.findElement(By.tagName("body")).getAttribute("data-messages-per-second")))
                .isPositive();
        assertThat(browser.findElement(By.id("lag")).getText()).endsWith(" ms");
        assertThat(browser.findElements(By.cssSelector("#loops tbody tr"))).hasSize(2);
        for (int i = 0; i < 2; i++) {
            closeOneExtraClient(4000 + i);   // close codes in the table
        }
        wait.until(d -> updates(d) >= 20);   // some seconds of chart for the screenshot
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "stats-page.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** One more client that connects and closes with {@code code}. */
    private void closeOneExtraClient(int code) throws Exception {
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port.port() + "/"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        ws.sendClose(code, "bye").get(10, TimeUnit.SECONDS);
    }

    private static int updates(WebDriver d) {
        String n = d.findElement(By.tagName("body")).getAttribute("data-updates");
        return n == null ? 0 : Integer.parseInt(n);
    }

    private long messagesTotal() {
        String text = browser.findElement(By.id("messages-total")).getText().replace(" ", "");
        double n = text.endsWith("k") ? Double.parseDouble(text.substring(0, text.length() - 1)) * 1e3
                : text.endsWith("M") ? Double.parseDouble(text.substring(0, text.length() - 1)) * 1e6
                : Double.parseDouble(text);
        return (long) n;
    }

    /** CLIENTS connections, each echoing one text message at a time, at most ~200 a second, for at most a minute. */
    private void startLoad() {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < CLIENTS; i++) {
            Thread t = new Thread(() -> {
                java.util.concurrent.Semaphore echoed = new java.util.concurrent.Semaphore(0);
                try {
                    WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port.port() + "/"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                    echoed.release();
                                    w.request(1);
                                    return null;
                                }
                            }).get(10, TimeUnit.SECONDS);
                    while (loading.get() && System.nanoTime() < end) {
                        ws.sendText("load " + System.nanoTime(), true).get(10, TimeUnit.SECONDS);
                        if (!echoed.tryAcquire(10, TimeUnit.SECONDS)) {
                            break;
                        }
                        Thread.sleep(5);   // pacing the load, not waiting for a result
                    }
                    ws.sendClose(1000, "").get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    if (loading.get()) {
                        throw new RuntimeException(e);
                    }
                }
            }, "stats-load-" + i);
            t.setDaemon(true);
            t.start();
            load.add(t);
        }
    }
}
