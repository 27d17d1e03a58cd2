package io.facegate.fleet;

import static io.facegate.testing.PiecewiseUpload.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.auth.Role;
import io.facegate.testing.E2eTier;
import io.facegate.testing.PiecewiseUpload;
import io.facegate.testing.TestPhotos;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload to a door that must first wait for its replica ({@code min_seq}) keeps every byte that
 * arrives during the wait.
 */
@E2eTier
@Tag("postgres")
class FleetUploadWaitTest {
  @TempDir Path centralDir;
  @TempDir Path doorDir;

  @Test
  void aBodyPartSentWhileTheDoorWaitsForItsReplicaIsRead()
      throws IOException, InterruptedException {
    try (LocalFleet fleet = LocalFleet.start(centralDir, doorDir, Map.of())) {
      HttpResponse<Buffer> first =
          fleet
              .central
              .client(Role.ADMIN)
              .register("obama", TestPhotos.path("people/obama/obama.jpg"));
      long next = first.bodyAsJsonObject().getLong("gallery_seq") + 1;
      String modePart = PiecewiseUpload.field("mode", "id");
      byte[] body = ascii(modePart + PiecewiseUpload.end());
      PiecewiseUpload door =
          new PiecewiseUpload(fleet.door().port(), fleet.door().token(Role.VERIFY));

      // The mode goes out while the door waits for a write it has not seen; the write comes next.
      PiecewiseUpload.Answer answer =
          door.send(
              "/verify?min_seq=" + next,
              body,
              () -> {
                Thread.sleep(300);
                assertEquals(
                    201,
                    fleet
                        .central
                        .client(Role.ADMIN)
                        .register("biden", TestPhotos.path("people/biden/biden.jpg"))
                        .statusCode());
                Thread.sleep(300);
              },
              modePart.length());

      assertEquals(400, answer.status(), answer.toString());
      assertEquals(
          "send exactly one image or images image (got 0)", answer.json().getString("message"));
    }
  }
}
