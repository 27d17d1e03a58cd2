package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One image under the two liveness settings that run the passive model. Thresholds at the ends of
 * the scale make the model's verdict certain, so the tests are about what each setting does with
 * it: the model is reported, never deciding, and under enforce one image is never enough.
 */
@E2eTier
class LivenessModesTest {
  static final Path ENROLL = TestPhotos.path("people/obama/obama.jpg");
  static final Path PROBE = TestPhotos.path("people/obama/obama3.jpg");

  /** Enrolled from a photo with liveness off (enforce refuses that), then verified under mode. */
  private static JsonObject verifyWith(Path dataDir, String mode, double threshold) {
    try (TestServer server = TestServer.start(dataDir)) {
      assertEquals(201, server.client(Role.ADMIN).register("obama", ENROLL).statusCode());
    }
    try (TestServer server =
        TestServer.start(
            TestServer.config(dataDir)
                .with("liveness", mode)
                .with("liveness_threshold", threshold))) {
      return server.client(Role.ADMIN).auth("obama", PROBE).bodyAsJsonObject();
    }
  }

  @Test
  void reportModeShowsThePassiveModelWithoutChangingTheDecision(@TempDir Path dataDir) {
    JsonObject answer = verifyWith(dataDir, "report", 0.0);
    JsonObject liveness = answer.getJsonObject("liveness");
    assertEquals("passive", liveness.getString("mode"));
    assertNull(liveness.getValue("passed"), "one image is not assessed: " + liveness.encode());
    assertTrue(liveness.getDouble("score") >= 0, answer.encode());
    assertFalse(
        liveness.getJsonObject("checks").getJsonObject("antispoof_model").getBoolean("passed"));
    assertTrue(answer.getBoolean("match"), "report mode never vetoes");
  }

  @Test
  void enforceModeRefusesOneImageWhateverThePassiveModelSays(@TempDir Path dataDir) {
    JsonObject answer = verifyWith(dataDir, "enforce", 100.0);
    JsonObject liveness = answer.getJsonObject("liveness");
    assertTrue(
        liveness.getJsonObject("checks").getJsonObject("antispoof_model").getBoolean("passed"));
    assertTrue(liveness.getBoolean("enforced"));
    assertTrue(answer.getDouble("score") >= answer.getDouble("threshold"), answer.encode());
    assertFalse(answer.getBoolean("match"), "a check that was not made cannot let anyone in");
  }
}
