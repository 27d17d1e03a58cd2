package io.facegate.fleet.central;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.fleet.FeedJson;
import io.facegate.fleet.Vectors;
import io.facegate.store.Enrollment;
import io.facegate.testing.E2eTier;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

@E2eTier
class ReplicationFeedTest extends CentralFixture {
  private final Vectors vectors = new Vectors(4);

  @Test
  void aLongPollIsAnsweredByTheNextCommitAndRecordsTheDoorsCursor() throws Exception {
    SeqWatch watch = new SeqWatch(vertx);
    GallerySignal signal = await(GallerySignal.listen(vertx, db.connectOptions(), watch::advance));
    try {
      Replicas replicas = new Replicas(db);
      ReplicationFeed feed = new ReplicationFeed(new LogSource(log, watch), replicas);
      Enrollment first =
          await(gallery.enroll("first", null, List.of(vectors.next()), Vectors.MODEL));
      String lineage = await(log.head()).lineage();

      Future<JsonObject> polling = feed.changes("door-1", lineage, first.seq(), 100, 30);
      Thread.sleep(300);
      assertFalse(polling.isComplete(), "nothing new yet: the poll waits");
      long start = System.nanoTime();
      Enrollment second =
          await(gallery.enroll("second", null, List.of(vectors.next()), Vectors.MODEL));
      JsonObject answer = await(polling);
      System.out.printf(
          "feed long poll: answered %.1f ms after the write started%n",
          (System.nanoTime() - start) / 1e6);

      assertEquals(
          List.of(second.seq()),
          FeedJson.changes(answer).changes().stream().map(c -> c.seq()).toList());
      assertEquals(
          first.seq(),
          await(replicas.list()).get(0).seq(),
          "the door reported what it had applied");
    } finally {
      await(signal.close());
    }
  }

  @Test
  void aLongPollWithNothingNewAnswersEmptyAfterItsWait() {
    Enrollment only = await(gallery.enroll("only", null, List.of(vectors.next()), Vectors.MODEL));
    ReplicationFeed feed =
        new ReplicationFeed(new LogSource(log, new SeqWatch(vertx)), new Replicas(db));
    String lineage = await(log.head()).lineage();
    long start = System.nanoTime();
    JsonObject answer = await(feed.changes("door-2", lineage, only.seq(), 100, 1));
    assertTrue((System.nanoTime() - start) / 1e9 >= 0.95, "it waited");
    assertTrue(answer.getJsonArray("changes").isEmpty());
    assertEquals(only.seq(), answer.getLong("through"));
  }

  @Test
  void badArgumentsAreRefusedBeforeAnyRead() {
    ReplicationFeed feed =
        new ReplicationFeed(new LogSource(log, new SeqWatch(vertx)), new Replicas(db));
    assertThrows(IllegalArgumentException.class, () -> await(feed.changes("d", "L", 0, 0, 0)));
    assertThrows(IllegalArgumentException.class, () -> await(feed.changes("d", "L", -1, 10, 0)));
    assertThrows(IllegalArgumentException.class, () -> await(feed.changes("d", "L", 0, 10, 61)));
    assertThrows(IllegalArgumentException.class, () -> await(feed.changes("d", null, 0, 10, 0)));
  }

  @Test
  void theSnapshotBodyCarriesTheGalleryAndItsPosition() {
    Enrollment e =
        await(gallery.enroll("snap", null, List.of(vectors.next(), vectors.next()), Vectors.MODEL));
    JsonObject body =
        FeedJson.snapshot(
            await(
                new ReplicationFeed(new LogSource(log, new SeqWatch(vertx)), new Replicas(db))
                    .snapshot()));
    assertEquals(e.seq(), body.getLong("seq"));
    assertEquals(2, body.getJsonArray("embeddings").size());
  }
}
