package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.facegate.auth.Role;
import io.facegate.testing.EvaluationSets;
import io.facegate.testing.EvaluationTier;
import io.facegate.testing.HeadlessChromium;
import io.facegate.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page's challenge with chromium's fake camera playing a real clip of a person turning to
 * their own left (shared/faces/liveness, read in place: its licence keeps it out of the
 * repository). The server asks one random action per challenge; the test asks until the page
 * prompts "turn left", and that answer must pass.
 */
@EvaluationTier
class LivenessPageOnSharedClipTest {
  static final String CLIP = "liveness/live/tvl_real_turn";
  static final String TURN_LEFT = "Turn your head to your left";

  @TempDir static Path dataDir;
  @TempDir static Path profile;
  @TempDir static Path camera;
  static TestServer server;
  static WebDriver browser;

  @BeforeAll
  static void start() {
    assumeTrue(EvaluationSets.has(CLIP), "shared/faces/liveness is absent");
    HeadlessChromium.require();
    HeadlessChromium.requireFfmpeg();
    server = TestServer.start(TestServer.config(dataDir).with("liveness_challenge_actions", 1));
    Path video =
        HeadlessChromium.y4m(
            camera.resolve("clip.y4m"),
            List.of(
                "-stream_loop",
                "2",
                "-framerate",
                "10",
                "-i",
                EvaluationSets.path(CLIP).resolve("frame_%03d.jpg").toString()),
            // Three passes of the 3 s clip with a sensor's temporal noise, so chromium's looping
            // never shows one picture twice within a capture: a real camera never does.
            "scale=360:640,noise=alls=3:allf=t");
    browser = HeadlessChromium.start(profile, video);
  }

  @AfterAll
  static void stop() {
    HeadlessChromium.quit(browser, server);
  }

  @Test
  void aLivePersonTurningLeftPassesThePagesChallenge() {
    browser.get("http://127.0.0.1:" + server.port() + "/");
    HeadlessChromium.byId(browser, "token").sendKeys(server.token(Role.VERIFY));
    new Select(HeadlessChromium.byId(browser, "mode")).selectByValue("id");
    HeadlessChromium.byId(browser, "camera").click();
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(b -> HeadlessChromium.byId(b, "challenge").isEnabled());
    List<String> asked = new ArrayList<>();
    for (int attempt = 0; attempt < 12; attempt++) {
      ((JavascriptExecutor) browser)
          .executeScript("document.getElementById('decision').textContent = ''");
      HeadlessChromium.byId(browser, "challenge").click();
      String prompt =
          new WebDriverWait(browser, Duration.ofSeconds(10))
              .until(
                  b -> {
                    String text = HeadlessChromium.byId(b, "prompt").getText();
                    return text.isEmpty() ? null : text;
                  });
      String decision = HeadlessChromium.awaitDecision(browser, Duration.ofSeconds(90));
      asked.add(
          prompt
              + ": "
              + decision
              + " "
              + new io.vertx.core.json.JsonObject(
                      HeadlessChromium.byId(browser, "answer").getText())
                  .getJsonObject("liveness")
                  .encode());
      if (prompt.equals(TURN_LEFT)) {
        assertTrue(decision.endsWith(", liveness passed"), String.join("\n", asked));
        return;
      }
      new WebDriverWait(browser, Duration.ofSeconds(10))
          .until(b -> HeadlessChromium.byId(b, "challenge").isEnabled());
    }
    throw new AssertionError("the page never asked to turn left:\n" + String.join("\n", asked));
  }
}
