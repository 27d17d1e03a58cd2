package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anti-spoofing model in its two active modes. Thresholds at the ends of the scale make the
 * verdict certain, so the tests are about what each mode does with it, not about the model.
 */
@E2eTier
class LivenessModesTest {
  static final Path ENROLL = TestPhotos.path("people/obama/obama.jpg");
  static final Path PROBE = TestPhotos.path("people/obama/obama3.jpg");

  private static JsonObject verifyWith(Path dataDir, String mode, double threshold) {
    try (TestServer server =
        TestServer.start(
            TestServer.config(dataDir)
                .with("liveness", mode)
                .with("liveness_threshold", threshold))) {
      ApiClient admin = server.client(Role.ADMIN);
      assertEquals(201, admin.register("obama", ENROLL).statusCode());
      return admin.auth("obama", PROBE).bodyAsJsonObject();
    }
  }

  @Test
  void scoreModeReportsWithoutChangingTheDecision(@TempDir Path dataDir) {
    JsonObject answer = verifyWith(dataDir, "score", 0.0);
    JsonObject liveness = answer.getJsonObject("liveness");
    assertEquals("score", liveness.getString("mode"));
    assertTrue(liveness.getDouble("score") >= 0, answer.encode());
    assertFalse(liveness.getBoolean("passed"));
    assertTrue(liveness.getJsonObject("checks").containsKey("antispoof_model"));
    assertTrue(answer.getBoolean("match"), "score mode never vetoes");
  }

  @Test
  void enforceModeTurnsAFailedCheckIntoNoMatch(@TempDir Path dataDir) {
    JsonObject answer = verifyWith(dataDir, "enforce", 0.0);
    assertFalse(answer.getJsonObject("liveness").getBoolean("passed"));
    assertTrue(answer.getDouble("score") >= answer.getDouble("threshold"), answer.encode());
    assertFalse(answer.getBoolean("match"), "the face matches but the liveness check vetoes it");
  }

  @Test
  void enforceModeLetsAPassedCheckThrough(@TempDir Path dataDir) {
    JsonObject answer = verifyWith(dataDir, "enforce", 10.0);
    assertTrue(answer.getJsonObject("liveness").getBoolean("passed"));
    assertTrue(answer.getBoolean("match"), answer.encode());
  }
}
