package io.facegate.store;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.Optional;

/**
 * The outcome of removing one stored embedding of a person. A person's last embedding is never
 * removed on its own: a person without a face would stay listed but could never be verified. {@code
 * seq} is the change sequence after the removal (meaningful for {@link Outcome#REMOVED} only).
 */
public record PhotoRemoval(Outcome outcome, long seq) {
  /**
   * Why the removal must not happen, from a lookup of the person answering (their row id, how many
   * embeddings they have, whether one is the embedding asked for); empty when it may.
   */
  public static Optional<PhotoRemoval> refusal(RowSet<Row> lookup) {
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
