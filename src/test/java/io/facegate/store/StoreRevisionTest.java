package io.facegate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change sequence moves in the same transaction as every change to embeddings, one step per
 * row.
 */
@ExtendWith(VertxExtension.class)
@FastTier
class StoreRevisionTest {
  private static final String MODEL = "m@1";

  @TempDir Path dir;

  private static float[] v() {
    return new float[] {1, 0, 0, 0};
  }

  @Test
  void everyEnrollDeleteAndBatchMovesTheSequenceByItsRows(Vertx vertx, VertxTestContext ctx) {
    Database.open(vertx, dir)
        .compose(
            db -> {
              PeopleStore store = new PeopleStore(db);
              return store
                  .revision()
                  .compose(
                      fresh -> {
                        ctx.verify(
                            () -> {
                              assertEquals(0, fresh.seq());
                              assertTrue(fresh.lineage().matches("[0-9a-f]{32}"), fresh.lineage());
                            });
                        return store.enroll("ann", null, List.of(v(), v(), v()), MODEL);
                      })
                  .compose(
                      ann -> {
                        ctx.verify(() -> assertEquals(3, ann.seq()));
                        return store.enroll("bob", null, List.of(v()), MODEL);
                      })
                  .compose(
                      bob -> {
                        ctx.verify(() -> assertEquals(4, bob.seq()));
                        return store.delete(
                            "ann"); // the embeddings go by cascade: the trigger still counts each
                      })
                  .compose(
                      removed -> {
                        ctx.verify(() -> assertEquals(7, removed.orElseThrow().seq()));
                        return new BulkEnrollment(db)
                            .enroll(List.of("c", "d"), "synthetic", List.of(v(), v()), MODEL);
                      })
                  .compose(batch -> store.delete("nobody"))
                  .compose(
                      none -> {
                        ctx.verify(() -> assertEquals(Optional.empty(), none));
                        return store.revision();
                      })
                  .compose(
                      state -> {
                        ctx.verify(() -> assertEquals(9, state.seq()));
                        return db.close().map(state);
                      });
            })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aRestoredDatabaseHasANewLineage(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path live = dir.resolve("live");
    Path backup = dir.resolve("backup.db");
    Database.open(vertx, live)
        .compose(
            db -> {
              PeopleStore store = new PeopleStore(db);
              return store
                  .enroll("ann", null, List.of(v()), MODEL)
                  .compose(e -> store.revision())
                  .compose(
                      before ->
                          vertx.executeBlocking(
                              () -> {
                                Snapshots.backup(live, backup);
                                return before;
                              }))
                  .compose(before -> db.close().map(before));
            })
        .compose(
            before ->
                vertx.executeBlocking(
                    () -> {
                      Snapshots.restore(live, backup);
                      return before;
                    }))
        .compose(
            before ->
                Database.open(vertx, live)
                    .compose(
                        db ->
                            new PeopleStore(db)
                                .revision()
                                .compose(after -> db.close().map(after))
                                .map(
                                    after -> {
                                      ctx.verify(
                                          () -> {
                                            assertEquals(before.seq(), after.seq(), "same rows");
                                            assertNotEquals(
                                                before.lineage(),
                                                after.lineage(),
                                                "another history from here on");
                                          });
                                      return after;
                                    })))
        .onComplete(ctx.succeedingThenComplete());
  }
}
