package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.GeneratedPhotos;
import io.facegate.testing.NonFacePhotos;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Things that are not faces are refused with NO_FACE at enrollment and at the door; real faces
 * still enroll.
 */
@E2eTier
class NonFaceEnrollmentTest {
  @TempDir static Path dataDir;
  static TestServer server;
  static ApiClient admin;
  static Path blob;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start(TestServer.config(dataDir));
    admin = server.client(Role.ADMIN);
    // A skin-toned oval with two dark dots that the detector scores above the enrollment minimum.
    try (Mat image = NonFacePhotos.generate(NonFacePhotos.Kind.FACE_LIKE, 6)) {
      blob = Files.write(dataDir.resolve("blob.jpg"), GeneratedPhotos.jpeg(image));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aFaceLikePatternIsRefusedAsNotAFace() {
    assertNotAFace(admin.register("pumpkin", blob));
    assertNotAFace(admin.identify(blob));
    assertEquals(404, admin.get("/users/pumpkin").statusCode(), "nothing stored");
  }

  @Test
  void sharedNoFacePhotosAreRefused() {
    for (String photo :
        new String[] {
          "cases/noface/banner.png",
          "cases/noface/performance-comparison.png",
          "faceapi/_cases/noface/white.png"
        }) {
      HttpResponse<Buffer> response = admin.register("nobody", TestPhotos.path(photo));
      assertEquals(422, response.statusCode(), photo + ": " + response.bodyAsString());
      assertEquals("NO_FACE", response.bodyAsJsonObject().getString("error"), photo);
    }
  }

  @Test
  void realFacesStillEnroll() {
    for (String person : new String[] {"obama", "biden", "alex_lacamoire"}) {
      HttpResponse<Buffer> response =
          admin.register(person, TestPhotos.people().get(person).get(0));
      assertEquals(201, response.statusCode(), person + ": " + response.bodyAsString());
    }
  }

  private static void assertNotAFace(HttpResponse<Buffer> response) {
    assertEquals(422, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals("NO_FACE", body.getString("error"), body.encode());
    assertTrue(body.getString("message").contains("does not look like a face"), body.encode());
  }
}
