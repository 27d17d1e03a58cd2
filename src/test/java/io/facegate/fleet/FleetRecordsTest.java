package io.facegate.fleet;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.fleet.central.CentralDatabase;
import io.facegate.fleet.central.ChangeLog;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What replicates besides faces, on a real fleet (PostgreSQL, a central and a door over HTTP):
 * profiles and door policy written at the central decide at the door, a deleted device's token is
 * refused at the door within the propagation bound, a single photo's delete reaches the door's
 * index, and a door reloading the snapshot keeps all of it. The steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@E2eTier
@Tag("postgres")
class FleetRecordsTest {
  private static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  private static final Path OBAMA_2 = TestPhotos.path("people/obama/obama2.jpg");
  private static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama1.jpg");

  /** The propagation bound a revocation must meet at a door. */
  private static final long REVOCATION_BOUND_MS = 2_000;

  @TempDir static Path centralDir;
  @TempDir static Path doorDir;
  static LocalFleet fleet;
  static ApiClient atCentral;
  static ApiClient atDoor;
  static String dockToken;

  @BeforeAll
  static void startFleet() {
    fleet = LocalFleet.start(centralDir, doorDir, Map.of());
    atCentral = fleet.central.client(Role.ADMIN);
    atDoor = fleet.door().client(Role.ADMIN);
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void aDevicePolicyAndAProfileSetAtTheCentralDecideAtTheDoor() {
    HttpResponse<Buffer> enrolled = atCentral.register("obama", OBAMA, OBAMA_2);
    assertEquals(201, enrolled.statusCode(), enrolled.bodyAsString());
    JsonObject dock =
        json(
            send(
                atCentral,
                HttpMethod.POST,
                "/devices",
                new JsonObject()
                    .put("id", "dock")
                    .put("allowed_groups", new JsonArray().add("staff"))),
            201);
    dockToken = dock.getString("token");
    long seq = dock.getLong("gallery_seq");
    assertTrue(seq > enrolled.bodyAsJsonObject().getLong("gallery_seq"));
    json(send(atCentral, HttpMethod.POST, "/devices", new JsonObject().put("id", "lobby")), 201);

    assertEquals(200, atDoor.get("/users/obama?min_seq=" + seq).statusCode());
    ApiClient dockAtDoor = fleet.door().clientWithToken(dockToken);
    JsonObject refused = json(dockAtDoor.auth("obama", OBAMA_PROBE), 200);
    assertFalse(refused.getBoolean("match"), refused.encode());
    assertEquals("not_allowed_here", refused.getString("denied"));

    JsonObject patched =
        json(
            send(
                atCentral,
                HttpMethod.PATCH,
                "/users/obama",
                new JsonObject()
                    .put("groups", new JsonArray().add("staff"))
                    .put("metadata", new JsonObject().put("badge", "B-7"))
                    .put("display_name", "Barack Obama")),
            200);
    long patchedSeq = patched.getLong("gallery_seq");
    JsonObject atTheDoor = json(atDoor.get("/users/obama?min_seq=" + patchedSeq), 200);
    assertEquals(new JsonArray().add("staff"), atTheDoor.getJsonArray("groups"));
    assertEquals("B-7", atTheDoor.getJsonObject("metadata").getString("badge"));
    assertEquals("Barack Obama", atTheDoor.getString("display_name"));
    JsonObject let = json(dockAtDoor.auth("obama", OBAMA_PROBE), 200);
    assertTrue(let.getBoolean("match"), let.encode());

    JsonObject devices = json(atDoor.get("/devices"), 200);
    assertEquals(2, devices.getJsonArray("devices").size(), devices.encode());
  }

  @Test
  @Order(2)
  void aPhotoDeletedAtTheCentralLeavesTheDoorsIndexAndDatabase() {
    JsonArray photos = json(atCentral.get("/users/obama"), 200).getJsonArray("photos");
    assertEquals(2, photos.size());
    long id = photos.getJsonObject(0).getLong("id");
    HttpResponse<Buffer> removed = atCentral.delete("/users/obama/embeddings/" + id);
    assertEquals(204, removed.statusCode(), removed.bodyAsString());
    String seq = removed.getHeader("X-Gallery-Seq");
    assertNotNull(seq);
    JsonArray left = json(atDoor.get("/users/obama?min_seq=" + seq), 200).getJsonArray("photos");
    assertEquals(1, left.size());
    assertFalse(left.getJsonObject(0).getLong("id") == id);
    JsonObject consistency = json(atDoor.get("/admin/consistency"), 200);
    assertTrue(consistency.getBoolean("consistent"), consistency.encode());
    assertEquals(1, consistency.getInteger("index_embeddings"), consistency.encode());
    assertEquals(
        "LAST_PHOTO",
        json(
                atCentral.delete("/users/obama/embeddings/" + left.getJsonObject(0).getLong("id")),
                409)
            .getString("error"));
  }

  @Test
  @Order(3)
  void aDeviceDeletedAtTheCentralIsRefusedAtTheDoorWithinTheBound() {
    ApiClient dockAtDoor = fleet.door().clientWithToken(dockToken);
    assertEquals(400, touch(dockAtDoor).statusCode(), "valid: the empty body is what is refused");
    HttpResponse<Buffer> deleted = atCentral.delete("/devices/dock");
    assertEquals(204, deleted.statusCode(), deleted.bodyAsString());
    assertNotNull(deleted.getHeader("X-Gallery-Seq"));
    long answered = System.nanoTime();
    long deadline = answered + Duration.ofSeconds(10).toNanos();
    HttpResponse<Buffer> answer = touch(dockAtDoor);
    while (answer.statusCode() != 401 && System.nanoTime() < deadline) {
      answer = touch(dockAtDoor);
    }
    long tookMs = (System.nanoTime() - answered) / 1_000_000;
    System.out.println(
        "a revocation at the central was refused at the door after " + tookMs + " ms");
    assertEquals("TOKEN_REVOKED", json(answer, 401).getString("error"));
    assertTrue(tookMs <= REVOCATION_BOUND_MS, "refused after " + tookMs + " ms");
    assertEquals(404, atDoor.get("/devices/dock").statusCode());
    assertEquals(
        "TOKEN_REVOKED",
        json(touch(fleet.central.clientWithToken(dockToken)), 401).getString("error"));
  }

  @Test
  @Order(4)
  void aDoorReloadingTheSnapshotKeepsProfilesDevicesAndRevocations() {
    fleet.stopDoor();
    // Changed while the door is away, then the log pruned past its cursor: only the snapshot has
    // it.
    json(
        send(
            atCentral,
            HttpMethod.PATCH,
            "/users/obama",
            new JsonObject().put("valid_until", "2020-01-01T00:00:00Z")),
        200);
    json(
        send(
            atCentral,
            HttpMethod.PATCH,
            "/devices/lobby",
            new JsonObject().put("allowed_groups", new JsonArray().add("visitors"))),
        200);
    String lobbyToken =
        json(send(atCentral, HttpMethod.POST, "/devices", new JsonObject().put("id", "gate")), 201)
            .getString("token");
    HttpResponse<Buffer> gone = atCentral.delete("/devices/gate");
    assertEquals(204, gone.statusCode());
    long seq = Long.parseLong(gone.getHeader("X-Gallery-Seq"));
    Vertx vertx = Vertx.vertx();
    try {
      CentralDatabase db = await(CentralDatabase.open(vertx, fleet.postgres.uri(), null));
      try {
        assertTrue(await(new ChangeLog(db).prune(Duration.ZERO)) > 0);
      } finally {
        await(db.close());
      }
    } finally {
      await(vertx.close());
    }

    atDoor = fleet.startDoor(Map.of()).client(Role.ADMIN);
    JsonObject obama = json(atDoor.get("/users/obama?min_seq=" + seq), 200);
    assertEquals("2020-01-01T00:00:00Z", obama.getString("valid_until"), obama.encode());
    assertEquals(new JsonArray().add("staff"), obama.getJsonArray("groups"));
    assertEquals("B-7", obama.getJsonObject("metadata").getString("badge"));
    JsonArray devices = json(atDoor.get("/devices"), 200).getJsonArray("devices");
    assertEquals(1, devices.size(), devices.encode());
    assertEquals(
        new JsonArray().add("visitors"), devices.getJsonObject(0).getJsonArray("allowed_groups"));
    for (String token : new String[] {dockToken, lobbyToken}) {
      assertEquals(
          "TOKEN_REVOKED",
          json(touch(fleet.door().clientWithToken(token)), 401).getString("error"));
    }
  }

  @Test
  @Order(5)
  void withPostgresDownTheCentralRefusesEveryRecordWriteAndTheDoorEveryOne() {
    for (HttpResponse<Buffer> refused : recordWrites(atDoor)) {
      assertEquals("READ_ONLY_REPLICA", json(refused, 409).getString("error"));
    }
    fleet.postgres.kill();
    try {
      long start = System.nanoTime();
      for (HttpResponse<Buffer> refused : recordWrites(atCentral)) {
        assertEquals("CENTRAL_UNAVAILABLE", json(refused, 503).getString("error"));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(seconds < 20, "five refusals took " + seconds + " s");
    } finally {
      fleet.postgres.startServer();
    }
  }

  /**
   * One of each write this page is about: a profile, a photo, a device created, changed, deleted.
   */
  private static List<HttpResponse<Buffer>> recordWrites(ApiClient client) {
    return List.of(
        send(
            client,
            HttpMethod.PATCH,
            "/users/obama",
            new JsonObject().put("groups", new JsonArray())),
        client.delete("/users/obama/embeddings/1"),
        send(client, HttpMethod.POST, "/devices", new JsonObject().put("id", "x")),
        send(client, HttpMethod.PATCH, "/devices/lobby", new JsonObject()),
        client.delete("/devices/lobby"));
  }

  /**
   * A verify token's cheapest request: a revoked one is refused before the (empty) body is read, a
   * valid one gets 400 for it.
   */
  private static HttpResponse<Buffer> touch(ApiClient device) {
    return device.postJson("/detect", new JsonObject());
  }

  private static HttpResponse<Buffer> send(
      ApiClient client, HttpMethod method, String path, JsonObject body) {
    return await(client.request(method, path).sendJsonObject(body));
  }

  private static JsonObject json(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }
}
