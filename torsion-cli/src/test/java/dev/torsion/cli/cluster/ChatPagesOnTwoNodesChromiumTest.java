package dev.torsion.cli.cluster;

import dev.torsion.cli.ChatPageDriver;
import dev.torsion.cli.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium, two chat pages on two nodes of a three-node chat (through nginx: alice's entrance prefers
 * node 0, bob's node 1): they talk; node 0 is killed with SIGKILL; alice's page shows that it is reconnecting,
 * then that it reconnected (through nginx, to another node), and the conversation goes on with nothing missing
 * and nothing repeated on either page, what bob said while alice was away included.
 */
class ChatPagesOnTwoNodesChromiumTest {

    @TempDir
    static Path dir;
    static ChatCluster cluster;
    static WebDriver browser;
    static ChatPageDriver page;

    @BeforeAll
    static void start() throws Exception {
        cluster = ChatCluster.start(dir);
        browser = HeadlessChromium.start();
        page = new ChatPageDriver(browser);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static WebDriverWait waitUp() {
        return page.waitUp();
    }

    private static void join(int entrance, String room, String name) {
        page.join(ChatCluster.httpUrl(entrance), room, name);
    }

    private static void say(String text) {
        page.say(text);
    }

    private static void waitForMessage(String name, String text) {
        page.waitForMessage(name, text);
    }

    private static List<String> lines() {
        return page.lines();
    }

    @Test
    void aPageWhoseNodeDiesReconnectsAndTheConversationGoesOn() {
        String alicePage = browser.getWindowHandle();
        join(cluster.preferFirst, "room", "alice");
        browser.switchTo().newWindow(WindowType.WINDOW);
        String bobPage = browser.getWindowHandle();
        join(cluster.preferSecond, "room", "bob");
        assertThat(cluster.nodesWhere("alice")).containsExactly(0);
        assertThat(cluster.nodesWhere("bob")).containsExactly(1);

        browser.switchTo().window(alicePage);
        say("hello bob");
        browser.switchTo().window(bobPage);
        waitForMessage("alice", "hello bob");
        say("hi alice");
        browser.switchTo().window(alicePage);
        waitForMessage("bob", "hi alice");

        cluster.killNode(0);
        waitUp().until(d -> "reconnecting".equals(d.findElement(By.tagName("body")).getAttribute("data-state"))
                || d.findElement(By.id("status")).getText().equals("open (reconnected)"));
        browser.switchTo().window(bobPage);
        say("are you there?");   // while alice's page is away or just back: she gets it either way
        browser.switchTo().window(alicePage);
        waitUp().until(d -> d.findElement(By.id("status")).getText().equals("open (reconnected)"));
        assertThat(browser.findElement(By.id("log")).getText()).contains("Reconnected.");
        waitForMessage("bob", "are you there?");
        say("yes, still here");

        browser.switchTo().window(bobPage);
        waitForMessage("alice", "yes, still here");
        List<String> conversation = List.of("alice: hello bob", "bob: hi alice", "bob: are you there?",
                "alice: yes, still here");
        assertThat(lines()).isEqualTo(conversation);
        browser.switchTo().window(alicePage);
        assertThat(lines()).isEqualTo(conversation);
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-reconnects")).isNotEqualTo("0");
        assertThat(cluster.nodesWhere("alice")).hasSize(2).contains(0);
    }
}
