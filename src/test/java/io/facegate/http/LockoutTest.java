package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestClock;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 3 failures within 300 s lock a username for 300 s, on a clock the test moves. */
@E2eTier
class LockoutTest {
  static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama3.jpg");
  static final Path IMPOSTOR = TestPhotos.path("people/biden/biden.jpg");
  static final TestClock CLOCK = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

  @TempDir static Path dataDir;
  static TestServer server;
  static ApiClient admin;
  static ApiClient door;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            TestServer.config(dataDir)
                .with("lockout_failures", 3)
                .with("lockout_window_seconds", 300),
            CLOCK);
    admin = server.client(Role.ADMIN);
    door = server.client(Role.VERIFY);
    assertEquals(201, admin.register("obama", OBAMA).statusCode());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void unlocked() {
    assertEquals(204, admin.delete("/users/obama/lockout").statusCode());
  }

  private static void fail(int times) {
    for (int i = 0; i < times; i++) {
      HttpResponse<Buffer> response = door.auth("obama", IMPOSTOR);
      assertEquals(200, response.statusCode(), response.bodyAsString());
      assertFalse(response.bodyAsJsonObject().getBoolean("match"));
    }
  }

  private static void assertLocked(HttpResponse<Buffer> response, long retryAfter) {
    assertEquals(429, response.statusCode(), response.bodyAsString());
    assertEquals("LOCKED", response.bodyAsJsonObject().getString("error"));
    assertEquals(retryAfter, Long.parseLong(response.getHeader("Retry-After")));
  }

  @Test
  void failuresLockTheUsernameEvenForTheRightFaceUntilTheWindowPasses() {
    fail(3);
    assertLocked(door.auth("obama", OBAMA_PROBE), 300);
    CLOCK.advance(Duration.ofSeconds(200));
    assertLocked(door.auth("obama", OBAMA_PROBE), 100);
    CLOCK.advance(Duration.ofSeconds(100));
    assertTrue(door.auth("obama", OBAMA_PROBE).bodyAsJsonObject().getBoolean("match"));
  }

  @Test
  void aMatchResetsTheCountAndOldFailuresExpire() {
    fail(2);
    assertTrue(door.auth("obama", OBAMA_PROBE).bodyAsJsonObject().getBoolean("match"));
    fail(2);
    CLOCK.advance(Duration.ofSeconds(301));
    fail(2);
    assertEquals(
        200, door.auth("obama", OBAMA_PROBE).statusCode(), "never 3 failures within one window");
  }

  @Test
  void anAdminCanClearALockAndOnlyAnAdmin() {
    fail(3);
    assertLocked(door.auth("obama", OBAMA_PROBE), 300);
    assertEquals(403, server.client(Role.ENROLL).delete("/users/obama/lockout").statusCode());
    assertEquals(400, admin.delete("/users/..%2Fetc/lockout").statusCode());
    assertEquals(204, admin.delete("/users/obama/lockout").statusCode());
    assertTrue(door.auth("obama", OBAMA_PROBE).bodyAsJsonObject().getBoolean("match"));
  }

  @Test
  void identificationNeverNamesOrScoresALockedPerson() {
    assertEquals("obama", door.identify(OBAMA_PROBE).bodyAsJsonObject().getString("username"));
    fail(3);
    JsonObject answer = door.identify(OBAMA_PROBE).bodyAsJsonObject();
    assertFalse(answer.getBoolean("match"), answer.encode());
    assertNull(answer.getString("username"));
    assertTrue(answer.getJsonArray("candidates").isEmpty(), answer.encode());
    assertEquals(0.0, answer.getDouble("score"));
  }
}
