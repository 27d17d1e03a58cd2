package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.EvaluationSets;
import io.facegate.testing.EvaluationTier;
import io.facegate.testing.GeneratedPhotos;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quality gates, several faces and the open-set margin rule, through the API. */
@E2eTier
class DecisionRulesTest {
  static final double MARGIN = 0.1;
  @TempDir static Path dataDir;
  static TestServer server;
  static ApiClient admin;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.config(dataDir).with("id_margin", MARGIN));
    admin = server.client(Role.ADMIN);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * obama.jpg blurred to a sharpness of about 23: under the enrollment bar (50), over the
   * verification bar (10).
   */
  static Path blurred() {
    return GeneratedPhotos.blurred(
        TestPhotos.path("people/obama/obama.jpg"), 31, dataDir.resolve("blurred.jpg"));
  }

  @Test
  void blurredFacesAreRefusedForEnrollmentWithReasons() {
    HttpResponse<Buffer> blurred = admin.register("blur", blurred());
    assertEquals(422, blurred.statusCode(), blurred.bodyAsString());
    JsonObject body = blurred.bodyAsJsonObject();
    assertEquals("LOW_QUALITY", body.getString("error"));
    assertTrue(body.getJsonArray("reasons").getString(0).contains("blurred"), body.encode());
    assertTrue(body.getJsonObject("quality").getDouble("sharpness") < 100);
    assertEquals(404, admin.get("/users/blur").statusCode());
  }

  /**
   * A near-profile photo; the bundled permissive photos have no head turned beyond the enrollment
   * bar.
   */
  @Test
  @EvaluationTier
  void turnedFacesAreRefusedForEnrollmentWithReasons() {
    HttpResponse<Buffer> profile =
        admin.register("profile", EvaluationSets.path("insightface/_cases/profile/left_face.jpeg"));
    assertEquals(
        "LOW_QUALITY", profile.bodyAsJsonObject().getString("error"), profile.bodyAsString());
    assertTrue(profile.bodyAsJsonObject().getJsonArray("reasons").encode().contains("turned"));
    assertEquals(404, admin.get("/users/profile").statusCode());
  }

  @Test
  void verificationUsesALowerBarAndReportsQuality() {
    JsonObject answer = admin.identify(blurred()).bodyAsJsonObject();
    assertEquals("id", answer.getString("mode"), answer.encode());
    JsonObject quality = answer.getJsonObject("quality");
    JsonObject liveness = answer.getJsonObject("liveness");
    assertEquals("passive", liveness.getString("mode"), "one image is judged passively");
    assertFalse(liveness.getBoolean("enforced"), "liveness is not enforced by default");
    assertNull(liveness.getValue("passed"), "one image is not assessed: " + liveness.encode());
    assertTrue(
        quality.getDouble("sharpness") < 100, "below the enrollment bar, above the verify bar");
    assertTrue(
        quality.containsKey("yaw")
            && quality.containsKey("roll")
            && quality.containsKey("brightness"));
  }

  @Test
  void groupPhotosAreRefusedForEnrollmentAndCountedInVerification() {
    HttpResponse<Buffer> group =
        admin.register("group", TestPhotos.path("compreface/_cases/group/000_5.jpg"));
    assertEquals(422, group.statusCode(), group.bodyAsString());
    assertEquals("MULTIPLE_FACES", group.bodyAsJsonObject().getString("error"));
    assertTrue(group.bodyAsJsonObject().getInteger("faces") >= 2);
    JsonObject verify =
        admin.identify(TestPhotos.path("cases/group/two_people.jpg")).bodyAsJsonObject();
    assertEquals(2, verify.getInteger("faces"), verify.encode());
  }

  @Test
  void aNearTieBetweenTwoPeopleIsUnknown() {
    // The same man enrolled under two names: whoever wins, the lead over the runner-up is tiny.
    assertEquals(
        201, admin.register("barack", TestPhotos.path("people/obama/obama.jpg")).statusCode());
    // Only an admin's allow_duplicate lets the second name in.
    assertEquals(
        201,
        TestServer.await(
                admin.registerAsync(
                    "mr-president",
                    Map.of("allow_duplicate", "true"),
                    TestPhotos.path("people/obama/obama2.jpg")))
            .statusCode());
    JsonObject answer =
        admin.identify(TestPhotos.path("people/obama/obama3.jpg")).bodyAsJsonObject();
    assertTrue(answer.getDouble("score") >= answer.getDouble("threshold"), answer.encode());
    assertTrue(answer.getDouble("lead") < MARGIN, answer.encode());
    assertFalse(answer.getBoolean("match"), answer.encode());
    assertNull(answer.getString("username"));
  }

  @Test
  void compareJudgesTwoPhotosByTheAuthThreshold() {
    JsonObject same =
        admin
            .postFiles(
                "/compare",
                Map.of(
                    "image1",
                    TestPhotos.path("people/biden/biden.jpg"),
                    "image2",
                    TestPhotos.path("people/biden/biden2.jpg")))
            .bodyAsJsonObject();
    assertTrue(same.getBoolean("match"), same.encode());
    assertTrue(same.getDouble("score") >= same.getDouble("threshold"));
    JsonObject different =
        admin
            .postFiles(
                "/compare",
                Map.of(
                    "image1",
                    TestPhotos.path("people/biden/biden.jpg"),
                    "image2",
                    TestPhotos.path("people/rose_leslie/img1.jpg")))
            .bodyAsJsonObject();
    assertFalse(different.getBoolean("match"), different.encode());
    HttpResponse<Buffer> noFace =
        admin.postFiles(
            "/compare",
            Map.of(
                "image1",
                TestPhotos.path("people/biden/biden.jpg"),
                "image2",
                TestPhotos.path("cases/noface/banner.png")));
    assertEquals(422, noFace.statusCode());
    assertEquals("NO_FACE", noFace.bodyAsJsonObject().getString("error"));
    assertEquals(2, noFace.bodyAsJsonObject().getInteger("image"));
    assertEquals(
        403,
        server
            .client(Role.ENROLL)
            .postFiles(
                "/compare",
                Map.of(
                    "image1",
                    TestPhotos.path("people/biden/biden.jpg"),
                    "image2",
                    TestPhotos.path("people/biden/biden2.jpg")))
            .statusCode());
  }

  @Test
  void detectListsEveryFaceInOriginalPixels() {
    JsonObject group =
        admin
            .postFiles(
                "/detect", Map.of("image", TestPhotos.path("compreface/_cases/group/015_6.jpg")))
            .bodyAsJsonObject();
    assertEquals(6, group.getJsonArray("faces").size(), group.encode());
    JsonObject face = group.getJsonArray("faces").getJsonObject(0);
    assertEquals(4, face.getJsonArray("box").size());
    assertEquals(6, face.getJsonArray("landmarks").size());
    assertTrue(face.getJsonObject("quality").containsKey("usable"));
    JsonObject none =
        admin
            .postFiles(
                "/detect", Map.of("image", TestPhotos.path("faceapi/_cases/noface/white.png")))
            .bodyAsJsonObject();
    assertEquals(0, none.getJsonArray("faces").size());
  }
}
