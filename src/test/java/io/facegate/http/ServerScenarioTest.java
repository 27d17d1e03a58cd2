package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.service.EmbedderCalibration;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.Models;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a door device meets it: real models, real SQLite in a temp dir, real HTTP. The
 * steps build on each other (enroll, then verify, then delete, then restart), hence the order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@E2eTier
class ServerScenarioTest {
  @TempDir static Path dataDir;
  static TestServer server;
  static ApiClient admin;

  @BeforeAll
  static void start() {
    // Room for the five concurrent enrollments by one admin below: they test merging, not admission
    // (OverloadTest and ClientShareTest do).
    server =
        TestServer.start(
            TestServer.config(dataDir).with("max_queue", 8).with("rate_limit_concurrent", 0));
    admin = server.client(Role.ADMIN);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Path photo(String person, String file) {
    return TestPhotos.path("people/" + person + "/" + file);
  }

  private static JsonObject json(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject();
  }

  @Test
  @Order(1)
  void enrollPeopleFromSeveralPhotos() {
    HttpResponse<Buffer> obama =
        admin.register("obama", photo("obama", "obama.jpg"), photo("obama", "obama2.jpg"));
    assertEquals(201, obama.statusCode(), obama.bodyAsString());
    assertEquals(2, json(obama).getInteger("added"));
    assertEquals(2, json(obama).getInteger("total"));
    assertEquals(new JsonArray(), json(obama).getJsonArray("rejected"));
    assertEquals(201, admin.register("biden", photo("biden", "biden.jpg")).statusCode());
    assertEquals(
        201,
        admin
            .register(
                "kit", photo("kit_harington", "john1.jpeg"), photo("kit_harington", "john2.jpeg"))
            .statusCode());
    assertEquals(201, admin.register("rose", photo("rose_leslie", "img1.jpg")).statusCode());
    assertEquals(201, admin.register("alex", photo("alex_lacamoire", "img1.jpg")).statusCode());
    assertTrue(obama.headers().contains("X-Request-Id"));
  }

  @Test
  @Order(2)
  void registeringAgainAddsPhotosToTheSamePerson() {
    HttpResponse<Buffer> more = admin.register("obama", photo("obama", "obama-480p.jpg"));
    assertEquals(201, more.statusCode(), more.bodyAsString());
    assertEquals(1, json(more).getInteger("added"));
    assertEquals(3, json(more).getInteger("total"));
  }

  @Test
  @Order(3)
  void authMatchesTheRightPersonAndRejectsAnother() {
    JsonObject right = json(admin.auth("obama", photo("obama", "obama3.jpg")));
    assertEquals("auth", right.getString("mode"));
    assertTrue(right.getBoolean("match"), right.encode());
    assertTrue(right.getDouble("score") >= right.getDouble("threshold"));
    JsonObject wrong = json(admin.auth("obama", photo("biden", "biden2.jpg")));
    assertFalse(wrong.getBoolean("match"), wrong.encode());
    assertTrue(wrong.getDouble("score") < wrong.getDouble("threshold"));
    JsonObject kit = json(admin.auth("kit", photo("kit_harington", "johnsnow_test1.jpg")));
    assertTrue(kit.getBoolean("match"), kit.encode());
  }

  @Test
  @Order(4)
  void identificationPutsTheRightPersonFirst() {
    JsonObject biden = json(admin.identify(photo("biden", "biden2.jpg")));
    assertEquals("id", biden.getString("mode"));
    assertTrue(biden.getBoolean("match"), biden.encode());
    assertEquals("biden", biden.getString("username"));
    assertEquals("biden", biden.getJsonArray("candidates").getJsonObject(0).getString("username"));
    // Five people: too few to measure their own tail, so the threshold leans on the cohort, and
    // with so few
    // comparisons per stranger it is no easier than the 1:1 threshold.
    assertEquals(5, biden.getInteger("gallery_size"), biden.encode());
    assertTrue(
        List.of("gallery", "floor").contains(biden.getString("threshold_method")), biden.encode());
    double auth =
        EmbedderCalibration.forModel(Models.pipeline().modelId(), List.of()).authThreshold();
    assertTrue(biden.getDouble("threshold") >= auth, biden.encode());
    assertEquals("obama", json(admin.identify(photo("obama", "obama1.jpg"))).getString("username"));
    assertEquals(
        "rose", json(admin.identify(photo("rose_leslie", "img2.jpg"))).getString("username"));
  }

  @Test
  @Order(5)
  void strangersAreNotIdentified() {
    for (String stranger : TestPhotos.STRANGERS) {
      JsonObject answer = json(admin.identify(photo(stranger, "1.jpg")));
      assertFalse(answer.getBoolean("match"), stranger + ": " + answer.encode());
      assertNull(answer.getString("username"));
    }
  }

  @Test
  @Order(6)
  void topKListsOneCandidatePerPerson() {
    HttpResponse<Buffer> response =
        admin.verify(
            java.util.Map.of("mode", "id", "top_k", "3"),
            "o.jpg",
            TestPhotos.read(photo("obama", "obama3.jpg")));
    JsonArray candidates = json(response).getJsonArray("candidates");
    assertEquals(3, candidates.size(), response.bodyAsString());
    List<String> names = new ArrayList<>();
    candidates.forEach(c -> names.add(((JsonObject) c).getString("username")));
    assertEquals(
        names.size(), names.stream().distinct().count(), "obama's 3 photos make one candidate");
    assertEquals("obama", names.get(0));
  }

  @Test
  @Order(7)
  void peopleAreListedPagedAndFetched() {
    JsonObject page = json(admin.get("/users?limit=2"));
    assertEquals(2, page.getJsonArray("users").size());
    List<String> all = new ArrayList<>();
    page.getJsonArray("users").forEach(u -> all.add(((JsonObject) u).getString("username")));
    String cursor = page.getString("next");
    while (cursor != null) {
      JsonObject next = json(admin.get("/users?limit=2&cursor=" + cursor));
      next.getJsonArray("users").forEach(u -> all.add(((JsonObject) u).getString("username")));
      cursor = next.getString("next");
    }
    assertEquals(List.of("alex", "biden", "kit", "obama", "rose"), all);
    JsonObject obama = json(admin.get("/users/obama"));
    assertEquals(3, obama.getInteger("embeddings"));
    assertTrue(obama.getString("created_at").endsWith("Z"), obama.encode());
  }

  @Test
  @Order(8)
  void deletionRemovesEveryEmbedding() {
    assertEquals(204, admin.delete("/users/biden").statusCode());
    assertEquals(404, admin.get("/users/biden").statusCode());
    JsonObject after = json(admin.identify(photo("biden", "biden2.jpg")));
    assertTrue(!"biden".equals(after.getString("username")), after.encode());
    assertEquals(404, admin.auth("biden", photo("biden", "biden2.jpg")).statusCode());
  }

  @Test
  @Order(9)
  void concurrentRegistrationsOfOneUsernameAllLand() {
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    String[] photos = {
      "img1.jpg", "alex_lacamoire1.jpg", "alex-lacamoire.png", "img1.jpg", "alex_lacamoire1.jpg"
    };
    for (String file : photos) {
      // alex's face under a second name: allowed on purpose (an admin's allow_duplicate).
      calls.add(
          admin.registerAsync(
              "carol", Map.of("allow_duplicate", "true"), photo("alex_lacamoire", file)));
    }
    TestServer.await(Future.all(calls))
        .list()
        .forEach(r -> assertEquals(201, ((HttpResponse<?>) r).statusCode()));
    assertEquals(photos.length, json(admin.get("/users/carol")).getInteger("embeddings"));
    long carols =
        json(admin.get("/users?limit=100")).getJsonArray("users").stream()
            .filter(u -> ((JsonObject) u).getString("username").equals("carol"))
            .count();
    assertEquals(1, carols);
  }

  @Test
  @Order(10)
  void restartOnTheSameDataGivesTheSameAnswers() {
    JsonObject before = json(admin.auth("obama", photo("obama", "obama3.jpg")));
    server.close();
    server = TestServer.start(server.config());
    admin = server.client(Role.ADMIN);
    JsonObject after = json(admin.auth("obama", photo("obama", "obama3.jpg")));
    assertEquals(before.getDouble("score"), after.getDouble("score"));
    assertTrue(after.getBoolean("match"));
    assertEquals(404, admin.get("/users/biden").statusCode());
    assertEquals(
        "rose", json(admin.identify(photo("rose_leslie", "img2.jpg"))).getString("username"));
  }

  @Test
  @Order(11)
  void theIndexEqualsTheStoreAfterEnrollmentsDeletionsAndARestart() {
    JsonObject report = json(admin.get("/admin/consistency"));
    assertTrue(report.getBoolean("consistent"), report.encode());
    // obama 3, kit 2, rose 1, alex 1, carol 5 (biden deleted)
    assertEquals(12, report.getInteger("store_embeddings"), report.encode());
    assertEquals(12, report.getInteger("index_embeddings"), report.encode());
  }
}
