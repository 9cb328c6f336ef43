package dev.torsion.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium (Debian's chromium and chromium-driver) loads the echo page, which connects back over
 * WebSocket; a typed message must come back as an echo, and the page must show the connection open.
 */
class EchoPageChromiumTest {

    static EchoServerFixture server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        server = new EchoServerFixture("/");
        browser = HeadlessChromium.start();
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
    void theBrowserConnectsTypesAndSeesTheEcho() {
        browser.get(server.httpUrl("/"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElement(By.id("status")).getText().equals("open"));
        browser.findElement(By.id("message")).sendKeys("hello from chromium \u2603", Keys.ENTER);
        wait.until(d -> "hello from chromium \u2603".equals(d.findElement(By.tagName("body")).getAttribute("data-last-echo")));
        assertThat(browser.findElements(By.cssSelector("#log li.received"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("#log li.received")).getText()).isEqualTo("hello from chromium \u2603");
    }

    @Test
    void theAutoParameterSendsAtOnce() {
        browser.get(server.httpUrl("/?auto=ping%20pong"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
                "ping pong".equals(d.findElement(By.tagName("body")).getAttribute("data-last-echo")));
    }
}
