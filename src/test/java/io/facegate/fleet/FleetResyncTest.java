package io.facegate.fleet;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.fleet.central.CentralDatabase;
import io.facegate.fleet.central.ChangeLog;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
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
 * A door that cannot reach its central, or whose cursor the central can no longer continue: it
 * serves from its replica meanwhile, and catches up from the snapshot. The steps build on each
 * other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@E2eTier
@Tag("postgres")
class FleetResyncTest {
  private static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama1.jpg");

  @TempDir static Path centralDir;
  @TempDir static Path doorDir;
  static LocalFleet fleet;
  static ApiClient atCentral;
  static Vertx vertx;

  @BeforeAll
  static void startFleet() {
    fleet = LocalFleet.start(centralDir, doorDir, Map.of());
    atCentral = fleet.central.client(Role.ADMIN);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopFleet() {
    if (vertx != null) {
      await(vertx.close());
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void aDoorCutOffFromItsCentralVerifiesFromItsReplicaUntilItIsStaleThenNamesNobody()
      throws InterruptedException {
    long seq = enroll("obama", "people/obama/obama.jpg");
    assertEquals(200, door().get("/users/obama?min_seq=" + seq).statusCode());
    fleet.stopDoor();
    // Nothing listens on port 9 here (discard): the central is unreachable from the start.
    TestServer cutOff =
        fleet.startDoor(
            Map.of(
                "follow_url",
                "http://127.0.0.1:9",
                "follower_stale_after_seconds",
                2,
                "follower_stale_policy",
                "unknown"));
    ApiClient atDoor = cutOff.client(Role.ADMIN);
    assertEquals(200, atDoor.get("/readyz").statusCode(), "ready from the replica on disk");
    JsonObject fresh = atDoor.identify(OBAMA_PROBE).bodyAsJsonObject();
    assertTrue(fresh.getBoolean("match"), fresh.encode());
    Thread.sleep(3_000);
    JsonObject stale = atDoor.identify(OBAMA_PROBE).bodyAsJsonObject();
    assertFalse(stale.getBoolean("match"), stale.encode());
    assertTrue(
        stale.getJsonArray("candidates").isEmpty(),
        "a stale door names nobody, not even as a candidate");
    fleet.stopDoor();
  }

  @Test
  @Order(2)
  void aDoorBehindThePrunedLogReloadsTheSnapshot() {
    enroll("biden", "people/biden/biden.jpg");
    long seq = enroll("rose_leslie", "people/rose_leslie/img1.jpg");
    CentralDatabase db = await(CentralDatabase.open(vertx, fleet.postgres.uri(), null));
    try {
      long lowWater = await(new ChangeLog(db).prune(Duration.ZERO));
      assertTrue(lowWater > 0, "the log was pruned past the door's cursor");
    } finally {
      await(db.close());
    }
    ApiClient atDoor = fleet.startDoor(Map.of()).client(Role.ADMIN);
    assertEquals(200, atDoor.get("/users/biden?min_seq=" + seq).statusCode());
    assertEquals(200, atDoor.get("/users/rose_leslie").statusCode());
    assertEquals(200, atDoor.get("/users/obama").statusCode());
  }

  @Test
  @Order(3)
  void aRestoredGalleryMakesTheCentralAndTheDoorReloadTheSnapshot() {
    Pool pool = PgBuilder.pool().connectingTo(fleet.postgres.uri()).using(vertx).build();
    try {
      // As a restore would: another history, here one without biden.
      await(
          pool.withTransaction(
              conn ->
                  conn.query("UPDATE gallery_lineage SET lineage = 'restored' WHERE id = 1")
                      .execute()
                      .compose(
                          v ->
                              conn.query(
                                      "DELETE FROM embeddings WHERE person_id = (SELECT id FROM people "
                                          + "WHERE username = 'biden')")
                                  .execute())
                      .compose(
                          v ->
                              conn.query("DELETE FROM people WHERE username = 'biden'")
                                  .execute())));
    } finally {
      await(pool.close());
    }
    untilGone(atCentral, "biden");
    untilGone(door(), "biden");
    assertEquals(200, door().get("/users/rose_leslie").statusCode());
    assertEquals(
        "restored", atCentral.get("/admin/replicas").bodyAsJsonObject().getString("lineage"));
  }

  private static void untilGone(ApiClient client, String username) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (client.get("/users/" + username).statusCode() != 404) {
      assertTrue(System.nanoTime() < deadline, username + " is still there after 30 s");
    }
  }

  private static long enroll(String username, String photo) {
    HttpResponse<Buffer> enrolled = atCentral.register(username, TestPhotos.path(photo));
    assertEquals(201, enrolled.statusCode(), enrolled.bodyAsString());
    return enrolled.bodyAsJsonObject().getLong("gallery_seq");
  }

  private static ApiClient door() {
    return fleet.door().client(Role.ADMIN);
  }
}
