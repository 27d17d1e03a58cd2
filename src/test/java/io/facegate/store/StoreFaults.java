package io.facegate.store;

import io.vertx.core.Future;
import java.util.List;

/**
 * Makes SQLite itself answer "database or disk is full" (SQLITE_FULL), as a full disk would: {@code
 * max_page_count} caps the writer connection's file at its current size, then small enrollments
 * fill the free space left in its pages. A real fault from the real driver, not a mock.
 */
public final class StoreFaults {
  private StoreFaults() {}

  public static Future<Void> fillTheDisk(
      Database db, PeopleStore store, int dimensions, String modelId) {
    return db.inTransaction(
            conn ->
                conn.query("PRAGMA page_count")
                    .execute()
                    .compose(
                        rows ->
                            conn.query(
                                    "PRAGMA max_page_count = " + rows.iterator().next().getLong(0))
                                .execute()))
        .compose(v -> fillFrom(store, 0, new float[dimensions], modelId));
  }

  private static Future<Void> fillFrom(PeopleStore store, int n, float[] vector, String modelId) {
    return store
        .enroll("filler-" + n, null, List.of(vector), modelId)
        .transform(
            done -> {
              if (done.succeeded()) {
                return fillFrom(store, n + 1, vector, modelId);
              }
              return done.cause() instanceof StorageUnavailableException
                  ? Future.succeededFuture()
                  : Future.failedFuture(done.cause());
            });
  }
}
