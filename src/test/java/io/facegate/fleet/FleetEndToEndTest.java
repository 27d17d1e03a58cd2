package io.facegate.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.store.Database;
import io.facegate.testing.ApiClient;
import io.facegate.testing.Bytes;
import io.facegate.testing.E2eTier;
import io.facegate.testing.Postgres;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet on one machine: a real PostgreSQL, a central and a follower (a door) in this JVM, each
 * with real models and its own SQLite replica, talking over HTTP. The steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@E2eTier
@Tag("postgres")
class FleetEndToEndTest {
  private static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  private static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama1.jpg");

  /** How long PostgreSQL stays down in the outage step. */
  private static final int OUTAGE_S = 30;

  @TempDir static Path centralDir;
  @TempDir static Path followerDir;
  static LocalFleet fleet;
  static Postgres postgres;
  static TestServer central;
  static ApiClient atCentral;
  static ApiClient atDoor;

  @BeforeAll
  static void startFleet() {
    fleet = LocalFleet.start(centralDir, followerDir, Map.of());
    postgres = fleet.postgres;
    central = fleet.central;
    atCentral = central.client(Role.ADMIN);
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
  void anEnrollmentAtTheCentralIsRecognizedAtTheDoor() {
    HttpResponse<Buffer> enrolled = atCentral.register("obama", OBAMA);
    assertEquals(201, enrolled.statusCode(), enrolled.bodyAsString());
    long seq = enrolled.bodyAsJsonObject().getLong("gallery_seq");
    assertTrue(seq > 0);
    // Read-your-writes on the same instance, without waiting.
    assertEquals(200, atCentral.get("/users/obama").statusCode());
    assertEquals(200, atDoor.get("/users/obama?min_seq=" + seq).statusCode());
    JsonObject answer = atDoor.identify(OBAMA_PROBE).bodyAsJsonObject();
    assertTrue(answer.getBoolean("match"), answer.encode());
    assertEquals("obama", answer.getString("username"));
  }

  @Test
  @Order(2)
  void theDoorRefusesWritesAndAReadAheadOfItsReplica() {
    HttpResponse<Buffer> register = atDoor.register("someone", OBAMA);
    assertEquals(409, register.statusCode());
    assertEquals("READ_ONLY_REPLICA", register.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> delete = atDoor.delete("/users/obama");
    assertEquals(409, delete.statusCode());
    assertEquals("READ_ONLY_REPLICA", delete.bodyAsJsonObject().getString("error"));
    long start = System.nanoTime();
    HttpResponse<Buffer> ahead = atDoor.get("/users/obama?min_seq=1000000");
    assertEquals(503, ahead.statusCode(), ahead.bodyAsString());
    assertTrue((System.nanoTime() - start) / 1e9 < 5, "a read waits boundedly for min_seq");
    assertEquals(400, atDoor.get("/users/obama?min_seq=soon").statusCode());
  }

  @Test
  @Order(3)
  void theCentralListsTheDoorWithItsCursor() {
    JsonObject replicas = atCentral.get("/admin/replicas").bodyAsJsonObject();
    JsonArray doors = replicas.getJsonArray("replicas");
    assertEquals(1, doors.size(), replicas.encode());
    assertEquals(LocalFleet.DOOR, doors.getJsonObject(0).getString("id"));
    String metrics = atDoor.get("/metrics").bodyAsString();
    assertTrue(
        metrics.contains("facegate_replica_seq")
            && metrics.contains("facegate_replica_lag_seconds"),
        metrics);
    assertEquals(403, central.client(Role.VERIFY).get("/replication/snapshot").statusCode());
    assertEquals(
        404, atDoor.get("/replication/snapshot").statusCode(), "a door has no feed of its own");
  }

  /** Propagation central → door, enrollments and deletions, measured from the central's answer. */
  @Test
  @Order(4)
  void changesReachTheDoorWithinAFractionOfASecond() {
    List<Double> enrollments = new ArrayList<>();
    List<Double> deletions = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (Map.Entry<String, List<Path>> person : TestPhotos.people().entrySet()) {
        String name = "p" + round + "_" + person.getKey();
        // The same faces come back under new names each round: duplicates on purpose.
        assertEquals(
            201,
            TestServer.await(
                    atCentral.registerAsync(
                        name, Map.of("allow_duplicate", "true"), person.getValue().get(0)))
                .statusCode());
        enrollments.add(untilTheDoor(name, status -> status == 200));
        assertEquals(204, atCentral.delete("/users/" + name).statusCode());
        deletions.add(untilTheDoor(name, status -> status == 404));
      }
    }
    double enrolled = report("enrollments", enrollments);
    double deleted = report("deletions", deletions);
    assertTrue(
        enrolled < 2_000 && deleted < 2_000,
        "median propagation " + enrolled + " / " + deleted + " ms");
  }

  /** Prints p50, p99 and max; returns the median. */
  private static double report(String what, List<Double> millis) {
    millis.sort(null);
    double p50 = millis.get(millis.size() / 2);
    double p99 = millis.get((int) Math.ceil(millis.size() * 0.99) - 1);
    System.out.printf(
        "fleet propagation central -> door, %d %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        millis.size(), what, p50, p99, millis.get(millis.size() - 1));
    return p50;
  }

  private static double untilTheDoor(String username, IntPredicate status) {
    long start = System.nanoTime();
    while (!status.test(atDoor.get("/users/" + username).statusCode())) {
      assertTrue(
          System.nanoTime() - start < 30_000_000_000L,
          username + " did not reach the door within 30 s");
    }
    return (System.nanoTime() - start) / 1e6;
  }

  /**
   * PostgreSQL killed (SIGKILL to the postmaster and its backends) for {@link #OUTAGE_S}: the door
   * gives the same decisions throughout, the central refuses writes quickly from start to end.
   */
  @Test
  @Order(5)
  void withPostgresDownTheCentralRefusesWritesQuicklyTheDoorStillVerifiesAndAllRecovers() {
    List<Path> probes = List.of(OBAMA_PROBE, TestPhotos.path("people/angelina_jolie/1.jpg"));
    List<String> before = probes.stream().map(FleetEndToEndTest::decisionAtTheDoor).toList();
    assertEquals(List.of("obama", "no match"), before);
    postgres.kill();
    try {
      long start = System.nanoTime();
      refusedQuickly();
      assertEquals(503, atCentral.delete("/users/obama").statusCode());
      int rounds = 0;
      while (System.nanoTime() - start < OUTAGE_S * 1_000_000_000L) {
        for (int i = 0; i < probes.size(); i++) {
          assertEquals(
              before.get(i),
              decisionAtTheDoor(probes.get(i)),
              probes.get(i) + " after " + (System.nanoTime() - start) / 1e9 + " s of outage");
        }
        rounds++;
      }
      System.out.printf(
          "fleet outage: the door gave the same %d decisions %d times over %d s%n",
          probes.size(), rounds, OUTAGE_S);
      refusedQuickly();
      assertTrue(
          atCentral.identify(OBAMA_PROBE).bodyAsJsonObject().getBoolean("match"),
          "the central reads on");
    } finally {
      postgres.startServer();
    }
    HttpResponse<Buffer> after =
        atCentral.register("after", TestPhotos.path("people/biden/biden.jpg"));
    assertEquals(201, after.statusCode(), after.bodyAsString());
    long seq = after.bodyAsJsonObject().getLong("gallery_seq");
    HttpResponse<Buffer> atTheDoor = atDoor.get("/users/after?min_seq=" + seq);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (atTheDoor.statusCode() != 200
        && System.nanoTime() < deadline) { // the door may be in its backoff
      atTheDoor = atDoor.get("/users/after?min_seq=" + seq);
    }
    assertEquals(200, atTheDoor.statusCode(), atTheDoor.bodyAsString());
  }

  /** A write at the central while PostgreSQL is down: 503 CENTRAL_UNAVAILABLE within seconds. */
  private static void refusedQuickly() {
    long start = System.nanoTime();
    HttpResponse<Buffer> refused =
        atCentral.register("during", TestPhotos.path("people/biden/biden.jpg"));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(503, refused.statusCode(), refused.bodyAsString());
    assertEquals("CENTRAL_UNAVAILABLE", refused.bodyAsJsonObject().getString("error"));
    assertTrue(seconds < 10, "the refusal took " + seconds + " s");
    System.out.printf("fleet outage: register refused after %.2f s%n", seconds);
  }

  /** The door's 1:N decision for a photo: the username it names, or "no match". */
  private static String decisionAtTheDoor(Path probe) {
    HttpResponse<Buffer> answer = atDoor.identify(probe);
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    JsonObject body = answer.bodyAsJsonObject();
    return body.getBoolean("match") ? body.getString("username") : "no match";
  }

  @Test
  @Order(6)
  void aDeletionAtTheCentralLeavesTheDoorsMemoryAndDisk() throws IOException {
    byte[] template = vectorOf("obama");
    HttpResponse<Buffer> deleted = atCentral.delete("/users/obama");
    assertEquals(204, deleted.statusCode());
    String seq = deleted.getHeader("X-Gallery-Seq");
    assertNotNull(seq);
    assertEquals(404, atDoor.get("/users/obama?min_seq=" + seq).statusCode());
    JsonObject answer = atDoor.identify(OBAMA_PROBE).bodyAsJsonObject();
    assertFalse(answer.getBoolean("match"), answer.encode());
    JsonObject erasure = atCentral.get("/admin/erasures/obama").bodyAsJsonObject();
    assertEquals(Long.parseLong(seq), erasure.getLong("seq"));
    // The door acknowledges a cursor with its next poll.
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (erasure.getJsonArray("applied").isEmpty() && System.nanoTime() < deadline) {
      erasure = atCentral.get("/admin/erasures/obama").bodyAsJsonObject();
    }
    assertEquals(
        LocalFleet.DOOR,
        erasure.getJsonArray("applied").getJsonObject(0).getString("id"),
        erasure.encode());
    // The door acknowledges an erasure only once its bytes are off the disk, while it still runs.
    assertFalse(
        occurs(followerDir, template),
        "the acknowledged deleted template's bytes are still in the door's SQLite files");
    fleet.stopDoor();
    assertFalse(
        occurs(followerDir, template),
        "the deleted template's bytes are in the door's SQLite files after it stopped");
  }

  /** The stored bytes of the person's (only) embedding, from the central's snapshot. */
  private static byte[] vectorOf(String username) {
    JsonArray embeddings =
        atCentral.get("/replication/snapshot").bodyAsJsonObject().getJsonArray("embeddings");
    for (Object e : embeddings) {
      JsonObject embedding = (JsonObject) e;
      if (embedding.getString("username").equals(username)) {
        return Base64.getDecoder().decode(embedding.getString("vector"));
      }
    }
    throw new AssertionError(username + " is not in the snapshot");
  }

  private static boolean occurs(Path dir, byte[] template) throws IOException {
    byte[] half =
        Arrays.copyOf(
            template, template.length / 2); // survives a page boundary cutting the other half
    for (String name : List.of(Database.FILE_NAME, Database.FILE_NAME + "-wal")) {
      Path file = dir.resolve(name);
      if (Files.exists(file) && Bytes.indexOf(Files.readAllBytes(file), half) >= 0) {
        return true;
      }
    }
    return false;
  }
}
