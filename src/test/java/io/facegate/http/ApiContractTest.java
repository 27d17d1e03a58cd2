package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error of shared/design/api.md a client can provoke, plus the JSON+base64 body form. */
@E2eTier
class ApiContractTest {
  @TempDir static Path dataDir;
  static TestServer server;
  static ApiClient admin;

  static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama3.jpg");

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            TestServer.config(dataDir)
                .with("body_limit_bytes", 3_000_000)
                .with("max_image_pixels", 20_000_000));
    admin = server.client(Role.ADMIN);
    assertEquals(201, admin.register("obama", OBAMA).statusCode());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(code, body.getString("error"), body.encode());
    assertTrue(body.getString("message") != null && !body.getString("message").isBlank());
    assertTrue(response.headers().contains("X-Request-Id"));
  }

  private static byte[] pixelBomb() {
    ByteBuffer png = ByteBuffer.allocate(64);
    png.put(
        new byte[] {
          (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
        });
    png.putInt(30000).putInt(30000);
    return png.array();
  }

  @Test
  void missingOrBadTokensAre401() {
    ApiClient anonymous = server.clientWithToken(null);
    assertError(anonymous.register("x", OBAMA), 401, "UNAUTHORIZED");
    assertError(anonymous.identify(OBAMA), 401, "UNAUTHORIZED");
    assertError(anonymous.get("/users"), 401, "UNAUTHORIZED");
    assertError(server.clientWithToken("not.a.token").get("/users"), 401, "UNAUTHORIZED");
    String forged =
        new io.facegate.auth.TokenService(
                server.clientVertx(),
                "another-secret-that-is-also-32-bytes-long",
                "HS256",
                "facegate")
            .issue(java.util.List.of(Role.ADMIN), "mallory", java.time.Duration.ofHours(1));
    assertError(server.clientWithToken(forged).get("/users"), 401, "UNAUTHORIZED");
  }

  @Test
  void wrongRolesAre403() {
    ApiClient verifier = server.client(Role.VERIFY);
    ApiClient enroller = server.client(Role.ENROLL);
    assertError(verifier.register("x", OBAMA), 403, "FORBIDDEN");
    assertError(verifier.get("/users"), 403, "FORBIDDEN");
    assertError(verifier.delete("/users/obama"), 403, "FORBIDDEN");
    assertError(enroller.identify(OBAMA_PROBE), 403, "FORBIDDEN");
    assertEquals(200, verifier.identify(OBAMA_PROBE).statusCode());
    assertEquals(200, enroller.get("/users").statusCode());
  }

  @Test
  void badUsernamesAre400() {
    assertError(admin.register("bad name!", OBAMA), 400, "BAD_REQUEST");
    assertError(admin.register("x".repeat(65), OBAMA), 400, "BAD_REQUEST");
    assertError(
        admin.postJson(
            "/register", new JsonObject().put("images", new JsonArray().add(b64(OBAMA)))),
        400,
        "BAD_REQUEST");
    assertError(admin.auth("../etc/passwd", OBAMA_PROBE), 400, "BAD_REQUEST");
  }

  @Test
  void malformedVerifyRequestsAre400() {
    byte[] photo = TestPhotos.read(OBAMA_PROBE);
    assertError(admin.verify(Map.of(), "a.jpg", photo), 400, "BAD_REQUEST");
    assertError(admin.verify(Map.of("mode", "guess"), "a.jpg", photo), 400, "BAD_REQUEST");
    assertError(
        admin.verify(Map.of("mode", "id", "top_k", "0"), "a.jpg", photo), 400, "BAD_REQUEST");
    assertError(
        admin.verify(Map.of("mode", "id", "top_k", "lots"), "a.jpg", photo), 400, "BAD_REQUEST");
    assertError(admin.postJson("/verify", new JsonObject().put("mode", "id")), 400, "BAD_REQUEST");
    assertError(
        admin.postJson(
            "/verify", new JsonObject().put("mode", "id").put("image", "***not base64***")),
        400,
        "BAD_REQUEST");
    assertError(
        TestServer.await(
            admin
                .request(HttpMethod.POST, "/verify")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"mode\": \"id\", "))),
        400,
        "BAD_REQUEST");
    assertError(admin.get("/users?limit=0"), 400, "BAD_REQUEST");
  }

  @Test
  void undecodableImagesAre400BadImage() {
    assertError(
        admin.verify(Map.of("mode", "id"), "x.jpg", "just text".getBytes()), 400, "BAD_IMAGE");
    byte[] truncated = Arrays.copyOf(TestPhotos.read(OBAMA_PROBE), 300);
    assertError(admin.verify(Map.of("mode", "id"), "x.jpg", truncated), 400, "BAD_IMAGE");
    assertError(
        admin.register("eve", TestPhotos.path("compreface/_cases/broken/corrupted.png")),
        400,
        "BAD_IMAGE");
  }

  @Test
  void oversizedBodiesAndPixelBombsAre413() {
    assertError(
        admin.verify(Map.of("mode", "id"), "big.jpg", new byte[3_100_000]), 413, "TOO_LARGE");
    assertError(admin.verify(Map.of("mode", "id"), "bomb.png", pixelBomb()), 413, "TOO_LARGE");
    assertEquals(200, admin.get("/healthz").statusCode(), "still serving");
  }

  @Test
  void otherContentTypesAre415() {
    assertError(
        TestServer.await(
            admin
                .request(HttpMethod.POST, "/verify")
                .putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer("hello"))),
        415,
        "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void photosWithoutOneUsableFaceAre422() {
    assertError(
        admin.register("nobody", TestPhotos.path("cases/noface/banner.png")), 422, "NO_FACE");
    assertError(admin.identify(TestPhotos.path("faceapi/_cases/noface/white.png")), 422, "NO_FACE");
    HttpResponse<Buffer> group =
        admin.register("group", TestPhotos.path("cases/group/two_people.jpg"));
    assertError(group, 422, "MULTIPLE_FACES");
    assertEquals(2, group.bodyAsJsonObject().getInteger("faces"));
    assertEquals(404, admin.get("/users/nobody").statusCode(), "nothing stored");
    assertEquals(404, admin.get("/users/group").statusCode(), "nothing stored");
  }

  @Test
  void unusablePhotosAmongGoodOnesAreListedAsRejected() {
    HttpResponse<Buffer> response =
        admin.register(
            "kit",
            TestPhotos.path("people/kit_harington/john1.jpeg"),
            TestPhotos.path("cases/noface/banner.png"));
    assertEquals(201, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(1, body.getInteger("added"));
    JsonObject rejected = body.getJsonArray("rejected").getJsonObject(0);
    assertEquals(1, rejected.getInteger("index"));
    assertEquals("NO_FACE", rejected.getString("error"));
  }

  @Test
  void unknownPeopleAre404() {
    assertError(admin.auth("nobody-here", OBAMA_PROBE), 404, "USER_NOT_FOUND");
    assertError(admin.get("/users/nobody-here"), 404, "USER_NOT_FOUND");
    assertError(admin.delete("/users/nobody-here"), 404, "USER_NOT_FOUND");
    assertError(admin.get("/no-such-endpoint"), 404, "NOT_FOUND");
    assertError(admin.get("/register"), 405, "METHOD_NOT_ALLOWED");
  }

  @Test
  void jsonWithBase64WorksForRegisterAndVerify() {
    HttpResponse<Buffer> registered =
        admin.postJson(
            "/register",
            new JsonObject()
                .put("username", "obama-json")
                .put("display_name", "Barack")
                .put("allow_duplicate", true)
                .put("images", new JsonArray().add(b64(OBAMA))));
    assertEquals(201, registered.statusCode(), registered.bodyAsString());
    assertEquals(
        "Barack", admin.get("/users/obama-json").bodyAsJsonObject().getString("display_name"));
    HttpResponse<Buffer> verified =
        admin.postJson(
            "/verify",
            new JsonObject()
                .put("mode", "auth")
                .put("username", "obama-json")
                .put("image", "data:image/jpeg;base64," + b64(OBAMA_PROBE)));
    assertEquals(200, verified.statusCode(), verified.bodyAsString());
    assertTrue(verified.bodyAsJsonObject().getBoolean("match"));
  }

  @Test
  void operationsEndpointsNeedNoToken() {
    ApiClient anonymous = server.clientWithToken(null);
    assertEquals("ok", anonymous.get("/healthz").bodyAsJsonObject().getString("status"));
    assertEquals(200, anonymous.get("/readyz").statusCode());
    HttpResponse<Buffer> metrics = anonymous.get("/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(
        metrics.bodyAsString().contains("vertx_http_server_requests"),
        "Prometheus text with HTTP metrics");
  }

  @Test
  void aStandaloneServerHasNoFleetFeedAndRefusesMinSeq() {
    assertError(admin.get("/users?min_seq=3"), 400, "BAD_REQUEST");
    assertError(admin.get("/replication/snapshot"), 404, "NOT_FOUND");
    assertError(admin.get("/admin/replicas"), 404, "NOT_FOUND");
    assertError(admin.post("/admin/import", "application/x-ndjson", "{}"), 404, "NOT_FOUND");
  }

  private static String b64(Path photo) {
    return Base64.getEncoder().encodeToString(TestPhotos.read(photo));
  }
}
