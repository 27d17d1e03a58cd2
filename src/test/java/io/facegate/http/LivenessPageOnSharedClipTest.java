package io.facegate.http;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.facegate.auth.Role;
import io.facegate.testing.EvaluationSets;
import io.facegate.testing.EvaluationTier;
import io.facegate.testing.HeadlessChromium;
import io.facegate.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.opencv.opencv_core.Mat;
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
  static void start() throws IOException {
    assumeTrue(EvaluationSets.has(CLIP), "shared/faces/liveness is absent");
    HeadlessChromium.require();
    HeadlessChromium.requireFfmpeg();
    server = TestServer.start(TestServer.config(dataDir).with("liveness_challenge_actions", 1));
    Path video =
        HeadlessChromium.y4m(
            camera.resolve("clip.y4m"),
            List.of(
                "-framerate",
                "10",
                "-i",
                turnThereAndBack(camera.resolve("turn")).resolve("frame_%03d.jpg").toString()),
            // A sensor's temporal noise on top: a real camera never shows one picture twice.
            "scale=360:640,noise=alls=3:allf=t");
    browser = HeadlessChromium.start(profile, video);
  }

  /**
   * The clip's first 1.2 s (frontal, then the turn; see its MANIFEST) played forward and back nine
   * times, each time under a different light (6 grey levels apart): a person who turns when asked
   * and back. Chromium loops the file whatever the page prompts, and the whole 3 s clip looped cuts
   * the turn in two for some capture start times; here any 3 s capture holds a whole turn, and the
   * light keeps every picture distinct (the server refuses a picture sent twice).
   */
  private static Path turnThereAndBack(Path into) throws IOException {
    Files.createDirectories(into);
    Path clip = EvaluationSets.path(CLIP);
    int written = 0;
    for (int pass = 0; pass < 9; pass++) {
      IntStream frames =
          pass % 2 == 0
              ? IntStream.rangeClosed(0, 11)
              : IntStream.rangeClosed(1, 10).map(i -> 11 - i);
      for (int i : frames.toArray()) {
        try (Mat picture = imread(clip.resolve(frame(i)).toString());
            Mat lit = new Mat()) {
          picture.convertTo(lit, -1, 1, 6 * (pass - 4));
          assertTrue(imwrite(into.resolve(frame(written++)).toString(), lit));
        }
      }
    }
    return into;
  }

  private static String frame(int index) {
    return String.format("frame_%03d.jpg", index);
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
    for (int attempt = 0; attempt < 30; attempt++) {
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
      JsonObject liveness =
          new JsonObject(HeadlessChromium.byId(browser, "answer").getText())
              .getJsonObject("liveness");
      asked.add(prompt + ": " + decision + " " + liveness.encode());
      // A headless browser on a busy machine may grab one camera frame twice (the page waits for
      // a new one only so long); the server rightly refuses that capture, and the test asks again.
      if (prompt.equals(TURN_LEFT) && liveness.getBoolean("distinct_frames")) {
        assertTrue(decision.endsWith(", liveness passed"), String.join("\n", asked));
        return;
      }
      new WebDriverWait(browser, Duration.ofSeconds(10))
          .until(b -> HeadlessChromium.byId(b, "challenge").isEnabled());
    }
    throw new AssertionError(
        "the page never asked to turn left with distinct frames:\n" + String.join("\n", asked));
  }
}
