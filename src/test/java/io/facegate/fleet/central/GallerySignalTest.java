package io.facegate.fleet.central;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.facegate.fleet.Vectors;
import io.facegate.store.Enrollment;
import io.facegate.testing.E2eTier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@E2eTier
class GallerySignalTest extends CentralFixture {
  /** A notification: the seq and when it arrived. */
  private record Rung(long seq, long nanos) {}

  @Test
  void everyCommitRingsWithItsSeqAndThePullThenFindsIt() throws Exception {
    BlockingQueue<Rung> rungs = new LinkedBlockingQueue<>();
    GallerySignal signal =
        await(
            GallerySignal.listen(
                vertx, db.connectOptions(), seq -> rungs.add(new Rung(seq, System.nanoTime()))));
    Vectors vectors = new Vectors(3);
    String lineage = await(log.head()).lineage();
    List<Double> notified = new ArrayList<>();
    List<Double> pulled = new ArrayList<>();
    long cursor = 0;
    try {
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        Enrollment e = await(gallery.enroll("p" + i, null, List.of(vectors.next()), Vectors.MODEL));
        Rung rung = rungs.poll(10, TimeUnit.SECONDS);
        assertNotNull(rung, "no notification within 10 s of a commit");
        assertEquals(e.seq(), rung.seq());
        var batch = await(log.changesAfter(lineage, cursor, 10));
        long done = System.nanoTime();
        assertEquals(List.of(e.seq()), batch.changes().stream().map(c -> c.seq()).toList());
        cursor = batch.through();
        notified.add((rung.nanos() - start) / 1e6);
        pulled.add((done - start) / 1e6);
      }
    } finally {
      await(signal.close());
    }
    System.out.printf(
        "central NOTIFY: write start -> notified median %.1f ms, -> pulled median %.1f ms%n",
        median(notified), median(pulled));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
