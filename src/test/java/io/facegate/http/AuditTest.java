package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestClock;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the audit log records, how admins read it, and how old events go. */
@E2eTier
class AuditTest {
  static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama3.jpg");
  static final Path IMPOSTOR = TestPhotos.path("people/biden/biden.jpg");

  @TempDir Path dataDir;

  /**
   * Events are written after the response, so a test asks until they are there: bounded, and each
   * try is a real request, not a sleep.
   */
  private static JsonArray events(ApiClient admin, String query, int atLeast) {
    JsonArray events = new JsonArray();
    for (int attempt = 0; attempt < 500 && events.size() < atLeast; attempt++) {
      HttpResponse<Buffer> page = admin.get("/audit" + query);
      assertEquals(200, page.statusCode(), page.bodyAsString());
      events = page.bodyAsJsonObject().getJsonArray("events");
    }
    return events;
  }

  @Test
  void registerVerifyDeleteAndRefusalsAreRecordedWithoutImages() {
    TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
    try (TestServer server =
        TestServer.start(TestServer.config(dataDir).with("lockout_failures", 1), clock)) {
      ApiClient admin = server.client(Role.ADMIN);
      ApiClient door = server.client(Role.VERIFY);
      assertEquals(201, admin.register("obama", OBAMA).statusCode());
      HttpResponse<Buffer> matched = door.auth("obama", OBAMA_PROBE);
      assertEquals(200, door.auth("obama", IMPOSTOR).statusCode());
      assertEquals(429, door.auth("obama", OBAMA_PROBE).statusCode());
      assertEquals(204, admin.delete("/users/obama/lockout").statusCode());
      assertEquals(401, server.clientWithToken("forged").get("/users").statusCode());
      assertEquals(403, door.get("/users").statusCode());
      assertEquals(204, admin.delete("/users/obama").statusCode());

      JsonArray events = events(admin, "", 8);
      List<String> decisions =
          events.stream()
              .map(e -> ((JsonObject) e).getString("decision"))
              .collect(Collectors.toList());
      assertEquals(
          List.of(
              "registered",
              "match",
              "no_match",
              "LOCKED",
              "lockout_cleared",
              "UNAUTHORIZED",
              "FORBIDDEN",
              "deleted"),
          decisions,
          events.encodePrettily());
      JsonObject match = events.getJsonObject(1);
      assertEquals("tests", match.getString("subject"));
      assertEquals("127.0.0.1", match.getString("client_ip"));
      assertEquals("POST", match.getString("method"));
      assertEquals("/verify", match.getString("route"));
      assertEquals("obama", match.getString("username"));
      assertEquals(200, match.getInteger("status"));
      assertTrue(match.getDouble("score") > 0.5);
      assertEquals(matched.getHeader("X-Request-Id"), match.getString("request_id"));
      assertEquals("2026-03-01T12:00:00.000Z", match.getString("at"));
      assertNull(events.getJsonObject(5).getString("subject"), "no subject for a forged token");
      assertEquals(429, events.getJsonObject(3).getInteger("status"));
      assertTrue(events.encode().length() < 8 * 1024, "no image bytes in the log");
    }
  }

  @Test
  void adminsPageThroughEventsSinceATime() {
    TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
    try (TestServer server = TestServer.start(TestServer.config(dataDir), clock)) {
      ApiClient anonymous = server.clientWithToken(null);
      for (int i = 0; i < 3; i++) {
        anonymous.get("/users");
        clock.advance(Duration.ofMinutes(1));
      }
      ApiClient admin = server.client(Role.ADMIN);
      assertEquals(3, events(admin, "", 3).size());
      JsonObject first = admin.get("/audit?limit=2").bodyAsJsonObject();
      assertEquals(2, first.getJsonArray("events").size());
      assertNotNull(first.getString("next"));
      JsonObject second =
          admin.get("/audit?limit=2&cursor=" + first.getString("next")).bodyAsJsonObject();
      assertEquals(1, second.getJsonArray("events").size());
      assertNull(second.getValue("next"));
      assertEquals(
          2,
          admin
              .get("/audit?since=2026-03-01T12:01:00Z")
              .bodyAsJsonObject()
              .getJsonArray("events")
              .size());
      assertEquals(400, admin.get("/audit?since=yesterday").statusCode());
      assertEquals(400, admin.get("/audit?limit=0").statusCode());
      assertEquals(400, admin.get("/audit?cursor=zzz").statusCode());
    }
  }

  @Test
  void eventsOlderThanTheRetentionAreDeletedAtBoot() {
    TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
    try (TestServer server =
        TestServer.start(TestServer.config(dataDir).with("audit_retention_days", 30), clock)) {
      server.clientWithToken(null).get("/users");
      assertEquals(1, events(server.client(Role.ADMIN), "", 1).size());
    }
    clock.advance(Duration.ofDays(31));
    try (TestServer server =
        TestServer.start(TestServer.config(dataDir).with("audit_retention_days", 30), clock)) {
      ApiClient admin = server.client(Role.ADMIN);
      admin.get("/users"); // a request that is not audited, after the boot-time pruning ran
      assertEquals(0, admin.get("/audit").bodyAsJsonObject().getJsonArray("events").size());
    }
  }
}
