package io.facegate.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outcome of removing one stored embedding of a person. A person's last embedding is never
 * removed on its own: a person without a face would stay listed but could never be verified. {@code
 * seq} is the change sequence after the removal (meaningful for {@link Outcome#REMOVED} only).
 */
public record PhotoRemoval(Outcome outcome, long seq) {
  /**
   * Removes embedding {@code embeddingId} of {@code username} inside {@code conn}'s transaction,
   * unless a rule refuses it. The SQL is the store's dialect: {@code lookup} answers the person's
   * row id, their embedding count and whether the embedding is theirs (parameters: embedding id,
   * username); {@code delete} removes it by id; {@code seq} reads the change sequence after.
   */
  public static Future<PhotoRemoval> remove(
      SqlConnection conn,
      String lookup,
      String delete,
      String username,
      long embeddingId,
      Function<SqlConnection, Future<Long>> seq) {
    return conn.preparedQuery(lookup)
        .execute(Tuple.of(embeddingId, username))
        .compose(
            rows -> {
              Optional<PhotoRemoval> refused = refusal(rows);
              if (refused.isPresent()) {
                return Future.succeededFuture(refused.get());
              }
              return conn.preparedQuery(delete)
                  .execute(Tuple.of(embeddingId))
                  .compose(deleted -> seq.apply(conn))
                  .map(after -> new PhotoRemoval(Outcome.REMOVED, after));
            });
  }

  private static Optional<PhotoRemoval> refusal(RowSet<Row> lookup) {
    if (lookup.size() == 0) {
      return Optional.of(new PhotoRemoval(Outcome.NO_PERSON, 0));
    }
    Row row = lookup.iterator().next();
    if (row.getLong(2) == 0) {
      return Optional.of(new PhotoRemoval(Outcome.NO_PHOTO, 0));
    }
    if (row.getLong(1) == 1) {
      return Optional.of(new PhotoRemoval(Outcome.LAST_PHOTO, 0));
    }
    return Optional.empty();
  }

  public enum Outcome {
    REMOVED,
    NO_PERSON,
    NO_PHOTO,
    LAST_PHOTO
  }
}
