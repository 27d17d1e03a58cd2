package io.facegate.fleet.follower;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.fleet.ChangeBatch;
import io.facegate.fleet.FeedRefusal;
import io.facegate.fleet.GalleryChange;
import io.facegate.fleet.Vectors;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.store.StoreRevision;
import io.facegate.store.StoredEmbedding;
import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@FastTier
class ReplicaApplierTest {
  private static final String LINEAGE = "central-1";

  @TempDir Path dir;

  private final Vectors vectors = new Vectors(11);
  private Vertx vertx;
  private Database db;
  private ReplicaApplier applier;
  private PeopleStore people;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    db = await(Database.open(vertx, dir));
    applier = new ReplicaApplier(db);
    people = new PeopleStore(db);
  }

  @AfterEach
  void close() {
    await(db.close());
    await(vertx.close());
  }

  private GalleryChange insert(long seq, long id, String username) {
    return new GalleryChange(
        seq,
        GalleryChange.Op.INSERT,
        id,
        username,
        "Name " + username,
        Vectors.MODEL,
        vectors.next(),
        Instant.now());
  }

  private static GalleryChange blankedInsert(long seq, long id, String username) {
    return new GalleryChange(
        seq, GalleryChange.Op.INSERT, id, username, null, Vectors.MODEL, null, Instant.now());
  }

  private static GalleryChange delete(long seq, long id, String username) {
    return new GalleryChange(
        seq, GalleryChange.Op.DELETE, id, username, null, Vectors.MODEL, null, Instant.now());
  }

  private static ChangeBatch batch(GalleryChange... changes) {
    return new ChangeBatch(LINEAGE, List.of(changes), changes[changes.length - 1].seq());
  }

  private List<Long> storedIds() {
    return await(people.loadAll()).stream().map(StoredEmbedding::id).toList();
  }

  @Test
  void insertsKeepTheCentralsIdsAndTheCursorMovesWithThem() {
    GalleryChange alice = insert(1, 101, "alice");
    GalleryChange bob = insert(3, 102, "bob");
    AppliedBatch applied = await(applier.apply(batch(alice, bob)));

    List<StoredEmbedding> stored = await(people.loadAll());
    assertEquals(List.of(101L, 102L), stored.stream().map(StoredEmbedding::id).toList());
    assertArrayEquals(alice.vector(), stored.get(0).vector());
    assertEquals("alice", stored.get(0).username());
    assertEquals("Name bob", await(people.find("bob")).orElseThrow().displayName());
    assertEquals(List.of(101L, 102L), applied.added().stream().map(StoredEmbedding::id).toList());
    assertEquals(Optional.of(new StoreRevision(LINEAGE, 3)), await(applier.cursor()));
  }

  @Test
  void applyingABatchTwiceIsApplyingItOnce() {
    ChangeBatch first = batch(insert(1, 101, "alice"), insert(2, 102, "bob"));
    await(applier.apply(first));
    long localSeq = await(people.revision()).seq();

    AppliedBatch again = await(applier.apply(first));
    assertTrue(again.added().isEmpty() && again.removed().isEmpty(), "nothing new the second time");
    assertEquals(localSeq, await(people.revision()).seq(), "no row was touched");

    AppliedBatch overlapping =
        await(applier.apply(batch(first.changes().get(1), insert(3, 103, "carol"))));
    assertEquals(List.of(103L), overlapping.added().stream().map(StoredEmbedding::id).toList());
    assertEquals(List.of(101L, 102L, 103L), storedIds());
    assertEquals(1, await(people.find("bob")).orElseThrow().embeddings());
  }

  @Test
  void aPersonGoesWithTheirLastEmbeddingAndUnknownDeletesDoNothing() {
    await(
        applier.apply(
            batch(insert(1, 101, "alice"), insert(2, 102, "alice"), insert(3, 103, "bob"))));
    await(applier.apply(batch(delete(4, 101, "alice"), delete(5, 999, "nobody"))));
    assertEquals(1, await(people.find("alice")).orElseThrow().embeddings());

    AppliedBatch last = await(applier.apply(batch(delete(6, 102, "alice"))));
    assertEquals(List.of(102L), last.removed());
    assertTrue(await(people.find("alice")).isEmpty());
    assertEquals(List.of(103L), storedIds());
    assertEquals(6, await(applier.cursor()).orElseThrow().seq());
  }

  @Test
  void anEmbeddingAddedAndDeletedInOneBatchNeverReachesTheIndex() {
    AppliedBatch applied =
        await(
            applier.apply(
                batch(
                    insert(1, 101, "alice"),
                    blankedInsert(2, 102, "carol"),
                    delete(3, 101, "alice"),
                    delete(4, 102, "carol"))));
    assertTrue(applied.added().isEmpty());
    assertEquals(List.of(101L, 102L), applied.removed());
    assertTrue(storedIds().isEmpty());
    assertTrue(await(people.find("alice")).isEmpty());
  }

  @Test
  void aFailingBatchChangesNeitherRowsNorCursor() {
    await(applier.apply(batch(insert(1, 101, "alice"))));
    GalleryChange broken =
        new GalleryChange(
            3,
            GalleryChange.Op.INSERT,
            103,
            null,
            null,
            Vectors.MODEL,
            vectors.next(),
            Instant.now());
    assertThrows(Throwable.class, () -> await(applier.apply(batch(insert(2, 102, "bob"), broken))));

    assertEquals(List.of(101L), storedIds(), "bob's row went with the failed batch");
    assertEquals(1, await(applier.cursor()).orElseThrow().seq());
  }

  @Test
  void aBatchOfAnotherLineageIsRefused() {
    await(applier.apply(batch(insert(1, 101, "alice"))));
    ChangeBatch restored = new ChangeBatch("central-2", List.of(insert(2, 102, "bob")), 2);
    FeedRefusal refusal = assertThrows(FeedRefusal.class, () -> await(applier.apply(restored)));
    assertEquals(FeedRefusal.Reason.OTHER_LINEAGE, refusal.reason());
    assertEquals(List.of(101L), storedIds());
  }
}
