package dev.torsion.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium loads the echo page of {@code torsion echo --cert --key} over https:// (the self-signed
 * certificate ignored with --ignore-certificate-errors); the page connects back over wss:// and a typed
 * message must come back.
 */
class EchoPageChromiumTlsTest {

    @TempDir
    static Path dir;
    static TlsEchoServerFixture server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        server = new TlsEchoServerFixture(dir.resolve("cert"));
        browser = HeadlessChromium.start("--ignore-certificate-errors");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePageLoadsOverHttpsAndEchoesOverWss() {
        browser.get(server.httpsUrl("/"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElement(By.id("status")).getText().equals("open"));
        browser.findElement(By.id("message")).sendKeys("hello over wss \u2603", Keys.ENTER);
        wait.until(d -> "hello over wss \u2603".equals(d.findElement(By.tagName("body")).getAttribute("data-last-echo")));
        assertThat(browser.getCurrentUrl()).startsWith("https://localhost:");
        assertThat(browser.findElement(By.cssSelector("#log li.received")).getText()).isEqualTo("hello over wss \u2603");
    }
}
