package dev.torsion.cli;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

/**
 * Test helper: drives the chat page in a browser window (the current one of {@code browser}): open and join,
 * say, wait for a line, read the room's lines and members.
 */
public final class ChatPageDriver {

    private final WebDriver browser;

    public ChatPageDriver(WebDriver browser) {
        this.browser = browser;
    }

    /** A wait that tolerates the page re-rendering a list between finding an element and reading it. */
    public WebDriverWait waitUp() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Opens the page at {@code pageUrl} in the current window and joins {@code room} as {@code name}. */
    public void join(String pageUrl, String room, String name) {
        browser.get(pageUrl);
        waitUp().until(d -> d.findElement(By.id("status")).getText().equals("open"));
        browser.findElement(By.id("name")).sendKeys(name);
        WebElement roomField = browser.findElement(By.id("room"));
        roomField.clear();
        roomField.sendKeys(room, Keys.ENTER);
        waitUp().until(d -> d.findElement(By.id("room-title")).getText().equals(room));
    }

    public void say(String text) {
        browser.findElement(By.id("text")).sendKeys(text, Keys.ENTER);
    }

    public static By messageFrom(String name, String text) {
        return By.cssSelector("#log li.message[data-name='" + name + "'][data-text='" + text + "']");
    }

    public void waitForMessage(String name, String text) {
        waitUp().until(d -> !d.findElements(messageFrom(name, text)).isEmpty());
    }

    /** The room's messages as {@code name: text}, in order. */
    public List<String> lines() {
        return strings("return Array.from(document.querySelectorAll('#log li.message'))"
                + ".map(li => li.dataset.name + ': ' + li.dataset.text)");
    }

    /** The members listed, read in one script so a list re-rendered meanwhile cannot go stale under us. */
    public List<String> members() {
        return strings("return Array.from(document.querySelectorAll('#members li')).map(li => li.innerText)");
    }

    private List<String> strings(String script) {
        Object result = ((JavascriptExecutor) browser).executeScript(script);
        return ((List<?>) result).stream().map(String::valueOf).toList();
    }
}
