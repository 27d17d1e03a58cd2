package io.facegate.app;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.index.FaceIndex;
import io.facegate.index.HnswParams;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.store.StoredEmbedding;
import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot-time rebuild: the index must equal SQLite, and other models' embeddings follow the
 * policy.
 */
@FastTier
class GalleryLoaderTest {
  private static final int DIM = 8;
  private static final String MODEL = "current@1";

  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final Random random = new Random(7);
  private Database db;
  private PeopleStore store;

  @BeforeEach
  void open() {
    db = await(Database.open(vertx, dir));
    store = new PeopleStore(db);
    await(store.enroll("ann", null, List.of(vector(), vector()), MODEL));
    await(store.enroll("bob", null, List.of(vector()), MODEL));
  }

  @AfterEach
  void close() {
    await(db.close());
    await(vertx.close());
  }

  @Test
  void indexHoldsEveryStoredEmbedding() {
    FaceIndex index =
        await(
            GalleryLoader.load(
                vertx, store, MODEL, OnModelMismatch.REFUSE, GalleryLoaderTest::index, null));
    assertEquals(3, index.size());
    assertEquals(2, index.people());
  }

  @Test
  void aMismatchedBuildIsRebuiltOnce() {
    AtomicInteger builds = new AtomicInteger();
    // The first build loses an embedding, as a faulty rebuild would; the second is right.
    Function<List<StoredEmbedding>, List<StoredEmbedding>> flaky =
        all -> builds.incrementAndGet() == 1 ? all.subList(1, all.size()) : all;
    FaceIndex index =
        await(
            GalleryLoader.load(
                vertx,
                store,
                MODEL,
                OnModelMismatch.REFUSE,
                flaky,
                GalleryLoaderTest::index,
                null));
    assertEquals(2, builds.get());
    assertEquals(3, index.size());
  }

  @Test
  void anIndexThatNeverMatchesStopsTheBoot() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                await(
                    GalleryLoader.load(
                        vertx,
                        store,
                        MODEL,
                        OnModelMismatch.REFUSE,
                        all -> all.subList(1, all.size()),
                        GalleryLoaderTest::index,
                        null)));
    assertTrue(e.getMessage().contains("still differs from SQLite"), e.getMessage());
  }

  @Test
  void anotherModelsEmbeddingsRefuseTheBootByDefault() {
    await(store.enroll("old", null, List.of(vector()), "previous@0"));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                await(
                    GalleryLoader.load(
                        vertx,
                        store,
                        MODEL,
                        OnModelMismatch.REFUSE,
                        GalleryLoaderTest::index,
                        null)));
    assertTrue(
        e.getMessage().contains("previous@0")
            && e.getMessage().contains("on_model_mismatch=ignore-old"),
        e.getMessage());
  }

  @Test
  void ignoreOldLeavesAnotherModelsEmbeddingsOutOfTheIndex() {
    await(store.enroll("old", null, List.of(vector()), "previous@0"));
    await(store.enroll("ann", null, List.of(vector()), "previous@0"));
    FaceIndex index =
        await(
            GalleryLoader.load(
                vertx, store, MODEL, OnModelMismatch.IGNORE_OLD, GalleryLoaderTest::index, null));
    assertEquals(3, index.size());
    assertFalse(index.contains("old"));
    assertTrue(index.contains("ann"));
  }

  @Test
  void theSettingIsParsedOrRefused() {
    assertEquals(OnModelMismatch.IGNORE_OLD, OnModelMismatch.parse("ignore-old"));
    assertEquals(OnModelMismatch.REFUSE, OnModelMismatch.parse("refuse"));
    assertThrows(IllegalArgumentException.class, () -> OnModelMismatch.parse("merge"));
  }

  private static FaceIndex index() {
    return new FaceIndex(DIM, new HnswParams(16, 200, 100), 10_000);
  }

  private float[] vector() {
    float[] v = new float[DIM];
    double norm = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < DIM; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
