package dev.torsion.cli;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test helper: Debian's chromium, headless, driven by Debian's chromedriver, with the options of
 * {@link EchoPageChromiumTest} (a fresh profile, no sandbox, no background networking).
 */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /** Starts a browser; fails saying which Debian package to install when chromium or its driver is missing. */
    public static WebDriver start(String... extraArguments) throws IOException {
        ExternalPeer.require("/usr/bin/chromium", "chromium");
        ExternalPeer.require("/usr/bin/chromedriver", "chromium-driver");
        Path profile = Files.createTempDirectory("torsion-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--user-data-dir=" + profile);
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
