package io.facegate.http;

import static io.facegate.testing.Responses.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The people routes and parameters of the v2 contract on a real server: no parameter ignored,
 * per-request thresholds, profiles, single photos removed, duplicate faces refused, /embed, /health
 * and every face in 1:N.
 */
@E2eTier
class PeopleApiTest {
  @TempDir static Path dataDir;
  static TestServer server;
  static ApiClient admin;
  static ApiClient enroller;

  static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama3.jpg");
  static final Path BIDEN = TestPhotos.path("people/biden/biden.jpg");

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
    admin = server.client(Role.ADMIN);
    enroller = server.client(Role.ENROLL);
    assertEquals(201, admin.register("obama", OBAMA).statusCode());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertBadField(HttpResponse<Buffer> response, String field) {
    JsonObject body = assertStatus(response, 400);
    assertEquals("BAD_REQUEST", body.getString("error"));
    assertEquals(field, body.getString("field"), body.encode());
    assertTrue(body.getString("message").contains(field));
  }

  @Test
  void unknownFieldsAndParametersAreRefusedNamingThem() {
    byte[] photo = TestPhotos.read(OBAMA_PROBE);
    assertBadField(
        admin.verify(Map.of("mode", "id", "treshold", "0.9"), "a.jpg", photo), "treshold");
    assertBadField(
        admin.postJson(
            "/verify",
            new JsonObject().put("mode", "id").put("topk", 3).put("image", b64(OBAMA_PROBE))),
        "topk");
    assertBadField(
        admin.postJson(
            "/register",
            new JsonObject()
                .put("username", "x")
                .put("displayname", "X")
                .put("images", new JsonArray().add(b64(OBAMA)))),
        "displayname");
    assertBadField(
        admin.postFiles(
            "/compare", Map.of("image1", OBAMA, "image2", OBAMA_PROBE, "image3", BIDEN)),
        "image3");
    assertBadField(admin.postFiles("/detect", Map.of("image", OBAMA, "picture", BIDEN)), "picture");
    assertBadField(admin.postFiles("/embed", Map.of("photo", OBAMA)), "photo");
    assertBadField(admin.get("/users?limt=5"), "limt");
    assertBadField(
        TestServer.await(
            admin
                .request(HttpMethod.PATCH, "/users/obama")
                .sendJsonObject(new JsonObject().put("group", new JsonArray().add("staff")))),
        "group");
  }

  @Test
  void metadataSentAtEnrollmentIsStoredAndEditedByPatch() {
    HttpResponse<Buffer> registered =
        admin.postJson(
            "/register",
            new JsonObject()
                .put("username", "biden")
                .put("metadata", new JsonObject().put("badge", 46))
                .put("images", new JsonArray().add(b64(BIDEN))));
    assertStatus(registered, 201);
    JsonObject person = assertStatus(enroller.get("/users/biden"), 200);
    assertEquals(46, person.getJsonObject("metadata").getInteger("badge"));
    assertEquals(List.of(), person.getJsonArray("groups").getList());
    JsonObject photo = person.getJsonArray("photos").getJsonObject(0);
    assertTrue(
        photo.getLong("id") > 0
            && photo.getString("model_id") != null
            && photo.getString("created_at") != null);
    assertFalse(photo.containsKey("embedding") || photo.containsKey("vector"), "never the vector");

    JsonObject patched =
        assertStatus(
            TestServer.await(
                enroller
                    .request(HttpMethod.PATCH, "/users/biden")
                    .sendJsonObject(
                        new JsonObject()
                            .put("groups", new JsonArray().add("staff").add("night"))
                            .put("valid_until", "2030-01-20T12:00:00-05:00")
                            .put("display_name", "Joe"))),
            200);
    assertEquals(List.of("staff", "night"), patched.getJsonArray("groups").getList());
    assertEquals("2030-01-20T17:00:00Z", patched.getString("valid_until"));
    assertEquals(
        46,
        patched.getJsonObject("metadata").getInteger("badge"),
        "fields not sent are left alone");
    assertEquals(
        "Joe",
        assertStatus(enroller.get("/users?group=night"), 200)
            .getJsonArray("users")
            .getJsonObject(0)
            .getString("display_name"));
    assertEquals(List.of("obama"), usernames("/users?q=OBA"));
    assertEquals(List.of("biden"), usernames("/users?q=jo&group=staff"));
    assertEquals(List.of(), usernames("/users?q=obama&group=staff"));

    assertStatus(
        TestServer.await(
            enroller
                .request(HttpMethod.PATCH, "/users/biden")
                .sendJsonObject(
                    new JsonObject()
                        .put("metadata", new JsonObject().put("note", "x".repeat(5000))))),
        400);
    assertStatus(
        TestServer.await(
            enroller
                .request(HttpMethod.PATCH, "/users/biden")
                .sendJsonObject(new JsonObject().putNull("valid_until"))),
        200);
    assertNull(assertStatus(enroller.get("/users/biden"), 200).getString("valid_until"));
    assertEquals(
        "USER_NOT_FOUND",
        assertStatus(
                TestServer.await(
                    enroller
                        .request(HttpMethod.PATCH, "/users/nobody")
                        .sendJsonObject(new JsonObject().put("display_name", "N"))),
                404)
            .getString("error"));
  }

  private static List<String> usernames(String path) {
    return assertStatus(enroller.get(path), 200).getJsonArray("users").stream()
        .map(u -> ((JsonObject) u).getString("username"))
        .toList();
  }

  @Test
  void aStricterThresholdIsAppliedAndEchoedALooserOneRefused() {
    byte[] photo = TestPhotos.read(OBAMA_PROBE);
    JsonObject strict =
        assertStatus(
            admin.verify(
                Map.of("mode", "auth", "username", "obama", "threshold", "0.99"), "p.jpg", photo),
            200);
    assertEquals(0.99, strict.getDouble("threshold"));
    assertFalse(strict.getBoolean("match"), "score " + strict.getDouble("score"));
    JsonObject id =
        assertStatus(admin.verify(Map.of("mode", "id", "threshold", "0.99"), "p.jpg", photo), 200);
    assertEquals(0.99, id.getDouble("threshold"));
    assertEquals("requested", id.getString("threshold_method"));
    assertEquals(
        "BAD_REQUEST",
        assertStatus(
                admin.verify(
                    Map.of("mode", "auth", "username", "obama", "threshold", "0.05"),
                    "p.jpg",
                    photo),
                400)
            .getString("error"));
    MultipartForm form =
        MultipartForm.create()
            .attribute("threshold", "0.99")
            .binaryFileUpload(
                "image1", "a.jpg", Buffer.buffer(TestPhotos.read(OBAMA)), "image/jpeg")
            .binaryFileUpload("image2", "b.jpg", Buffer.buffer(photo), "image/jpeg");
    JsonObject compared =
        assertStatus(
            TestServer.await(admin.request(HttpMethod.POST, "/compare").sendMultipartForm(form)),
            200);
    assertEquals(0.99, compared.getDouble("threshold"));
  }

  @Test
  void aFaceAlreadyEnrolledAsSomeoneElseIsRefusedUnlessAnAdminAllowsIt() {
    JsonObject duplicate = assertStatus(enroller.register("barack", OBAMA_PROBE), 409);
    assertEquals("DUPLICATE_FACE", duplicate.getString("error"));
    assertEquals("obama", duplicate.getString("username"));
    assertTrue(duplicate.getDouble("score") >= 0.5, duplicate.encode());
    assertStatus(enroller.get("/users/barack"), 404);

    HttpResponse<Buffer> byEnroller =
        enroller.postJson(
            "/register",
            new JsonObject()
                .put("username", "barack")
                .put("allow_duplicate", true)
                .put("images", new JsonArray().add(b64(OBAMA_PROBE))));
    assertEquals("FORBIDDEN", assertStatus(byEnroller, 403).getString("error"));
    assertStatus(
        admin.postJson(
            "/register",
            new JsonObject()
                .put("username", "barack")
                .put("allow_duplicate", true)
                .put("images", new JsonArray().add(b64(OBAMA_PROBE)))),
        201);
    assertStatus(admin.delete("/users/barack"), 204);
  }

  @Test
  void onePhotoIsRemovedButNeverThePersonsLast() {
    assertStatus(
        admin.register(
            "kit",
            TestPhotos.path("people/kit_harington/john1.jpeg"),
            TestPhotos.path("people/kit_harington/john2.jpeg")),
        201);
    JsonArray photos = assertStatus(admin.get("/users/kit"), 200).getJsonArray("photos");
    assertEquals(2, photos.size());
    long first = photos.getJsonObject(0).getLong("id");
    long second = photos.getJsonObject(1).getLong("id");
    assertStatus(enroller.delete("/users/kit/embeddings/" + first), 204);
    assertEquals(1, assertStatus(admin.get("/users/kit"), 200).getInteger("embeddings"));
    assertEquals(
        "LAST_PHOTO",
        assertStatus(enroller.delete("/users/kit/embeddings/" + second), 409).getString("error"));
    assertEquals(
        "NOT_FOUND",
        assertStatus(enroller.delete("/users/kit/embeddings/" + first), 404).getString("error"));
    assertEquals(
        "BAD_REQUEST",
        assertStatus(enroller.delete("/users/kit/embeddings/one"), 400).getString("error"));
    assertEquals(
        "kit",
        assertStatus(
                admin.auth("kit", TestPhotos.path("people/kit_harington/johnsnow_test1.jpg")), 200)
            .getString("username"));
  }

  @Test
  void embedGivesTheModelsEmbeddingOfTheFace() {
    JsonObject embedded = assertStatus(enroller.postFiles("/embed", Map.of("image", OBAMA)), 200);
    JsonArray vector = embedded.getJsonArray("embedding");
    assertEquals(192, vector.size());
    double norm =
        vector.stream().mapToDouble(v -> ((Number) v).doubleValue()).map(v -> v * v).sum();
    assertEquals(1.0, norm, 1e-3, "L2-normalized");
    assertEquals(
        assertStatus(admin.get("/users/obama"), 200)
            .getJsonArray("photos")
            .getJsonObject(0)
            .getString("model_id"),
        embedded.getString("model_id"));
    assertTrue(embedded.getJsonObject("face").getJsonArray("box").size() == 4);
    assertEquals(
        "FORBIDDEN",
        assertStatus(server.client(Role.VERIFY).postFiles("/embed", Map.of("image", OBAMA)), 403)
            .getString("error"));
  }

  @Test
  void healthAnswersLikeHealthz() {
    ApiClient anonymous = server.clientWithToken(null);
    assertEquals(
        anonymous.get("/healthz").bodyAsJsonObject(), assertStatus(anonymous.get("/health"), 200));
  }

  @Test
  void everyFaceOfAGroupPhotoIsIdentified() {
    assertStatus(admin.register("rose", TestPhotos.path("people/rose_leslie/img1.jpg")), 201);
    JsonObject answer =
        assertStatus(
            admin.verify(
                Map.of("mode", "id", "faces", "all", "top_k", "2"),
                "g.jpg",
                TestPhotos.read(TestPhotos.path("cases/group/kit_with_rose.jpg"))),
            200);
    assertEquals("id", answer.getString("mode"));
    JsonArray faces = answer.getJsonArray("faces");
    assertTrue(faces.size() >= 2, answer.encode());
    List<String> named = faces.stream().map(f -> ((JsonObject) f).getString("username")).toList();
    assertTrue(named.contains("rose"), named.toString());
    faces.forEach(f -> assertEquals(4, ((JsonObject) f).getJsonArray("box").size()));
    assertEquals(
        "BAD_REQUEST",
        assertStatus(
                admin.verify(
                    Map.of("mode", "auth", "username", "rose", "faces", "all"),
                    "g.jpg",
                    TestPhotos.read(OBAMA)),
                400)
            .getString("error"));
  }

  private static String b64(Path photo) {
    return Base64.getEncoder().encodeToString(TestPhotos.read(photo));
  }
}
