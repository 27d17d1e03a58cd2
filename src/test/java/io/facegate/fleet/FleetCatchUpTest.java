package io.facegate.fleet;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.config.PipelineConfig;
import io.facegate.fleet.central.CentralDatabase;
import io.facegate.fleet.central.CentralGallery;
import io.facegate.fleet.central.ChangeLog;
import io.facegate.fleet.central.ImportedPerson;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A door process killed with SIGKILL while it catches up on 10,000 changes: after its restart its
 * index, its SQLite and the central agree.
 */
@E2eTier
@Tag("postgres")
class FleetCatchUpTest {
  private static final int PEOPLE = 10_000;
  private static final Pattern REPLICA_SEQ =
      Pattern.compile("^facegate_replica_seq(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

  @TempDir Path centralDir;
  @TempDir Path work;

  @Test
  void aDoorKilledMidCatchUpConvergesAfterItsRestart() throws InterruptedException {
    Path doorDir = work.resolve("door");
    try (LocalFleet fleet = LocalFleet.centralOnly(centralDir, doorDir)) {
      ApiClient atCentral = fleet.central.client(Role.ADMIN);
      long first = enroll(atCentral, "obama", "people/obama/obama.jpg");
      // The first sync in this JVM (a cheaper start): the door then holds a replica on disk.
      fleet.startDoor(Map.of());
      assertEquals(
          200, fleet.door().client(Role.ADMIN).get("/users/obama?min_seq=" + first).statusCode());
      fleet.stopDoor();

      // While the door is down: 10,000 people in ten transactions, then one more from a photo.
      Vertx vertx = Vertx.vertx();
      long head;
      int central;
      try {
        CentralDatabase db = await(CentralDatabase.open(vertx, fleet.postgres.uri(), null));
        try {
          await(new CentralGallery(db).importPeople(people(modelId(fleet))));
          head = enroll(atCentral, "biden", "people/biden/biden.jpg");
          central = await(new ChangeLog(db).snapshot()).embeddings().size();
        } finally {
          await(db.close());
        }
      } finally {
        await(vertx.close());
      }
      assertEquals(PEOPLE + 2, central);

      long killedAt;
      try (DoorProcess catchingUp =
          DoorProcess.launch(doorDir, fleet.central.port(), LocalFleet.DOOR)) {
        killedAt = killMidway(catchingUp, first, head);
      }
      System.out.printf(
          "fleet: a door catching up from seq %d to %d was killed (SIGKILL) at seq %d%n",
          first, head, killedAt);

      try (DoorProcess restarted = DoorProcess.start(doorDir, fleet.central.port())) {
        ApiClient atDoor = door(fleet, restarted);
        untilReached(atDoor, head);
        JsonObject doorCheck = atDoor.get("/admin/consistency").bodyAsJsonObject();
        assertTrue(doorCheck.getBoolean("consistent"), "door index = door SQLite: " + doorCheck);
        assertEquals(central, doorCheck.getInteger("store_embeddings"), doorCheck.encode());
        JsonObject centralCheck = atCentral.get("/admin/consistency").bodyAsJsonObject();
        assertEquals(central, centralCheck.getInteger("store_embeddings"), centralCheck.encode());
        for (int i = 0; i < PEOPLE; i += PEOPLE / 10) {
          assertEquals(200, atDoor.get("/users/imported" + i).statusCode(), "imported" + i);
        }
        for (String[] probe :
            List.of(
                new String[] {"obama", "people/obama/obama1.jpg"},
                new String[] {"biden", "people/biden/biden2.jpg"})) {
          JsonObject answer = atDoor.identify(TestPhotos.path(probe[1])).bodyAsJsonObject();
          assertEquals(probe[0], answer.getString("username"), answer.encode());
        }
      }
    }
  }

  /**
   * Watches the door's applied seq and kills it with SIGKILL once it is past {@code from} and short
   * of {@code to}; the seq it had reached.
   */
  private static long killMidway(DoorProcess door, long from, long to) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (System.nanoTime() < deadline) {
      OptionalLong seq = appliedSeq(http, door);
      if (seq.isPresent() && seq.getAsLong() > from) {
        assertTrue(
            seq.getAsLong() < to,
            "the door finished its catch-up (seq "
                + seq.getAsLong()
                + ") before it could be killed midway");
        door.kill();
        return seq.getAsLong();
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the door never started its catch-up:\n" + door.logText());
  }

  private static OptionalLong appliedSeq(HttpClient http, DoorProcess door)
      throws InterruptedException {
    try {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + door.port() + "/metrics"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = REPLICA_SEQ.matcher(metrics);
      return m.find()
          ? OptionalLong.of((long) Double.parseDouble(m.group(1)))
          : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty(); // not listening yet
    }
  }

  /** Until the door's replica reaches {@code seq} (each read waits up to 2 s for it). */
  private static void untilReached(ApiClient atDoor, long seq) {
    long deadline = System.nanoTime() + 120_000_000_000L;
    HttpResponse<Buffer> read = atDoor.get("/users/biden?min_seq=" + seq);
    while (read.statusCode() == 503 && System.nanoTime() < deadline) {
      read = atDoor.get("/users/biden?min_seq=" + seq);
    }
    assertEquals(200, read.statusCode(), read.bodyAsString());
  }

  private static List<ImportedPerson> people(String modelId) {
    Vectors vectors = new Vectors(15);
    List<ImportedPerson> people = new ArrayList<>(PEOPLE);
    for (int i = 0; i < PEOPLE; i++) {
      people.add(
          new ImportedPerson(
              "imported" + i,
              null,
              modelId,
              List.of(io.facegate.vision.Vectors.normalize(vectors.next()))));
    }
    return people;
  }

  private static String modelId(LocalFleet fleet) {
    PipelineConfig pipeline = fleet.central.config().pipeline();
    return pipeline.embedder().modelId(pipeline.models());
  }

  private static ApiClient door(LocalFleet fleet, DoorProcess door) {
    return new ApiClient(fleet.central.clientVertx(), door.port(), fleet.central.token(Role.ADMIN));
  }

  private static long enroll(ApiClient atCentral, String username, String photo) {
    HttpResponse<Buffer> enrolled = atCentral.register(username, TestPhotos.path(photo));
    assertEquals(201, enrolled.statusCode(), enrolled.bodyAsString());
    return enrolled.bodyAsJsonObject().getLong("gallery_seq");
  }
}
