package io.facegate.http;

import static io.facegate.testing.Responses.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices on a real server with a test clock: a device's token, its door policy after the face
 * decision (groups, schedule in its time zone, valid_until), its activity, and revocation at once.
 */
@E2eTier
class DevicesApiTest {
  /** Tuesday 2026-01-13, 12:00 in Berlin. */
  static final Instant TUESDAY_NOON_BERLIN = Instant.parse("2026-01-13T11:00:00Z");

  static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama3.jpg");

  @TempDir static Path dataDir;
  static TestClock clock = new TestClock(TUESDAY_NOON_BERLIN);
  static TestServer server;
  static ApiClient admin;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.config(dataDir), clock);
    admin = server.client(Role.ADMIN);
    assertEquals(201, admin.register("obama", OBAMA).statusCode());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body) {
    return TestServer.await(admin.request(method, path).sendJsonObject(body));
  }

  private static void patchObama(JsonObject change) {
    assertStatus(send(HttpMethod.PATCH, "/users/obama", change), 200);
  }

  @Test
  void aDeviceLetsInOnlyWhomItsPolicyAllowsAndIsRevokedAtOnce() throws InterruptedException {
    JsonObject created =
        assertStatus(
            send(
                HttpMethod.POST,
                "/devices",
                new JsonObject()
                    .put("id", "door-3")
                    .put("allowed_groups", new JsonArray().add("staff"))
                    .put(
                        "schedule",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("days", "mon-fri")
                                    .put("from", "08:00")
                                    .put("to", "18:00")))
                    .put("timezone", "Europe/Berlin")),
            201);
    String token = created.getString("token");
    JsonObject claims =
        new JsonObject(
            new String(
                Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    assertEquals("door-3", claims.getString("sub"));
    assertNotNull(claims.getString("jti"));
    assertEquals(new JsonArray().add("verify"), claims.getJsonArray("roles"));
    ApiClient door = server.clientWithToken(token);

    // Not in the device's group: the face matches, the door says no and shows no score.
    JsonObject outsider = assertStatus(door.auth("obama", OBAMA_PROBE), 200);
    assertFalse(outsider.getBoolean("match"));
    assertEquals("not_allowed_here", outsider.getString("denied"));
    assertNull(outsider.getValue("score"));
    JsonObject asAdmin = assertStatus(admin.auth("obama", OBAMA_PROBE), 200);
    assertTrue(asAdmin.getBoolean("match"), "not a device: no door policy, the score is shown");

    patchObama(new JsonObject().put("groups", new JsonArray().add("staff")));
    assertTrue(assertStatus(door.auth("obama", OBAMA_PROBE), 200).getBoolean("match"));
    JsonObject named = assertStatus(door.identify(OBAMA_PROBE), 200);
    assertEquals("obama", named.getString("username"));

    clock.advance(Duration.ofHours(6)); // 18:00 in Berlin: closed
    JsonObject evening = assertStatus(door.identify(OBAMA_PROBE), 200);
    assertEquals("outside_schedule", evening.getString("denied"));
    assertNull(evening.getString("username"));
    assertEquals(0, evening.getJsonArray("candidates").size());

    clock.advance(Duration.ofHours(14)); // Wednesday 08:00
    patchObama(new JsonObject().put("valid_until", "2026-01-14T07:00:00Z"));
    assertEquals("expired", assertStatus(door.auth("obama", OBAMA_PROBE), 200).getString("denied"));
    patchObama(new JsonObject().putNull("valid_until"));

    assertStatus(
        send(HttpMethod.PATCH, "/devices/door-3", new JsonObject().putNull("allowed_groups")), 200);
    patchObama(new JsonObject().putNull("groups"));
    assertTrue(
        assertStatus(door.auth("obama", OBAMA_PROBE), 200).getBoolean("match"),
        "no groups: everyone");

    // Decision counts come from the audit log, written just after each answer is sent.
    JsonObject seen = assertStatus(admin.get("/devices/door-3"), 200);
    long written = System.nanoTime() + 10_000_000_000L;
    while (seen.getJsonObject("decisions").getLong("match", 0L) < 3
        && System.nanoTime() < written) {
      Thread.sleep(50);
      seen = assertStatus(admin.get("/devices/door-3"), 200);
    }
    assertEquals(clock.instant().toString(), seen.getString("last_seen"));
    JsonObject decisions = seen.getJsonObject("decisions");
    assertEquals(3L, decisions.getLong("match"), decisions.encode());
    assertEquals(1L, decisions.getLong("denied_not_allowed_here"), decisions.encode());
    assertEquals(1L, decisions.getLong("denied_outside_schedule"), decisions.encode());
    assertEquals(1L, decisions.getLong("denied_expired"), decisions.encode());
    assertEquals(
        "door-3",
        assertStatus(admin.get("/devices"), 200)
            .getJsonArray("devices")
            .getJsonObject(0)
            .getString("id"));

    assertStatus(admin.delete("/devices/door-3"), 204);
    JsonObject revoked = assertStatus(door.auth("obama", OBAMA_PROBE), 401);
    assertEquals("TOKEN_REVOKED", revoked.getString("error"));
    assertEquals("NOT_FOUND", assertStatus(admin.get("/devices/door-3"), 404).getString("error"));
  }

  @Test
  void badDeviceRequestsAreRefused() {
    assertStatus(send(HttpMethod.POST, "/devices", new JsonObject().put("id", "lobby")), 201);
    assertEquals(
        "DEVICE_EXISTS",
        assertStatus(send(HttpMethod.POST, "/devices", new JsonObject().put("id", "lobby")), 409)
            .getString("error"));
    assertEquals(
        "groups",
        assertStatus(
                send(
                    HttpMethod.POST,
                    "/devices",
                    new JsonObject().put("id", "gate").put("groups", new JsonArray().add("staff"))),
                400)
            .getString("field"));
    assertStatus(
        send(
            HttpMethod.POST,
            "/devices",
            new JsonObject().put("id", "gate").put("timezone", "Mars/Base")),
        400);
    assertStatus(
        send(
            HttpMethod.POST,
            "/devices",
            new JsonObject()
                .put("id", "gate")
                .put(
                    "schedule",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("days", "mon")
                                .put("from", "18:00")
                                .put("to", "08:00")))),
        400);
    assertStatus(
        send(HttpMethod.PATCH, "/devices/nowhere", new JsonObject().put("timezone", "UTC")), 404);
    assertStatus(admin.delete("/devices/nowhere"), 404);
    assertEquals(
        "FORBIDDEN",
        assertStatus(
                TestServer.await(
                    server
                        .client(Role.ENROLL)
                        .request(HttpMethod.POST, "/devices")
                        .sendJsonObject(new JsonObject().put("id", "x"))),
                403)
            .getString("error"));
  }
}
