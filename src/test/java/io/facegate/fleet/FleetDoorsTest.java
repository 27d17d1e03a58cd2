package io.facegate.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One central and three doors, each door a process of its own, as a small site runs them. */
@E2eTier
@Tag("postgres")
class FleetDoorsTest {
  private static final int DOORS = 3;
  private static final int ENROLLMENTS = 20;

  /**
   * A correctness bound, far above what the fleet does on an idle machine: the benchmark gives the
   * real figures.
   */
  private static final double BOUND_MS = 2_000;

  @TempDir Path centralDir;
  @TempDir Path work;

  @Test
  void everyEnrollmentReachesEveryDoorWithinTwoSeconds() {
    try (LocalFleet fleet = LocalFleet.centralOnly(centralDir, work.resolve("unused"))) {
      List<DoorProcess> doors = new ArrayList<>();
      try {
        for (int d = 1; d <= DOORS; d++) {
          doors.add(
              DoorProcess.launch(work.resolve("door-" + d), fleet.central.port(), "door-" + d));
        }
        doors.forEach(DoorProcess::ready);
        List<ApiClient> atDoors =
            doors.stream()
                .map(
                    d ->
                        new ApiClient(
                            fleet.central.clientVertx(), d.port(), fleet.central.token(Role.ADMIN)))
                .toList();
        ApiClient atCentral = fleet.central.client(Role.ADMIN);
        List<Path> photos = TestPhotos.people().values().stream().map(p -> p.get(0)).toList();

        List<Double> everyDoor = new ArrayList<>();
        List<Double> eachDoor = new ArrayList<>();
        for (int i = 0; i < ENROLLMENTS; i++) {
          String username = "person" + i;
          // The same faces return under new names: duplicates on purpose.
          HttpResponse<Buffer> enrolled =
              TestServer.await(
                  atCentral.registerAsync(
                      username, Map.of("allow_duplicate", "true"), photos.get(i % photos.size())));
          assertEquals(201, enrolled.statusCode(), enrolled.bodyAsString());
          long seq = enrolled.bodyAsJsonObject().getLong("gallery_seq");
          List<Double> reached = untilEveryDoor(atDoors, username, seq);
          eachDoor.addAll(reached);
          everyDoor.add(reached.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        }
        double p99 = report("reaches every door", everyDoor);
        report("reaches one door", eachDoor);
        assertTrue(p99 <= BOUND_MS, "p99 " + p99 + " ms over " + ENROLLMENTS + " enrollments");
      } finally {
        doors.forEach(DoorProcess::close);
      }
    }
  }

  /**
   * Asks every door at once for the person as of {@code seq} (each waits for its replica up to 2 s,
   * else 503); the milliseconds from the central's answer to each door's 200.
   */
  private static List<Double> untilEveryDoor(List<ApiClient> doors, String username, long seq) {
    long start = System.nanoTime();
    List<Future<Answer>> answers =
        doors.stream()
            .map(
                door ->
                    door.request(HttpMethod.GET, "/users/" + username + "?min_seq=" + seq)
                        .send()
                        .map(response -> new Answer(response, (System.nanoTime() - start) / 1e6)))
            .toList();
    List<Double> millis = new ArrayList<>();
    for (Future<Answer> answer : answers) {
      Answer a = TestServer.await(answer);
      assertEquals(200, a.response().statusCode(), username + ": " + a.response().bodyAsString());
      millis.add(a.ms());
    }
    return millis;
  }

  private record Answer(HttpResponse<Buffer> response, double ms) {}

  /** Prints p50, p99 and max; returns the p99. */
  private static double report(String what, List<Double> millis) {
    List<Double> sorted = millis.stream().sorted().toList();
    double p50 = sorted.get(sorted.size() / 2);
    double p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    System.out.printf(
        "fleet, 1 central + %d door processes: an enrollment %s (%d samples): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        DOORS, what, sorted.size(), p50, p99, sorted.get(sorted.size() - 1));
    return p99;
  }
}
