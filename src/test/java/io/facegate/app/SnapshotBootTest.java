package io.facegate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.index.Candidate;
import io.facegate.index.FaceIndex;
import io.facegate.index.HnswParams;
import io.facegate.index.IndexSnapshot;
import io.facegate.index.SyntheticFaces;
import io.facegate.store.BulkEnrollment;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.testing.SlowTier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boot with SQLite and a snapshot: the first boot builds (in the background) and writes one, the
 * second loads it, and after a delete in SQLite the third refuses it (sequence moved), rebuilds,
 * and never returns the deleted person.
 */
@ExtendWith(VertxExtension.class)
@SlowTier
class SnapshotBootTest {
  private static final String MODEL = "mobilefacenet@test";
  private static final int PEOPLE = 600;

  @TempDir Path dir;

  private final SyntheticFaces data = new SyntheticFaces(3);
  private final List<float[]> identities = new ArrayList<>();

  private static FaceIndex empty() {
    return new FaceIndex(SyntheticFaces.DIM, new HnswParams(16, 100, 100), 100);
  }

  @Test
  void bootLoadsAMatchingSnapshotAndRebuildsAfterADelete(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve(IndexSnapshot.FILE_NAME);
    List<String> names = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < PEOPLE; i++) {
      identities.add(data.identity());
      names.add("p" + i);
      vectors.add(data.photoOf(identities.get(i)));
    }
    Database.open(vertx, dir)
        .compose(
            db -> {
              PeopleStore store = new PeopleStore(db);
              return new BulkEnrollment(db)
                  .enroll(names, "synthetic", vectors, MODEL)
                  .compose(v -> boot(vertx, store, file))
                  .compose(
                      first -> {
                        ctx.verify(
                            () -> assertFalse(first.fromSnapshot(), "nothing to load yet: built"));
                        return store
                            .revision()
                            .compose(
                                state ->
                                    Future.fromCompletionStage(
                                            first.writeSnapshot(file, MODEL, state.lineage()))
                                        .map(
                                            written -> {
                                              ctx.verify(
                                                  () ->
                                                      assertEquals(
                                                          Optional.of(state.seq()), written));
                                              first.close();
                                              return state;
                                            }));
                      })
                  .compose(state -> boot(vertx, store, file))
                  .compose(
                      second -> {
                        ctx.verify(
                            () -> {
                              assertTrue(second.fromSnapshot(), "same database state: loaded");
                              assertEquals(
                                  "p5",
                                  second
                                      .identify(data.photoOf(identities.get(5)), 1)
                                      .get(0)
                                      .username());
                            });
                        second.close();
                        return store.delete("p5");
                      })
                  .compose(removed -> boot(vertx, store, file))
                  .compose(
                      third -> {
                        ctx.verify(
                            () -> {
                              assertFalse(
                                  third.fromSnapshot(),
                                  "SQLite changed after the snapshot: rebuilt");
                              assertTrue(third.graphInUse());
                              assertEquals(PEOPLE - 1, third.size());
                              for (int i = 0; i < 10; i++) {
                                List<Candidate> top =
                                    third.identify(data.photoOf(identities.get(5)), 5);
                                assertTrue(
                                    top.stream().noneMatch(c -> c.username().equals("p5")),
                                    top.toString());
                              }
                              assertEquals(
                                  "p6",
                                  third
                                      .identify(data.photoOf(identities.get(6)), 1)
                                      .get(0)
                                      .username());
                            });
                        third.close();
                        return db.close();
                      });
            })
        .onComplete(ctx.succeedingThenComplete());
  }

  /** As the server boots, then waits (on a worker) for a background build to finish. */
  private static Future<FaceIndex> boot(Vertx vertx, PeopleStore store, Path file) {
    return GalleryLoader.load(
            vertx, store, MODEL, OnModelMismatch.REFUSE, SnapshotBootTest::empty, file)
        .compose(
            index ->
                vertx.executeBlocking(
                    () -> {
                      index.awaitBackgroundWork();
                      return index;
                    }));
  }
}
