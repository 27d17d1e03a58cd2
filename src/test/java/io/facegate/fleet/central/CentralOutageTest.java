package io.facegate.fleet.central;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.fleet.Vectors;
import io.facegate.testing.E2eTier;
import java.util.List;
import org.junit.jupiter.api.Test;

@E2eTier
class CentralOutageTest extends CentralFixture {
  @Test
  void writesFailFastWhileTheDatabaseIsDownAndWorkAgainAfterItsRestart() {
    Vectors vectors = new Vectors(5);
    await(gallery.enroll("before", null, List.of(vectors.next()), Vectors.MODEL));
    postgres.kill();
    try {
      long start = System.nanoTime();
      CentralUnavailableException down =
          assertThrows(
              CentralUnavailableException.class,
              () -> await(gallery.enroll("during", null, List.of(vectors.next()), Vectors.MODEL)));
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "central outage: enroll failed after %.2f s: %s%n", seconds, down.getMessage());
      assertTrue(seconds < 10, "took " + seconds + " s to fail");
      assertThrows(CentralUnavailableException.class, () -> await(log.head()));
    } finally {
      postgres.startServer();
    }
    await(gallery.enroll("after", null, List.of(vectors.next()), Vectors.MODEL));
    assertEquals(2, await(log.snapshot()).embeddings().size(), "the crash lost no committed write");
  }
}
