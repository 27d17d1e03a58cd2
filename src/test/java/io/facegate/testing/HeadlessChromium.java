package io.facegate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through its chromedriver (both paths given, so Selenium Manager
 * never downloads anything), optionally with a fake camera playing a Y4M video made with ffmpeg;
 * and what the tests read from facegate's web page.
 */
public final class HeadlessChromium {
  public static final Path CHROMIUM =
      Path.of(System.getProperty("facegate.chromium", "/usr/bin/chromium"));
  public static final Path CHROMEDRIVER =
      Path.of(System.getProperty("facegate.chromedriver", "/usr/bin/chromedriver"));
  public static final Path FFMPEG =
      Path.of(System.getProperty("facegate.ffmpeg", "/usr/bin/ffmpeg"));

  private HeadlessChromium() {}

  public static boolean installed() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /** Skips the test without chromium and chromedriver, or fails under FACEGATE_REQUIRE_EXTERNAL. */
  public static void require() {
    if (!installed()) {
      missing(
          "the web page's browser test needs "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + " (Debian packages chromium and chromium-driver; .ci/run installs them)");
    }
  }

  public static void requireFfmpeg() {
    if (!Files.isExecutable(FFMPEG)) {
      missing("the camera test needs " + FFMPEG + " (Debian package ffmpeg)");
    }
  }

  private static void missing(String what) {
    if ("1".equals(System.getenv("FACEGATE_REQUIRE_EXTERNAL"))) {
      fail(what + ", and FACEGATE_REQUIRE_EXTERNAL=1 requires it to run");
    }
    Assumptions.abort("skipped: " + what);
  }

  /**
   * A browser with its profile in {@code profile}; {@code camera} (may be null) is the Y4M video
   * its fake camera plays in a loop, the permission granted without asking.
   */
  public static WebDriver start(Path profile, Path camera) {
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=900,1300",
        "--user-data-dir=" + profile);
    if (camera != null) {
      options.addArguments(
          "--use-fake-device-for-media-stream",
          "--use-fake-ui-for-media-stream",
          "--use-file-for-fake-video-capture=" + camera);
    }
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /** Quits the browser, then closes the server it browsed; either may be null (never started). */
  public static void quit(WebDriver browser, TestServer server) {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /**
   * A Y4M video at 10 frames a second made by ffmpeg from {@code input} (its input options, e.g. a
   * looped photo or a numbered frame sequence), written to {@code into}.
   */
  public static Path y4m(Path into, List<String> input, String scale) {
    List<String> command = new ArrayList<>(List.of(FFMPEG.toString(), "-loglevel", "error"));
    command.addAll(input);
    command.addAll(List.of("-r", "10", "-vf", scale, "-pix_fmt", "yuv420p", into.toString()));
    try {
      Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(ffmpeg.getInputStream().readAllBytes());
      assertEquals(0, ffmpeg.waitFor(), "ffmpeg: " + output);
      return into;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static WebElement byId(WebDriver browser, String id) {
    return browser.findElement(By.id(id));
  }

  /**
   * Waits for the page to finish the request it sent (it marks one in flight) and returns the
   * decision shown.
   */
  public static String awaitDecision(WebDriver browser, Duration timeout) {
    return new WebDriverWait(browser, timeout)
        .withMessage("the page showed no answer")
        .until(
            b -> {
              WebElement decision = byId(b, "decision");
              return "true".equals(decision.getAttribute("aria-busy"))
                      || decision.getText().isEmpty()
                  ? null
                  : decision.getText();
            });
  }
}
