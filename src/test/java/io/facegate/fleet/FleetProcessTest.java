package io.facegate.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A door as a process of its own, frozen with SIGSTOP while the gallery changes, then resumed. */
@E2eTier
@Tag("postgres")
class FleetProcessTest {
  @TempDir Path centralDir;
  @TempDir Path work;

  @Test
  void aFrozenDoorIsReportedPendingAndConvergesOnceItResumes() throws InterruptedException {
    try (LocalFleet fleet = LocalFleet.centralOnly(centralDir, work.resolve("door"))) {
      ApiClient atCentral = fleet.central.client(Role.ADMIN);
      long first = enroll(atCentral, "obama", "people/obama/obama.jpg");
      try (DoorProcess door = DoorProcess.start(work.resolve("door"), fleet.central.port())) {
        ApiClient atDoor =
            new ApiClient(
                fleet.central.clientVertx(), door.port(), fleet.central.token(Role.ADMIN));
        assertEquals(200, atDoor.get("/users/obama?min_seq=" + first).statusCode());

        door.pause();
        enroll(atCentral, "biden", "people/biden/biden.jpg");
        HttpResponse<Buffer> deleted = atCentral.delete("/users/obama");
        assertEquals(204, deleted.statusCode());
        long erased = Long.parseLong(deleted.getHeader("X-Gallery-Seq"));
        Thread.sleep(1_000);
        JsonObject pending = atCentral.get("/admin/erasures/obama").bodyAsJsonObject();
        assertEquals(
            LocalFleet.DOOR,
            pending.getJsonArray("pending").getJsonObject(0).getString("id"),
            pending.encode());

        door.resume();
        long resumed = System.nanoTime();
        assertEquals(404, atDoor.get("/users/obama?min_seq=" + erased).statusCode());
        assertEquals(200, atDoor.get("/users/biden").statusCode());
        System.out.printf(
            "fleet: a door frozen with SIGSTOP converged %.0f ms after SIGCONT%n",
            (System.nanoTime() - resumed) / 1e6);
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonObject erasure = atCentral.get("/admin/erasures/obama").bodyAsJsonObject();
        while (erasure.getJsonArray("applied").isEmpty() && System.nanoTime() < deadline) {
          erasure = atCentral.get("/admin/erasures/obama").bodyAsJsonObject();
        }
        assertEquals(
            LocalFleet.DOOR,
            erasure.getJsonArray("applied").getJsonObject(0).getString("id"),
            erasure.encode());
      }
    }
  }

  private static long enroll(ApiClient atCentral, String username, String photo) {
    HttpResponse<Buffer> enrolled = atCentral.register(username, TestPhotos.path(photo));
    assertEquals(201, enrolled.statusCode(), enrolled.bodyAsString());
    return enrolled.bodyAsJsonObject().getLong("gallery_seq");
  }
}
