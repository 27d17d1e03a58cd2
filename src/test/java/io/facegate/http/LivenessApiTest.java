package io.facegate.http;

import static io.facegate.testing.Responses.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.GeneratedPhotos;
import io.facegate.testing.TestClock;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness over HTTP with liveness enforced, on what a clone has: a printed photo moved and tilted
 * in front of the camera (frames made from a bundled photo) must fail every challenge and motion
 * check; challenges are single use and expire; bad frames are clear 4xx errors.
 */
@E2eTier
class LivenessApiTest {
  static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  static final List<byte[]> PRINT =
      GeneratedPhotos.movedPrint(TestPhotos.path("people/obama/obama.jpg"), 8);

  @TempDir static Path dataDir;
  static final TestClock CLOCK = new TestClock(Instant.parse("2026-01-05T10:00:00Z"));
  static TestServer server;
  static ApiClient door;

  /** Door events the server posts to its webhook. */
  static final BlockingQueue<JsonObject> EVENTS = new LinkedBlockingQueue<>();

  static final Vertx RECEIVER_VERTX = Vertx.vertx();
  static HttpServer receiver;

  /** obama enrolled from a photo with liveness off, then the server restarted with it enforced. */
  @BeforeAll
  static void start() {
    receiver =
        TestServer.await(
            RECEIVER_VERTX
                .createHttpServer()
                .requestHandler(
                    request ->
                        request
                            .body()
                            .onSuccess(
                                body -> {
                                  EVENTS.add(body.toJsonObject());
                                  request.response().setStatusCode(204).end();
                                }))
                .listen(0, "127.0.0.1"));
    try (TestServer enrolling = TestServer.start(dataDir)) {
      assertStatus(enrolling.client(Role.ADMIN).register("obama", OBAMA), 201);
    }
    server =
        TestServer.start(
            TestServer.config(dataDir)
                .with("liveness", "enforce")
                .with("body_limit_bytes", 3 << 20)
                // Every print here fails, and failures would lock obama out (LockoutTest's job).
                .with("lockout_failures", 0)
                .with("webhook_url", "http://127.0.0.1:" + receiver.actualPort() + "/door"),
            CLOCK);
    door = server.client(Role.VERIFY);
  }

  @AfterAll
  static void stop() {
    server.close();
    TestServer.await(RECEIVER_VERTX.close());
  }

  private static JsonObject challenge() {
    return assertStatus(door.postJson("/liveness/challenge", new JsonObject()), 200);
  }

  /** A multipart request with the frames in order and the given text fields. */
  private static HttpResponse<Buffer> post(
      ApiClient client, String path, Map<String, String> fields, List<byte[]> frames) {
    MultipartForm form = MultipartForm.create();
    fields.forEach(form::attribute);
    for (int i = 0; i < frames.size(); i++) {
      form.binaryFileUpload(
          "frames", "frame" + i + ".jpg", Buffer.buffer(frames.get(i)), "image/jpeg");
    }
    return TestServer.await(client.request(HttpMethod.POST, path).sendMultipartForm(form));
  }

  private static HttpResponse<Buffer> auth(Map<String, String> extra, List<byte[]> frames) {
    Map<String, String> fields = new HashMap<>(extra);
    fields.put("mode", "auth");
    fields.put("username", "obama");
    return post(door, "/verify", fields, frames);
  }

  @Test
  void aChallengeAsksTwoDifferentActionsOfTheThree() {
    JsonObject challenge = challenge();
    JsonArray actions = challenge.getJsonArray("actions");
    assertEquals(2, actions.size(), challenge.encode());
    assertTrue(Set.of("blink", "turn_left", "turn_right").containsAll(actions.getList()));
    assertTrue(!actions.getString(0).equals(actions.getString(1)), challenge.encode());
    assertEquals(15, challenge.getInteger("expires_in"));
    assertTrue(challenge.getString("challenge_id").length() >= 20, "unguessable id");
    assertEquals(
        401,
        server
            .clientWithToken(null)
            .postJson("/liveness/challenge", new JsonObject())
            .statusCode());
  }

  @Test
  void aMovedPrintFailsItsChallengeAndCannotMatch() {
    JsonObject challenge = challenge();
    JsonObject answer =
        assertStatus(auth(Map.of("challenge_id", challenge.getString("challenge_id")), PRINT), 200);
    assertFalse(answer.getBoolean("match"), answer.encode());
    assertTrue(
        answer.getDouble("score") >= answer.getDouble("threshold"), "the face itself matches");
    JsonObject liveness = answer.getJsonObject("liveness");
    assertEquals("active", liveness.getString("mode"));
    assertFalse(liveness.getBoolean("passed"), liveness.encode());
    assertTrue(liveness.getBoolean("enforced"));
    assertTrue(liveness.getBoolean("same_person"), "one person throughout: " + liveness.encode());
    assertTrue(liveness.getBoolean("distinct_frames"), liveness.encode());
    JsonObject checks = liveness.getJsonObject("checks");
    String first = challenge.getJsonArray("actions").getString(0);
    assertFalse(checks.getJsonObject(first).getBoolean("passed"), "a flat picture: " + checks);
  }

  @Test
  void theDoorEventCarriesTheLivenessVerdict() throws InterruptedException {
    String requestId = "liveness-event-" + System.nanoTime();
    MultipartForm form =
        MultipartForm.create()
            .attribute("mode", "auth")
            .attribute("username", "obama")
            .attribute("challenge_id", challenge().getString("challenge_id"));
    PRINT.forEach(f -> form.binaryFileUpload("frames", "f.jpg", Buffer.buffer(f), "image/jpeg"));
    JsonObject answer =
        assertStatus(
            TestServer.await(
                door.request(HttpMethod.POST, "/verify")
                    .putHeader("X-Request-Id", requestId)
                    .sendMultipartForm(form)),
            200);
    JsonObject event = null;
    for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; ) {
      JsonObject next = EVENTS.poll(1, TimeUnit.SECONDS);
      if (next != null && requestId.equals(next.getString("request_id"))) {
        event = next;
        break;
      }
    }
    assertTrue(event != null, "no door event for " + requestId);
    assertEquals("spoof", event.getString("decision"), event.encode());
    assertEquals(answer.getJsonObject("liveness"), event.getJsonObject("liveness"));
    assertEquals("active", event.getJsonObject("liveness").getString("mode"));
  }

  @Test
  void aMovedPrintShowsNoThreeDimensionalMotion() {
    JsonObject answer = assertStatus(auth(Map.of(), PRINT), 200);
    JsonObject liveness = answer.getJsonObject("liveness");
    assertEquals("motion", liveness.getString("mode"), liveness.encode());
    JsonObject motion = liveness.getJsonObject("checks").getJsonObject("motion_3d");
    assertFalse(motion.getBoolean("passed"), liveness.encode());
    assertTrue(motion.getDouble("residual") < 0.05, "one homography fits a print: " + motion);
    JsonObject recapture = liveness.getJsonObject("checks").getJsonObject("recapture");
    assertTrue(
        recapture.getBoolean("passed"),
        "a sharp print is a first capture; the 3-D check is what refuses it: " + recapture);
    assertFalse(answer.getBoolean("match"));
  }

  @Test
  void oneFrameSentOverAndOverIsCaught() {
    JsonObject liveness =
        assertStatus(auth(Map.of(), Collections.nCopies(5, PRINT.get(0))), 200)
            .getJsonObject("liveness");
    assertFalse(liveness.getBoolean("distinct_frames"), liveness.encode());
    assertFalse(liveness.getBoolean("passed"));
  }

  @Test
  void framesMayComeAsJsonBase64() {
    JsonArray frames = new JsonArray();
    PRINT.subList(0, 4).forEach(f -> frames.add(Base64.getEncoder().encodeToString(f)));
    JsonObject answer =
        assertStatus(
            door.postJson("/verify", new JsonObject().put("mode", "id").put("frames", frames)),
            200);
    assertEquals("motion", answer.getJsonObject("liveness").getString("mode"), answer.encode());
    assertEquals(4, answer.getJsonObject("liveness").getInteger("frames"));
    assertFalse(answer.getBoolean("match"), "enforced: no 3-D motion, no match");
  }

  @Test
  void aChallengeIsAnsweredOnce() {
    String id = challenge().getString("challenge_id");
    assertStatus(auth(Map.of("challenge_id", id), PRINT.subList(0, 3)), 200);
    JsonObject again = assertStatus(auth(Map.of("challenge_id", id), PRINT.subList(3, 6)), 409);
    assertEquals("CHALLENGE_INVALID", again.getString("error"), again.encode());
    assertEquals(
        "CHALLENGE_INVALID",
        assertStatus(auth(Map.of("challenge_id", "made-up"), PRINT.subList(0, 3)), 409)
            .getString("error"));
  }

  @Test
  void aChallengeExpires() {
    String id = challenge().getString("challenge_id");
    CLOCK.advance(Duration.ofSeconds(16));
    JsonObject late = assertStatus(auth(Map.of("challenge_id", id), PRINT.subList(0, 3)), 409);
    assertTrue(late.getString("message").contains("expired"), late.encode());
  }

  @Test
  void frameCountsOutsideThreeToThirtyAreRefused() {
    assertStatus(auth(Map.of(), PRINT.subList(0, 1)), 400);
    JsonObject two = assertStatus(auth(Map.of(), PRINT.subList(0, 2)), 400);
    assertTrue(two.getString("message").contains("3 to 30 frames"), two.encode());
    List<byte[]> many = new ArrayList<>();
    while (many.size() < 31) {
      many.add(PRINT.get(many.size() % PRINT.size()));
    }
    JsonObject tooMany = assertStatus(auth(Map.of(), many), 400);
    assertTrue(tooMany.getString("message").contains("at most 30 frames"), tooMany.encode());
    // A challenge is answered with frames, not one image.
    HttpResponse<Buffer> single =
        door.verify(
            Map.of(
                "mode",
                "auth",
                "username",
                "obama",
                "challenge_id",
                challenge().getString("challenge_id")),
            "one.jpg",
            PRINT.get(0));
    assertEquals(400, single.statusCode(), single.bodyAsString());
  }

  @Test
  void framesBeyondTheBodyLimitAreRefusedBeforeDecoding() {
    byte[] large = TestPhotos.read(TestPhotos.path("people/obama/obama3.jpg"));
    JsonObject answer = assertStatus(auth(Map.of(), Collections.nCopies(8, large)), 413);
    assertEquals("TOO_LARGE", answer.getString("error"));
  }

  @Test
  void aBrokenFrameIsNamed() {
    List<byte[]> frames = new ArrayList<>(PRINT.subList(0, 4));
    frames.set(2, "not an image".getBytes());
    JsonObject answer = assertStatus(auth(Map.of(), frames), 400);
    assertEquals("BAD_IMAGE", answer.getString("error"), answer.encode());
    assertEquals(2, answer.getInteger("frame"));
  }

  @Test
  void framesAndAnImageTogetherAreRefused() {
    MultipartForm form =
        MultipartForm.create().attribute("mode", "auth").attribute("username", "obama");
    form.binaryFileUpload("image", "i.jpg", Buffer.buffer(PRINT.get(0)), "image/jpeg");
    PRINT
        .subList(1, 4)
        .forEach(f -> form.binaryFileUpload("frames", "f.jpg", Buffer.buffer(f), "image/jpeg"));
    HttpResponse<Buffer> answer =
        TestServer.await(door.request(HttpMethod.POST, "/verify").sendMultipartForm(form));
    assertEquals(400, answer.statusCode(), answer.bodyAsString());
  }

  @Test
  void oneImageIsNotAssessedAndCannotMatchUnderEnforce() {
    JsonObject answer = assertStatus(door.auth("obama", OBAMA), 200);
    assertFalse(answer.getBoolean("match"), answer.encode());
    JsonObject liveness = answer.getJsonObject("liveness");
    assertEquals("passive", liveness.getString("mode"));
    assertNull(liveness.getValue("passed"));
  }

  @Test
  void enrollmentUnderEnforceNeedsFramesThatPass() {
    ApiClient admin = server.client(Role.ADMIN);
    JsonObject photo = assertStatus(admin.register("printed", OBAMA), 422);
    assertEquals("SPOOF_SUSPECTED", photo.getString("error"), photo.encode());
    String id = challenge().getString("challenge_id");
    JsonObject print =
        assertStatus(
            post(admin, "/register", Map.of("username", "printed", "challenge_id", id), PRINT),
            422);
    assertEquals("SPOOF_SUSPECTED", print.getString("error"), print.encode());
    assertFalse(print.getJsonObject("liveness").getBoolean("passed"));
    assertEquals(404, admin.get("/users/printed").statusCode(), "nothing was stored");
  }

  @Test
  void compareTakesTheLiveCaptureAsFrames() {
    MultipartForm form = MultipartForm.create();
    PRINT
        .subList(0, 4)
        .forEach(f -> form.binaryFileUpload("frames", "f.jpg", Buffer.buffer(f), "image/jpeg"));
    form.binaryFileUpload("image2", "ref.jpg", Buffer.buffer(TestPhotos.read(OBAMA)), "image/jpeg");
    JsonObject answer =
        assertStatus(
            TestServer.await(door.request(HttpMethod.POST, "/compare").sendMultipartForm(form)),
            200);
    assertEquals("motion", answer.getJsonObject("liveness").getString("mode"), answer.encode());
    assertTrue(answer.getDouble("score") >= answer.getDouble("threshold"), answer.encode());
    assertFalse(answer.getBoolean("match"), "the print's frames veto the match");
  }

  @Test
  void metricsCountEachCheckAndOutcome() {
    assertStatus(auth(Map.of(), PRINT.subList(0, 4)), 200);
    String scrape = server.clientWithToken(null).get("/metrics").bodyAsString();
    assertTrue(
        scrape.contains("facegate_liveness_checks_total{check=\"motion_3d\",outcome=\"fail\"}"),
        scrape.lines().filter(l -> l.contains("liveness")).toList().toString());
    assertTrue(
        scrape.contains("facegate_liveness_checks_total{check=\"verdict\",outcome=\"fail\"}"));
  }
}
