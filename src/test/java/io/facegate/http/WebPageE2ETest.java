package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.facegate.auth.Role;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page at / in a real browser: Debian's headless chromium, driven through its chromedriver,
 * against the real server (real models, real SQLite). It pastes a token, picks photos with the
 * page's file input, enrolls, verifies, and reads what the page shows; a screenshot of the match is
 * kept as target/e2e/web-page.png.
 *
 * <p>Skipped when chromium or chromedriver is not installed, unless FACEGATE_REQUIRE_EXTERNAL=1 (as
 * .ci/run sets after installing them), which makes their absence a failure.
 */
@E2eTier
class WebPageE2ETest {
  static final Path CHROMIUM =
      Path.of(System.getProperty("facegate.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("facegate.chromedriver", "/usr/bin/chromedriver"));
  static final Path FFMPEG = Path.of(System.getProperty("facegate.ffmpeg", "/usr/bin/ffmpeg"));
  static final Path SCREENSHOT = Path.of("target", "e2e", "web-page.png");

  /** What the fake camera shows: a still photo, as a printed photo held still would look. */
  static final String STILL = "people/obama/obama3.jpg";

  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path dataDir;
  @TempDir static Path browserProfile;
  @TempDir static Path camera;
  static TestServer server;
  static WebDriver browser;

  @BeforeAll
  static void start() {
    if (!browserInstalled()) {
      return; // the test itself skips or fails, so the report counts it
    }
    server = TestServer.start(dataDir);
    // Both paths given explicitly, so Selenium Manager never looks for (or downloads) a driver or
    // browser.
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
        "--user-data-dir=" + browserProfile);
    if (Files.isExecutable(FFMPEG)) {
      options.addArguments(
          "--use-fake-device-for-media-stream",
          "--use-fake-ui-for-media-stream",
          "--use-file-for-fake-video-capture=" + stillVideo());
    }
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  /** Two seconds of one photo as a 640x480 Y4M video, made with ffmpeg (looped by chromium). */
  private static Path stillVideo() {
    Path video = camera.resolve("still.y4m");
    try {
      Process ffmpeg =
          new ProcessBuilder(
                  FFMPEG.toString(),
                  "-loglevel",
                  "error",
                  "-loop",
                  "1",
                  "-i",
                  TestPhotos.path(STILL).toString(),
                  "-t",
                  "2",
                  "-r",
                  "10",
                  "-vf",
                  "scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2",
                  "-pix_fmt",
                  "yuv420p",
                  video.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(ffmpeg.getInputStream().readAllBytes());
      assertEquals(0, ffmpeg.waitFor(), "ffmpeg: " + output);
      return video;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean browserInstalled() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  private static void requireBrowser() {
    if (browserInstalled()) {
      return;
    }
    String missing =
        "the web page's browser test needs "
            + CHROMIUM
            + " and "
            + CHROMEDRIVER
            + " (Debian packages chromium and chromium-driver; .ci/run installs them)";
    if ("1".equals(System.getenv("FACEGATE_REQUIRE_EXTERNAL"))) {
      fail(missing + ", and FACEGATE_REQUIRE_EXTERNAL=1 requires it to run");
    }
    Assumptions.abort("skipped: " + missing);
  }

  @AfterAll
  static void stop() {
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

  @Test
  void enrollsAndVerifiesThroughThePage() throws IOException {
    requireBrowser();
    browser.get("http://127.0.0.1:" + server.port() + "/");
    assertEquals("facegate", browser.getTitle());
    assertFalse(byId("video").isDisplayed(), "the camera box shows before the camera is turned on");
    assertFalse(byId("preview").isDisplayed(), "an empty preview shows before a photo is chosen");
    byId("token").sendKeys(server.token(Role.ADMIN));
    byId("username").sendKeys("obama");

    choosePhoto("people/obama/obama.jpg");
    byId("enroll").click();
    String enrolled = awaitDecision();
    assertEquals("Enrolled obama: 1 photo(s) on file", enrolled);
    assertEquals("yes", byId("decision").getAttribute("class"));

    // 1:1, another photo of the same person.
    choosePhoto("people/obama/obama3.jpg");
    byId("verify").click();
    String match = awaitDecision();
    assertTrue(match.matches("Match: obama \\(score 0\\.\\d+, threshold 0\\.48\\)"), match);
    assertEquals("yes", byId("decision").getAttribute("class"));
    String details = byId("details").getText();
    assertTrue(
        details.matches(
            "Quality: face \\d+ px, sharpness \\d+, brightness \\d+, roll -?[\\d.]+\u00b0, "
                + "yaw -?[\\d.]+\u00b0 \u00b7 Liveness: passive \\(not assessed\\)"),
        details);
    assertTrue(byId("answer").getText().contains("\"match\": true"), byId("answer").getText());
    screenshot();

    // 1:1 claiming obama with someone else's face.
    choosePhoto("people/biden/biden.jpg");
    byId("verify").click();
    String noMatch = awaitDecision();
    assertTrue(
        noMatch.matches("No match: obama \\(score -?0\\.\\d+, threshold 0\\.48\\)"), noMatch);
    assertEquals("no", byId("decision").getAttribute("class"));

    // 1:N: the page names the person, and nobody for a stranger.
    new Select(byId("mode")).selectByValue("id");
    choosePhoto("people/obama/obama1.jpg");
    byId("verify").click();
    assertTrue(awaitDecision().startsWith("Match: obama (score "));
    choosePhoto("people/kate_siegel/1.jpg");
    byId("verify").click();
    assertTrue(awaitDecision().startsWith("No match: unknown (score "));

    List<String> problems =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
            .map(LogEntry::getMessage)
            .collect(Collectors.toList());
    assertTrue(
        problems.isEmpty(), "the browser reported (a CSP violation shows here): " + problems);
  }

  /**
   * The page's challenge through the browser camera, fed a still photo: it prompts each action,
   * sends the frames with the challenge, and the server finds no action (and the same picture
   * repeated), so the page reports the liveness check as failed.
   */
  @Test
  void aStillPhotoBeforeTheCameraFailsTheChallenge() {
    requireBrowser();
    if (!Files.isExecutable(FFMPEG)) {
      String missing = "the camera test needs " + FFMPEG + " (Debian package ffmpeg)";
      if ("1".equals(System.getenv("FACEGATE_REQUIRE_EXTERNAL"))) {
        fail(missing + ", and FACEGATE_REQUIRE_EXTERNAL=1 requires it to run");
      }
      Assumptions.abort("skipped: " + missing);
    }
    browser.get("http://127.0.0.1:" + server.port() + "/");
    byId("token").clear();
    byId("token").sendKeys(server.token(Role.VERIFY));
    new Select(byId("mode")).selectByValue("id");
    byId("camera").click();
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .withMessage("the camera never started")
        .until(b -> byId("challenge").isEnabled());
    byId("challenge").click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .withMessage("no prompt shown")
        .until(b -> !byId("prompt").getText().isEmpty());
    String prompt = byId("prompt").getText();
    assertTrue(prompt.equals("Blink") || prompt.startsWith("Turn your head to your "), prompt);
    String decision = awaitDecision();
    assertTrue(decision.endsWith(", liveness failed"), decision);
    String answer = byId("answer").getText();
    // The page keeps the token for the tab; the next test types its own.
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    assertTrue(answer.contains("\"mode\": \"active\""), answer);
    assertTrue(answer.contains("\"passed\": false"), answer);
  }

  private static WebElement byId(String id) {
    return browser.findElement(By.id(id));
  }

  /** Picks the photo with the page's file input and waits until the page previews it. */
  private static void choosePhoto(String relative) {
    String before = byId("preview").getAttribute("src");
    byId("file").sendKeys(TestPhotos.path(relative).toString());
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .withMessage("no preview of " + relative)
        .until(
            b -> {
              WebElement preview = byId("preview");
              String src = preview.getAttribute("src");
              return preview.isDisplayed()
                  && src != null
                  && src.startsWith("blob:")
                  && !src.equals(before);
            });
  }

  /**
   * Waits for the page to finish the request it sent (it marks one in flight) and returns the
   * decision shown.
   */
  private static String awaitDecision() {
    return new WebDriverWait(browser, ANSWER_TIMEOUT)
        .withMessage("the page showed no answer")
        .until(
            b -> {
              WebElement decision = byId("decision");
              return "true".equals(decision.getAttribute("aria-busy"))
                      || decision.getText().isEmpty()
                  ? null
                  : decision.getText();
            });
  }

  private static void screenshot() throws IOException {
    Files.createDirectories(SCREENSHOT.getParent());
    Files.write(SCREENSHOT, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    assertFalse(Files.size(SCREENSHOT) == 0, "empty screenshot");
  }
}
