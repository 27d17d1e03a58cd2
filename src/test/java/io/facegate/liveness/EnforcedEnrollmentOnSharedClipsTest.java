package io.facegate.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.EvaluationTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under enforce, a live capture vouches only for photos of the same person: enrolling a live clip's
 * frames with someone else's photo beside them stores the live face, not the photo.
 */
@EvaluationTier
class EnforcedEnrollmentOnSharedClipsTest {
  @TempDir static Path dataDir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server =
        LivenessOverHttpOnSharedClipsTest.serverAnsweringOneActionChallenges(dataDir, "enforce");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aPhotoOfSomeoneElseBesidePassingFramesIsRefusedAndTheOneOfThePersonKept() {
    ApiClient enroller = server.client(Role.ENROLL, Role.VERIFY);
    SharedClips.Sequence live =
        SharedClips.sequences().stream()
            .filter(s -> s.name().equals("tvl_real_turn"))
            .findFirst()
            .orElseThrow();
    List<Path> frames = live.files();
    MultipartForm form =
        MultipartForm.create()
            .attribute("username", "live")
            .attribute(
                "challenge_id",
                LivenessOverHttpOnSharedClipsTest.challengeFor(enroller, Action.TURN_LEFT));
    form.binaryFileUpload(
        "images",
        "someone-else.jpg",
        Buffer.buffer(TestPhotos.read(TestPhotos.path("people/biden/biden.jpg"))),
        "image/jpeg");
    form.binaryFileUpload(
        "images", "same-person.jpg", Buffer.buffer(TestPhotos.read(frames.get(0))), "image/jpeg");
    for (Path frame : frames) {
      form.binaryFileUpload(
          "frames",
          frame.getFileName().toString(),
          Buffer.buffer(TestPhotos.read(frame)),
          "image/jpeg");
    }
    HttpResponse<Buffer> answer =
        TestServer.await(enroller.request(HttpMethod.POST, "/register").sendMultipartForm(form));
    JsonObject body = answer.bodyAsJsonObject();
    assertEquals(201, answer.statusCode(), body.encode());
    JsonArray rejected = body.getJsonArray("rejected");
    assertEquals(1, rejected.size(), body.encode());
    assertEquals(0, rejected.getJsonObject(0).getInteger("index"), body.encode());
    assertEquals("SPOOF_SUSPECTED", rejected.getJsonObject(0).getString("error"), body.encode());
    assertEquals(2, body.getInteger("added"), "the same-person photo and the best frame");
  }
}
