package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.E2eTier;
import io.facegate.testing.HeadlessChromium;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
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
    if (!HeadlessChromium.installed()) {
      return; // the test itself skips or fails, so the report counts it
    }
    server = TestServer.start(dataDir);
    browser =
        HeadlessChromium.start(
            browserProfile,
            Files.isExecutable(HeadlessChromium.FFMPEG)
                ? HeadlessChromium.y4m(
                    camera.resolve("still.y4m"),
                    List.of("-loop", "1", "-i", TestPhotos.path(STILL).toString(), "-t", "2"),
                    "scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2")
                : null);
  }

  @AfterAll
  static void stop() {
    HeadlessChromium.quit(browser, server);
  }

  @Test
  void enrollsAndVerifiesThroughThePage() throws IOException {
    HeadlessChromium.require();
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
    assertTrue(match.matches("Match: obama \\(score 0\\.\\d+, threshold 0\\.\\d+\\).*"), match);
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
        noMatch.matches("No match: obama \\(score -?0\\.\\d+, threshold 0\\.\\d+\\).*"), noMatch);
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
    HeadlessChromium.require();
    HeadlessChromium.requireFfmpeg();
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
    return HeadlessChromium.byId(browser, id);
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

  private static String awaitDecision() {
    return HeadlessChromium.awaitDecision(browser, ANSWER_TIMEOUT);
  }

  private static void screenshot() throws IOException {
    Files.createDirectories(SCREENSHOT.getParent());
    Files.write(SCREENSHOT, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    assertFalse(Files.size(SCREENSHOT) == 0, "empty screenshot");
  }
}
