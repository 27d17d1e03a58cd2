package io.facegate.fleet.central;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.fleet.GallerySnapshot;
import io.facegate.fleet.ReplicatedEmbedding;
import io.facegate.fleet.Vectors;
import io.facegate.fleet.follower.ReplicaApplier;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.store.StoredEmbedding;
import io.facegate.testing.E2eTier;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A door's SQLite replica, fed page by page from the central change log, holds exactly the central
 * gallery.
 */
@E2eTier
class FollowerReplicaTest extends CentralFixture {
  @TempDir Path doorDir;

  @Test
  void aFollowerThatAppliesTheLogHoldsTheCentralGallery() {
    Vectors vectors = new Vectors(9);
    await(
        gallery.importPeople(
            IntStream.range(0, 50)
                .mapToObj(
                    i ->
                        new ImportedPerson(
                            "p" + i, null, Vectors.MODEL, List.of(vectors.next(), vectors.next())))
                .toList()));
    IntStream.range(0, 10).forEach(i -> await(gallery.delete("p" + (i * 3))));
    await(gallery.enroll("p1", "Renamed", List.of(vectors.next()), Vectors.MODEL));

    Database door = await(Database.open(vertx, doorDir));
    try {
      ReplicaApplier applier = new ReplicaApplier(door);
      String lineage = await(log.head()).lineage();
      await(catchUp(applier, lineage, 0));
      assertSameGallery(await(log.snapshot()), await(new PeopleStore(door).loadAll()));

      await(gallery.delete("p1"));
      await(gallery.enroll("late", null, List.of(vectors.next()), Vectors.MODEL));
      long cursor = await(applier.cursor()).orElseThrow().seq();
      await(catchUp(applier, lineage, cursor));
      GallerySnapshot central = await(log.snapshot());
      assertSameGallery(central, await(new PeopleStore(door).loadAll()));
      assertEquals(central.seq(), await(applier.cursor()).orElseThrow().seq());
    } finally {
      await(door.close());
    }
  }

  /**
   * Pages of seven changes, each page applied twice, as a follower retrying after a lost answer
   * would.
   */
  private Future<Void> catchUp(ReplicaApplier applier, String lineage, long cursor) {
    return log.changesAfter(lineage, cursor, 7)
        .compose(
            page ->
                applier
                    .apply(page)
                    .compose(applied -> applier.apply(page))
                    .compose(
                        again ->
                            page.changes().isEmpty()
                                ? Future.succeededFuture()
                                : catchUp(applier, lineage, page.through())));
  }

  private static void assertSameGallery(GallerySnapshot central, List<StoredEmbedding> replica) {
    assertEquals(
        central.embeddings().stream().map(ReplicatedEmbedding::id).toList(),
        replica.stream().map(StoredEmbedding::id).toList());
    for (int i = 0; i < replica.size(); i++) {
      assertEquals(central.embeddings().get(i).username(), replica.get(i).username());
      assertArrayEquals(central.embeddings().get(i).vector(), replica.get(i).vector());
    }
  }
}
