package dev.torsion.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium, two pages of the chat's web client (two windows of one browser): both join the same
 * room, each sees the other arrive and sees the other's message (compressed with permessage-deflate, without
 * context takeover); a bad name gets the server's error; a page that goes away is seen leaving.
 */
class ChatPageChromiumTest {

    static ChatServerFixture server;
    static WebDriver browser;
    static ChatPageDriver page;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServerFixture();
        browser = HeadlessChromium.start();
        page = new ChatPageDriver(browser);
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

    private static WebDriverWait waitUp() {
        return page.waitUp();
    }

    private static void join(String room, String name) {
        page.join(server.httpUrl("/"), room, name);
    }

    private static List<String> members() {
        return page.members();
    }

    private static void say(String text) {
        page.say(text);
    }

    private static By messageFrom(String name, String text) {
        return ChatPageDriver.messageFrom(name, text);
    }

    @Test
    void twoPagesInOneRoomSeeEachOtherAndEachOthersMessages() {
        String alicePage = browser.getWindowHandle();
        join("lobby", "alice");
        assertThat(members()).containsExactly("alice");

        browser.switchTo().newWindow(WindowType.WINDOW);
        String bobPage = browser.getWindowHandle();
        join("lobby", "bob");
        assertThat(members()).containsExactly("alice", "bob");

        browser.switchTo().window(alicePage);
        waitUp().until(d -> members().equals(List.of("alice", "bob")));
        assertThat(browser.findElement(By.id("log")).getText()).contains("bob joined.");
        String longLine = "hello from alice \u2603, " + "la ".repeat(60).trim();   // over deflate's 128-byte threshold
        say(longLine);

        browser.switchTo().window(bobPage);
        waitUp().until(d -> !d.findElements(messageFrom("alice", longLine)).isEmpty());
        say("hi alice, bob here");

        browser.switchTo().window(alicePage);
        waitUp().until(d -> !d.findElements(messageFrom("bob", "hi alice, bob here")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#log li.message"))).hasSize(2);
        // Both pages agreed on permessage-deflate without context takeover: alice's long message went out as
        // one frame compressed once and shared by both.
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-extensions"))
                .startsWith("permessage-deflate").contains("server_no_context_takeover");

        browser.switchTo().window(bobPage);
        browser.close();
        browser.switchTo().window(alicePage);
        waitUp().until(d -> members().equals(List.of("alice")));
        assertThat(browser.findElement(By.id("log")).getText()).contains("bob left.");
    }

    @Test
    void aNameOutsideTheRulesIsAnsweredOnThePage() {
        browser.get(server.httpUrl("/"));
        waitUp().until(d -> d.findElement(By.id("status")).getText().equals("open"));
        browser.findElement(By.id("name")).sendKeys("<script>", Keys.ENTER);
        waitUp().until(d -> d.findElement(By.id("error")).getText().startsWith("a name has 1 to 32 letters"));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("open");
    }
}
